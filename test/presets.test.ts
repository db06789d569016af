import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseManifest } from "../src/network/manifest";
import { PresetError, presetManifest, registryPackage } from "../src/network/presets";

/** The registry's own files, read here independently of the preset builder. */
const root = dirname(dirname(createRequire(import.meta.url).resolve("@hyperlane-xyz/registry/chains/schema.json")));
const file = (...path: string[]) => JSON.parse(readFileSync(join(root, ...path), "utf8"));

describe("presets from @hyperlane-xyz/registry", () => {
  const manifest = parseManifest(presetManifest({ chains: ["rarichain"], warpRoutes: ["PEPE/apechain-arbitrum"] }, registryPackage()));

  it("takes chain and domain ids, stack, RPC URLs, core addresses and start blocks from the registry", () => {
    const rari = manifest.chains.find((c) => c.name === "rarichain")!;
    const metadata = file("chains", "rarichain", "metadata.json");
    const addresses = file("chains", "rarichain", "addresses.json");
    expect(rari).toMatchObject({ chainId: metadata.chainId, domainId: metadata.domainId, stack: "orbit", settlesOn: "arbitrum" });
    expect(rari.chainId).not.toBe(rari.domainId);
    expect(rari.rpc).toEqual(metadata.rpcUrls.map((u: { http: string }) => u.http));
    expect(rari.deployments[0]).toMatchObject({
      mailbox: addresses.mailbox.toLowerCase(),
      interchainGasPaymaster: addresses.interchainGasPaymaster.toLowerCase(),
      merkleTreeHook: addresses.merkleTreeHook.toLowerCase(),
      startBlock: metadata.index.from,
    });
  });

  it("adds the settlement layer and every chain of a requested warp route", () => {
    expect(manifest.chains.map((c) => c.name).sort()).toEqual(["apechain", "arbitrum", "ethereum", "rarichain"]);
    expect(manifest.chains.find((c) => c.name === "ethereum")!.stack).toBe("settlement");
  });

  it("gives each Caldera rollup its real parent (L2BEAT), adding the parent and its own parent to the manifest", () => {
    const settles = (chains: string[]) =>
      Object.fromEntries(parseManifest(presetManifest({ chains }, registryPackage())).chains.map((c) => [c.name, c.settlesOn ?? null]));
    expect(settles(["apechain"])).toEqual({ ethereum: null, arbitrum: "ethereum", apechain: "arbitrum" });
    expect(settles(["rarichain"])).toEqual({ ethereum: null, arbitrum: "ethereum", rarichain: "arbitrum" });
    expect(settles(["b3"])).toEqual({ ethereum: null, base: "ethereum", b3: "base" });
    expect(settles(["mantapacific"])).toEqual({ ethereum: null, mantapacific: "ethereum" });
    // Every chain comes after its parent.
    const order = parseManifest(presetManifest({ chains: ["b3", "apechain"] }, registryPackage())).chains.map((c) => c.name);
    expect(order).toEqual(["ethereum", "base", "b3", "arbitrum", "apechain"]);
  });

  it("lists the warp route's routers with their kinds, tokens and decimals", () => {
    const config = file("deployments", "warp_routes", "PEPE", "apechain-arbitrum-config.json");
    const [route] = manifest.warpRoutes;
    expect(route).toMatchObject({ id: "PEPE/apechain-arbitrum", symbol: "PEPE", decimals: 18 });
    expect(route!.routers.map((r) => [r.chain, r.address, r.kind, r.token])).toEqual(
      config.tokens.map((t: any) => [
        t.chainName,
        t.addressOrDenom.toLowerCase(),
        t.standard === "EvmHypCollateral" ? "collateral" : "synthetic",
        t.collateralAddressOrDenom?.toLowerCase(),
      ]),
    );
  });

  it("names what it cannot find", () => {
    expect(() => presetManifest({ chains: ["atlantis"] }, registryPackage())).toThrow(PresetError);
    expect(() => presetManifest({ chains: ["atlantis"] }, registryPackage())).toThrow('chain "atlantis" is not in @hyperlane-xyz/registry');
    expect(() => presetManifest({ chains: [], warpRoutes: ["../../etc"] }, registryPackage())).toThrow(/warp route "\.\.\/\.\.\/etc" is not in/);
  });
});
