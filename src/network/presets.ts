import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { presetRollupCreators } from "../rollups/presets";
import type { ManifestInput, Stack } from "./manifest";

/**
 * Manifests built from @hyperlane-xyz/registry: chain metadata (ids, stack, RPC URLs, the block
 * indexing starts from), core addresses, and warp route configs. Pure: the caller reads the
 * registry and passes what it found.
 */

export type RegistryChain = {
  metadata: {
    name: string;
    chainId: number | string;
    domainId: number;
    protocol?: string;
    technicalStack?: string;
    rpcUrls: { http: string }[];
    index?: { from?: number };
  };
  addresses: { mailbox?: string; interchainGasPaymaster?: string; merkleTreeHook?: string };
};

export type RegistryWarpToken = {
  chainName: string;
  standard: string;
  decimals: number;
  symbol: string;
  addressOrDenom: string;
  collateralAddressOrDenom?: string;
  scale?: number | { numerator: number | string; denominator: number | string };
};

export type Registry = {
  chain(name: string): RegistryChain | undefined;
  warpRoute(id: string): { tokens: RegistryWarpToken[] } | undefined;
};

export class PresetError extends Error {
  override name = "PresetError";
}

/** The registry's technical stacks in the manifest's words; the settlement layer has none. */
const STACKS: Record<string, Stack> = { opstack: "opstack", arbitrumnitro: "orbit" };
const KINDS: Record<string, "collateral" | "synthetic" | "native"> = {
  EvmHypCollateral: "collateral",
  EvmHypSynthetic: "synthetic",
  EvmHypNative: "native",
};
/** Where a rollup settles when nothing below says otherwise: the registry does not say. */
export const SETTLEMENT_CHAIN = "ethereum";

/**
 * The parent chains of Caldera's rollups that are not Ethereum's, from each project's page on
 * L2BEAT (the "settles on" / host chain of its stack):
 * - ApeChain, an Orbit L3 on Arbitrum One: https://l2beat.com/scaling/projects/apechain
 * - RARI Chain, an Orbit L3 on Arbitrum One: https://l2beat.com/scaling/projects/rari
 * - B3, an OP Stack L3 on Base: https://l2beat.com/scaling/projects/b3
 * - Manta Pacific settles on Ethereum: https://l2beat.com/scaling/projects/mantapacific
 */
export const PARENTS: Record<string, string> = { apechain: "arbitrum", rarichain: "arbitrum", b3: "base", mantapacific: SETTLEMENT_CHAIN };
const parentOf = (name: string) => PARENTS[name] ?? SETTLEMENT_CHAIN;

/** The decimals of a route's messages: a router's local decimals times its scale. */
function messageDecimals(token: RegistryWarpToken): number {
  const scale = token.scale === undefined ? 1 : typeof token.scale === "number" ? token.scale : Number(token.scale.numerator) / Number(token.scale.denominator);
  return token.decimals + Math.round(Math.log10(scale));
}

export function presetManifest(request: { chains: string[]; warpRoutes?: string[] }, registry: Registry): ManifestInput {
  const routes = (request.warpRoutes ?? []).map((id) => {
    const config = registry.warpRoute(id);
    if (!config) throw new PresetError(`warp route ${JSON.stringify(id)} is not in @hyperlane-xyz/registry (ids look like "ETH/ethereum-rarichain")`);
    const tokens = config.tokens.filter((t) => KINDS[t.standard] !== undefined);
    if (tokens.length < 2) throw new PresetError(`warp route ${id} has fewer than two EVM routers`);
    return { id, tokens };
  });
  const stackOf = (c: RegistryChain) => (c.metadata.name === SETTLEMENT_CHAIN ? "settlement" : (STACKS[c.metadata.technicalStack ?? ""] ?? "settlement"));
  // Each rollup after its parent, which joins the manifest if it was not asked for.
  const chains: RegistryChain[] = [];
  const add = (name: string) => {
    if (chains.some((c) => c.metadata.name === name)) return;
    const chain = registry.chain(name);
    if (!chain) throw new PresetError(`chain ${JSON.stringify(name)} is not in @hyperlane-xyz/registry`);
    if (stackOf(chain) !== "settlement") add(parentOf(name));
    if (!chains.some((c) => c.metadata.name === name)) chains.push(chain);
  };
  for (const name of new Set([...request.chains, ...routes.flatMap((r) => r.tokens.map((t) => t.chainName))])) add(name);
  return {
    chains: chains.map((chain) => {
      const { metadata, addresses } = chain;
      const stack = stackOf(chain);
      return {
        name: metadata.name,
        chainId: Number(metadata.chainId),
        domainId: metadata.domainId,
        stack,
        ...(stack !== "settlement" && { settlesOn: parentOf(metadata.name) }),
        rpc: metadata.rpcUrls.map((u) => u.http),
        deployments: addresses.mailbox
          ? [
              {
                name: "hyperlane",
                mailbox: addresses.mailbox,
                interchainGasPaymaster: addresses.interchainGasPaymaster,
                merkleTreeHook: addresses.merkleTreeHook,
                startBlock: metadata.index?.from ?? 0,
              },
            ]
          : [],
      };
    }),
    // Every Orbit RollupCreator on the chains named (src/rollups/presets.ts cites its source).
    rollupCreators: presetRollupCreators(chains.map((c) => ({ name: c.metadata.name, chainId: Number(c.metadata.chainId) }))),
    warpRoutes: routes.map(({ id, tokens }) => ({
      id,
      symbol: tokens[0]!.symbol,
      decimals: messageDecimals(tokens[0]!),
      routers: tokens.map((t) => ({
        chain: t.chainName,
        address: t.addressOrDenom,
        kind: KINDS[t.standard]!,
        ...(KINDS[t.standard] === "collateral" && { token: t.collateralAddressOrDenom }),
        decimals: t.decimals,
        startBlock: registry.chain(t.chainName)?.metadata.index?.from ?? 0,
      })),
    })),
  };
}

/** The registry as the npm package ships it: JSON files per chain and per warp route. */
export function registryPackage(): Registry {
  const root = dirname(dirname(createRequire(import.meta.url).resolve("@hyperlane-xyz/registry/chains/schema.json")));
  const readJson = (path: string) => (existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined);
  return {
    chain(name) {
      if (!/^[a-z0-9]+$/.test(name)) return undefined;
      const metadata = readJson(join(root, "chains", name, "metadata.json"));
      return metadata && { metadata, addresses: readJson(join(root, "chains", name, "addresses.json")) ?? {} };
    },
    warpRoute(id) {
      const [symbol, stem, ...rest] = id.split("/");
      if (!symbol || !stem || rest.length > 0 || !/^[\w-]+$/.test(symbol + stem)) return undefined;
      return readJson(join(root, "deployments", "warp_routes", symbol, `${stem}-config.json`));
    },
  };
}
