import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadManifest } from "../src/network/load";
import { InvalidManifestError, knownContracts, parseManifest } from "../src/network/manifest";
import { ordering, ponderBlocks, ponderChains, ponderContracts } from "../src/network/ponder";

const mailbox = "0x00000000000000000000000000000000000000aa";
const valid = {
  chains: [
    { name: "settlement", chainId: 900, domainId: 900, stack: "settlement", rpc: "http://127.0.0.1:8545" },
    {
      name: "rari",
      chainId: 1380012617,
      domainId: 1000012617,
      stack: "orbit",
      settlesOn: "settlement",
      rpc: ["http://127.0.0.1:8546", "http://127.0.0.1:8547"],
      rpcRepeat: 2,
      deployments: [
        { name: "metalayer", mailbox, interchainGasPaymaster: mailbox, startBlock: 7 },
        { name: "hyperlane", mailbox: "0x00000000000000000000000000000000000000BB", startBlock: 3 },
      ],
    },
  ],
};

const problems = (input: unknown) => {
  try {
    parseManifest(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidManifestError);
    return (error as InvalidManifestError).problems;
  }
  throw new Error("expected the manifest to be rejected");
};

describe("network manifest", () => {
  it("accepts a valid manifest and keeps chain id and domain id apart", () => {
    const manifest = parseManifest(valid);
    expect(manifest.chains[1]).toMatchObject({ chainId: 1380012617, domainId: 1000012617, settlesOn: "settlement" });
    expect(manifest.chains[0]!.rpc).toEqual(["http://127.0.0.1:8545"]);
  });

  it("names the path of every bad field, one line each", () => {
    const bad = structuredClone(valid) as any;
    bad.chains[1].rpc = "localhost";
    bad.chains[1].deployments[0].mailbox = "0x12";
    bad.chains[0].stack = "zk";
    delete bad.chains[0].chainId;
    expect(problems(bad)).toEqual([
      'chains[0].chainId: expected number, got nothing',
      'chains[0].stack: expected one of "settlement", "opstack", "orbit", got "zk"',
      'chains[1].rpc: expected a URL, got "localhost"',
      'chains[1].deployments[0].mailbox: expected a 0x-prefixed 20-byte address, got "0x12"',
    ]);
  });

  it("rejects duplicate ids, unknown settlement chains and unexpected fields", () => {
    const bad = structuredClone(valid) as any;
    bad.chains[1].chainId = 900;
    bad.chains[1].settlesOn = "nowhere";
    bad.chains[0].colour = "red";
    expect(problems(bad)).toEqual([
      "chains[0]: unexpected field colour",
      "chains[1].chainId: expected a unique chainId, 900 is also chains[0].chainId",
      'chains[1].settlesOn: expected the name of a chain in the manifest, got "nowhere"',
    ]);
  });

  it("loadManifest names the file when it is missing or not JSON", () => {
    const dir = mkdtempSync(join(tmpdir(), "manifest-"));
    expect(() => loadManifest(join(dir, "none.json"))).toThrow(/none\.json[\s\S]*not found/);
    writeFileSync(join(dir, "bad.json"), "{ chains: ");
    expect(() => loadManifest(join(dir, "bad.json"))).toThrow(/expected JSON/);
  });

  it("becomes Ponder chains and contracts: RPC URLs repeated, addresses per chain, earliest start block", () => {
    const manifest = parseManifest(valid);
    expect(ponderChains(manifest).rari).toEqual({
      id: 1380012617,
      rpc: ["http://127.0.0.1:8546", "http://127.0.0.1:8546", "http://127.0.0.1:8547", "http://127.0.0.1:8547"],
    });
    const contracts = ponderContracts(manifest);
    expect(contracts["messaging/Mailbox"].chain).toEqual({
      rari: { address: [mailbox, "0x00000000000000000000000000000000000000bb"], startBlock: 3 },
    });
    expect(contracts["messaging/InterchainGasPaymaster"].chain).toEqual({ rari: { address: [mailbox], startBlock: 7 } });
    // Every chain gets its row, the one without contracts too, from its earliest start block
    // (an Orbit chain's ArbSys at 0x64 is watched from genesis).
    expect(ponderBlocks(manifest)["network/Chain"].chain).toEqual({
      settlement: { startBlock: 0, interval: 2 ** 52 },
      rari: { startBlock: 0, interval: 2 ** 52 },
    });
  });

  it("the audit trail watches every contract the domains know, once per chain, and the manifest's audited ones", () => {
    const proxy = "0x00000000000000000000000000000000000000dd";
    const manifest = parseManifest({ ...valid, audited: [{ chain: "settlement", address: proxy, role: "proxy", startBlock: 4 }] });
    expect(ponderContracts(manifest)["audit/Admin"]!.chain).toEqual({
      // ArbSys (0x64) and ArbRetryableTx (0x6e) are every Orbit chain's from its genesis: the rollups domain knows them.
      rari: {
        address: [mailbox, "0x00000000000000000000000000000000000000bb", "0x0000000000000000000000000000000000000064", "0x000000000000000000000000000000000000006e"],
        startBlock: 0,
      },
      settlement: { address: [proxy], startBlock: 4 },
    });
    expect(knownContracts(manifest)).toContainEqual({ chain: "settlement", address: proxy, role: "proxy", of: "audited", startBlock: 4 });
    // A contract a factory announces is audited from the same factory event as its own domain watches it.
    const creator = "0x00000000000000000000000000000000000000cc";
    const opcm = "0x00000000000000000000000000000000000000ce";
    const withFactories = ponderContracts(
      parseManifest({
        ...valid,
        rollupCreators: [{ chain: "settlement", address: creator, kind: "orbit", version: "3.2.0", startBlock: 5 }],
        opContractsManagers: [{ chain: "settlement", address: opcm, variant: "2025", startBlock: 6 }],
      }),
    ) as Record<string, { chain: Record<string, { address: unknown }> }>;
    const announcing = Object.keys(withFactories).filter((name) => typeof withFactories[name]!.chain.settlement?.address === "object" && "event" in (withFactories[name]!.chain.settlement!.address as object));
    const audited = announcing.filter((name) => name.startsWith("audit/Admin/"));
    expect(audited.sort()).toEqual(announcing.filter((name) => !name.startsWith("audit/")).map((name) => `audit/Admin/${name}`).sort());
    expect(audited).toEqual(expect.arrayContaining(["audit/Admin/rollups/OrbitBridgeV3", "audit/Admin/rollups/AnnouncedSystemConfig2025"]));
    for (const name of audited) {
      expect(withFactories[name]!.chain.settlement!.address, name).toEqual(withFactories[name.slice("audit/Admin/".length)]!.chain.settlement!.address);
    }
    expect(() => parseManifest({ ...valid, audited: [{ chain: "nowhere", address: proxy, role: "proxy" }] })).toThrow(
      /audited\[0\]\.chain: expected the name of a chain in the manifest, got "nowhere"/,
    );
  });

  it("INDEXER_ORDERING takes multichain or omnichain only", () => {
    expect(ordering({})).toBe("multichain");
    expect(ordering({ INDEXER_ORDERING: "omnichain" })).toBe("omnichain");
    expect(() => ordering({ INDEXER_ORDERING: "random" })).toThrow(/INDEXER_ORDERING: expected one of multichain, omnichain, got "random"/);
  });

  it("names every contract it lists, with its chain and role, for search", () => {
    const router = "0x00000000000000000000000000000000000000cc";
    const manifest = parseManifest({
      ...valid,
      warpRoutes: [
        {
          id: "ERA",
          symbol: "ERA",
          decimals: 18,
          routers: [
            { chain: "settlement", address: router, kind: "collateral", token: mailbox, decimals: 18 },
            { chain: "rari", address: router, kind: "synthetic", decimals: 6 },
          ],
        },
      ],
    });
    expect(knownContracts(manifest)).toEqual([
      { chain: "rari", address: mailbox, startBlock: 7, role: "mailbox", of: "metalayer" },
      { chain: "rari", address: "0x00000000000000000000000000000000000000bb", startBlock: 3, role: "mailbox", of: "hyperlane" },
      { chain: "rari", address: mailbox, startBlock: 7, role: "interchainGasPaymaster", of: "metalayer" },
      { chain: "settlement", address: router, startBlock: 0, role: "warpRouter", of: "ERA", kind: "collateral" },
      { chain: "rari", address: router, startBlock: 0, role: "warpRouter", of: "ERA", kind: "synthetic" },
      { chain: "rari", address: "0x0000000000000000000000000000000000000064", startBlock: 0, role: "arbSys", of: "rari" },
      { chain: "rari", address: "0x000000000000000000000000000000000000006e", startBlock: 0, role: "arbRetryableTx", of: "rari" },
    ]);
  });
});
