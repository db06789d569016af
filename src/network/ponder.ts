import type { Address } from "viem";
import type { Chain, Deployment, Manifest, WarpRouter } from "./manifest";

/** Manifest → Ponder's `chains`: each RPC URL repeated `rpcRepeat` times (one rate-limit bucket each). */
export function ponderChains(manifest: Manifest) {
  return Object.fromEntries(
    manifest.chains.map((chain) => [
      chain.name,
      {
        id: chain.chainId,
        rpc: chain.rpc.flatMap((url) => Array<string>(chain.rpcRepeat).fill(url)),
        ...(chain.pollingIntervalMs !== undefined && { pollingInterval: chain.pollingIntervalMs }),
      },
    ]),
  );
}

type AddressOf = (deployment: Deployment) => Address | undefined;

type Located = { chain: string; address: Address; startBlock: number };

/** Contracts located by chain name, grouped per chain: their addresses and the earliest start block. */
function byChain(located: Located[]) {
  const chains = new Map<string, Located[]>();
  for (const l of located) chains.set(l.chain, [...(chains.get(l.chain) ?? []), l]);
  return Object.fromEntries(
    [...chains].map(([chain, list]) => [
      chain,
      { address: list.map((l) => l.address), startBlock: Math.min(...list.map((l) => l.startBlock)) },
    ]),
  );
}

/** The per-chain address lists of one contract kind, e.g. every Mailbox on every chain. */
export const contractChains = (manifest: Manifest, addressOf: AddressOf) =>
  byChain(
    manifest.chains.flatMap((chain: Chain) =>
      chain.deployments.flatMap((d) => {
        const address = addressOf(d);
        return address ? [{ chain: chain.name, address, startBlock: d.startBlock }] : [];
      }),
    ),
  );

export const warpRouterChains = (manifest: Manifest, include: (router: WarpRouter) => boolean) =>
  byChain(manifest.warpRoutes.flatMap((route) => route.routers.filter(include)));

export const metaTokenChains = (manifest: Manifest) =>
  byChain(manifest.metaTokens.flatMap((token) => [token.hub, ...token.spokes]));

export const ORDERINGS = ["multichain", "omnichain"] as const;
export type Ordering = (typeof ORDERINGS)[number];

/** `INDEXER_ORDERING`: how Ponder orders events across chains (the joins give the same rows either way). */
export function ordering(env: NodeJS.ProcessEnv = process.env): Ordering {
  const value = env.INDEXER_ORDERING ?? "multichain";
  if (!(ORDERINGS as readonly string[]).includes(value)) {
    throw new Error(`INDEXER_ORDERING: expected one of ${ORDERINGS.join(", ")}, got ${JSON.stringify(value)}`);
  }
  return value as Ordering;
}
