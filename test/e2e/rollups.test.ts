import { writeFileSync } from "node:fs";
import { getAddress, type Hex, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { L2ToL1MessagePasserAbi } from "../../abis/L2ToL1MessagePasser";
import { OPContractsManagerAbi } from "../../abis/OPContractsManager";
import { OptimismPortalAbi } from "../../abis/OptimismPortal";
import { RollupAbi } from "../../abis/RollupCreator";
import { SystemConfigAbi } from "../../abis/SystemConfig";
import { DEPLOYER } from "../../devnet/accounts";
import type { Indexer } from "../../devnet/indexer";
import { chainNamed, defaultChains, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { mulberry32 } from "../../devnet/random";
import { bedrockArtifact } from "../../devnet/rollups/artifacts";
import { call } from "../../devnet/rollups/call";
import { deployRollups, l3ChainSpec, type OpStackRollupDeployment, type RollupsDeployment } from "../../devnet/rollups/deploy";
import { rollupsManifestOf } from "../../devnet/rollups/manifest";
import { type BridgeRelayer, startBridgeRelayer } from "../../devnet/rollups/relay";
import { rollupTrafficSteps } from "../../devnet/rollups/traffic";
import { readSystemConfig } from "../../devnet/rollups/truth";
import { decodeRollupCreated } from "../../src/rollups/rollupCreated";
import { DATABASE_URL, dropSchema, dumpTables, freshSchema, getJson, heads, indexUpTo, keepMining, tempDir } from "./harness";

/**
 * The rollups domain on the local network with an L3: the registry against the creation
 * receipts, each OP chain's configuration against its SystemConfig's views and logs, on PGlite
 * and PostgreSQL, and both orderings giving the same tables.
 */

let network: Network;
let deployment: RollupsDeployment;
let relayer: BridgeRelayer;
let manifestPath: string;
let target: Record<string, bigint>;
const indexers: Indexer[] = [];
const schemas: string[] = [];

const postgresSchema = (label: string) => {
  const schema = freshSchema(label);
  schemas.push(schema);
  return schema;
};

beforeAll(async () => {
  network = await startNetwork({ chains: [...defaultChains, l3ChainSpec], chainIdOffset: freshChainIdOffset() });
  // The running OP chains named by hand (as before OPCM): their SystemConfig is a source of its own.
  deployment = await deployRollups(network, { announceOpChains: false });
  relayer = startBridgeRelayer(network, deployment, { seed: 4 });
  const steps = rollupTrafficSteps(network, deployment);
  const random = mulberry32(9);
  for (let round = 0; round < 3; round++) for (const step of steps) await step(random);
  // Every update type at least once, whatever the traffic drew: the unsafe block signer too.
  for (const op of deployment.rollups) {
    if (op.stack !== "opstack" || !op.chain) continue;
    await call(chainNamed(network, op.parent), DEPLOYER, op.contracts.systemConfig, bedrockArtifact("SystemConfig").abi, "setUnsafeBlockSigner", ["0x00000000000000000000000000000000005a4e57"]);
  }
  await relayer.settle();
  await relayer.stop();
  target = await heads(network);
  await keepMining(network);
  manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify({ ...network.manifest, ...rollupsManifestOf(deployment) }));
}, 240_000);

afterAll(async () => {
  await relayer?.stop();
  await Promise.all(indexers.map((i) => i.stop()));
  await network?.stop();
  for (const schema of schemas) await dropSchema(schema);
});

const lower = (a: string) => a.toLowerCase();

/** What the creation receipts say each rollup is, keyed by `parentChainId:anchor`. */
async function registryFromReceipts() {
  const rows = new Map<string, Record<string, unknown>>();
  for (const r of deployment.rollups) {
    const parent = chainNamed(network, r.parent);
    if (r.stack === "orbit") {
      const receipt = await parent.publicClient.getTransactionReceipt({ hash: r.contracts.creationTx });
      const block = await parent.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      const created = receipt.logs.map((log) => decodeRollupCreated(log)).find((d) => d.ok)!;
      const [initialized] = parseEventLogs({ abi: RollupAbi, eventName: "RollupInitialized", logs: receipt.logs });
      rows.set(`${parent.chainId}:${lower(created.ok ? created.rollup : "")}`, {
        stack: "orbit",
        parentChainId: parent.chainId,
        l2ChainId: Number(initialized!.args.chainId),
        creator: lower(receipt.logs.find((l) => decodeRollupCreated(l).ok)!.address),
        creationTxHash: receipt.transactionHash,
        creationBlock: receipt.blockNumber.toString(),
        creationTimestamp: Number(block.timestamp),
        nativeToken: lower(created.ok ? created.nativeToken : ""),
        chainId: r.chain ? chainNamed(network, r.chain).chainId : null,
      });
    } else if (r.opcm) {
      const receipt = await parent.publicClient.getTransactionReceipt({ hash: r.opcm.tx });
      const block = await parent.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      const [deployed] = parseEventLogs({ abi: OPContractsManagerAbi, eventName: "Deployed", logs: receipt.logs });
      rows.set(`${parent.chainId}:${lower(r.contracts.systemConfig)}`, {
        stack: "opstack",
        parentChainId: parent.chainId,
        l2ChainId: Number(deployed!.args.l2ChainId),
        creator: lower(deployed!.address),
        creationTxHash: receipt.transactionHash,
        creationBlock: receipt.blockNumber.toString(),
        creationTimestamp: Number(block.timestamp),
        variant: r.opcm.variant,
        chainId: r.chain ? chainNamed(network, r.chain).chainId : null,
      });
    } else {
      rows.set(`${parent.chainId}:${lower(r.contracts.systemConfig)}`, {
        stack: "opstack",
        parentChainId: parent.chainId,
        l2ChainId: r.contracts.chainId,
        creator: null,
        variant: "manifest",
        chainId: r.chain ? chainNamed(network, r.chain).chainId : null,
      });
    }
  }
  return rows;
}

const opChains = () => deployment.rollups.filter((r): r is OpStackRollupDeployment => r.stack === "opstack");

const backends = [
  ["PGlite", () => ({ pgliteDir: tempDir("pglite") })],
  ["PostgreSQL", () => ({ databaseUrl: DATABASE_URL, schema: postgresSchema("rollups") })],
] as const;

for (const [backend, database] of backends) {
  describe(`rollups indexed on ${backend}`, () => {
    let url: string;
    beforeAll(async () => {
      const indexer = await indexUpTo({ manifestPath, ...database() }, target);
      indexers.push(indexer);
      url = indexer.url;
    }, 200_000);

    it("lists every rollup as its creation receipt (or the manifest) says, the L3 on its own parent", async () => {
      const expected = await registryFromReceipts();
      const { body } = await getJson(`${url}/api/rollups`);
      expect(body.items.map((r: { id: string }) => r.id).sort()).toEqual([...expected.keys()].sort());
      for (const row of body.items) expect(row).toMatchObject(expected.get(row.id)!);
      expect(expected.size).toBe(deployment.rollups.length);
      const l3 = body.items.find((r: { chainId: number | null }) => r.chainId === chainNamed(network, "l3chain").chainId);
      expect(l3.parentChainId).toBe(chainNamed(network, "orbitchain").chainId);
      expect(new Set(body.items.map((r: { variant: string }) => r.variant))).toEqual(new Set(["v3", "v1.1-2", "2024", "manifest"]));
    });

    it("serves each OP chain, named or announced,'s current configuration as SystemConfig's views, and its history as its ConfigUpdate logs", async () => {
      // Named by hand (SystemConfig in the manifest) and announced (by the 2024 OPCM, through factory()).
      expect(opChains().map((op) => Boolean(op.opcm)).sort()).toEqual([false, true]);
      for (const op of opChains()) {
        const parent = chainNamed(network, op.parent);
        const truth = await readSystemConfig(parent, op.contracts);
        const { status, body } = await getJson(`${url}/api/rollups/${op.contracts.chainId}`);
        expect(status).toBe(200);
        expect(body.config).toMatchObject({
          batcherHash: lower(truth.batcherHash),
          gasLimit: truth.gasLimit.toString(),
          overhead: truth.overhead.toString(),
          scalar: truth.scalar.toString(),
          unsafeBlockSigner: lower(truth.unsafeBlockSigner),
        });
        const raw = await parent.publicClient.getLogs({ address: op.contracts.systemConfig, fromBlock: 0n, toBlock: target[op.parent] });
        // An announced SystemConfig's history starts at its announcement (factory() children's logs do).
        const from = op.opcm ? BigInt(op.opcm.block) + 1n : 0n;
        const logs = parseEventLogs({ abi: SystemConfigAbi, eventName: "ConfigUpdate", logs: raw }).filter((l) => l.blockNumber >= from);
        expect(body.history.map((h: { txHash: Hex; updateType: number; data: Hex }) => [h.txHash, h.updateType, h.data])).toEqual(
          logs.map((l) => [l.transactionHash, Number(l.args.updateType), l.args.data]),
        );
        // The traffic changed every type 0.17.3 emits after initialisation (a running chain's).
        if (op.chain) expect(new Set(body.history.map((h: { type: string }) => h.type))).toEqual(new Set(["batcher", "feeScalars", "gasLimit", "unsafeBlockSigner"]));
        expect(body.config.updates).toBe(logs.length);
      }
    });

    it("serves every OP withdrawal with the stages the rollup's and the portal's logs show", async () => {
      let checked = 0;
      for (const op of opChains().filter((r) => r.chain)) {
        const parent = chainNamed(network, op.parent);
        const l2 = chainNamed(network, op.chain!);
        const passed = parseEventLogs({
          abi: L2ToL1MessagePasserAbi,
          logs: await l2.publicClient.getLogs({ address: "0x4200000000000000000000000000000000000016", fromBlock: 0n, toBlock: target[op.chain!] }),
        });
        const portal = parseEventLogs({
          abi: OptimismPortalAbi,
          logs: await parent.publicClient.getLogs({ address: op.contracts.optimismPortal, fromBlock: 0n, toBlock: target[op.parent] }),
        });
        expect(passed.length).toBeGreaterThan(0);
        for (const p of passed) {
          const hash = p.args.withdrawalHash;
          const proven = portal.find((l) => l.eventName === "WithdrawalProven" && l.args.withdrawalHash === hash);
          const finalized = portal.find((l) => l.eventName === "WithdrawalFinalized" && l.args.withdrawalHash === hash) as
            | { transactionHash: Hex; args: { success: boolean } }
            | undefined;
          const { status, body } = await getJson(`${url}/api/bridge-transfers/${l2.chainId}:${hash}`);
          expect(status).toBe(200);
          expect(body).toMatchObject({
            stack: "opstack",
            direction: "withdrawal",
            status: finalized ? (finalized.args.success ? "finalized" : "failed") : proven ? "proven" : "initiated",
            rollup: `${parent.chainId}:${lower(op.contracts.systemConfig)}`,
            sender: lower(p.args.sender),
            value: p.args.value.toString(),
            initiated: { txHash: p.transactionHash, blockNumber: p.blockNumber.toString() },
            proven: proven ? { txHash: proven.transactionHash } : null,
            finalized: finalized ? { txHash: finalized.transactionHash, success: finalized.args.success } : null,
          });
          checked++;
        }
        const listed = (await getJson(`${url}/api/bridge-transfers?rollup=${l2.chainId}&direction=withdrawal&limit=200`)).body.items;
        expect(listed.length).toBe(passed.length);
      }
      expect(checked).toBeGreaterThan(0);
    });

    it("shows each chain's rollup in /api/chains", async () => {
      const { body } = await getJson(`${url}/api/chains`);
      const l3 = body.items.find((c: { name: string }) => c.name === "l3chain");
      expect(l3.rollup).toMatchObject({ stack: "orbit", parentChainId: chainNamed(network, "orbitchain").chainId });
      const settlement = body.items.find((c: { name: string }) => c.name === "settlement");
      expect(settlement.rollup).toBeNull();
      expect(settlement.rollupsSettling).toBe(deployment.rollups.filter((r) => r.parent === "settlement").length);
    });
  });
}

describe("orderings", () => {
  it("multichain and omnichain orderings give identical tables", async () => {
    const [multichain, omnichain] = [postgresSchema("rm"), postgresSchema("ro")];
    for (const [schema, ordering] of [[multichain, "multichain"], [omnichain, "omnichain"]] as const) {
      indexers.push(await indexUpTo({ manifestPath, databaseUrl: DATABASE_URL, schema, ordering }, target));
    }
    const [a, b] = await Promise.all([dumpTables(multichain), dumpTables(omnichain)]);
    expect(a.rollup!.length).toBe(deployment.rollups.length);
    expect(a.config_update!.length).toBeGreaterThan(0);
    expect(a.bridge_transfer!.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  }, 400_000);
});
