import { factory } from "ponder";
import type { Abi, Address } from "viem";
import type { KnownContract, Source } from "../domain";
import type { domains } from "../domains";
import { domainSources, type Manifest } from "./manifest";

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

type PerChain = Record<string, { address: Address[]; startBlock: number }>;

/** Contracts grouped per chain: their addresses and the earliest start block. */
export function byChain(contracts: Pick<KnownContract, "chain" | "address" | "startBlock">[]): PerChain {
  const chains = new Map<string, (typeof contracts)[number][]>();
  for (const c of contracts) chains.set(c.chain, [...(chains.get(c.chain) ?? []), c]);
  return Object.fromEntries(
    [...chains].map(([chain, list]) => [
      chain,
      { address: list.map((c) => c.address), startBlock: Math.min(...list.map((c) => c.startBlock)) },
    ]),
  );
}

/** A source's contracts announced by its factories' event: each chain's addresses become a Ponder `factory()`. */
function announcedBy(chains: PerChain, { announced }: Source): PerChain {
  if (!announced) return chains;
  const { role: _, ...child } = announced;
  return Object.fromEntries(
    Object.entries(chains).map(([chain, { address, startBlock }]) => [
      chain,
      { address: factory({ address, startBlock, ...child } as never) as never, startBlock },
    ]),
  );
}

type Domains = (typeof domains)[number];
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Named<N extends string, S> = { [K in keyof S & string as `${N}/${K}`]: { abi: S[K] extends Source<infer A extends Abi> ? A : never; chain: PerChain } };
type SourcesOf<D> = (D extends { name: infer N extends string; sources: (m: never) => infer S } ? Named<N, S> : {}) &
  (D extends { name: infer N extends string; watch: (m: never, k: never, a: never) => infer S } ? Named<N, S> : {});

/** Every domain's sources as Ponder contracts, ABIs typed, so that handlers' `event.args` are. */
export function ponderContracts(manifest: Manifest) {
  const contracts = Object.entries(domainSources(manifest)).map(([name, s]) => [name, { abi: s.abi, chain: announcedBy(byChain(s.contracts), s) }]);
  return Object.fromEntries(contracts) as Intersection<SourcesOf<Domains>>;
}

/** Written once, at each chain's first indexed block: the `chain` rows, whatever else a chain has. */
export const CHAIN_SOURCE = "network/Chain";
const ONCE = 2 ** 52;

export function ponderBlocks(manifest: Manifest) {
  const starts = new Map<string, number>();
  for (const s of Object.values(domainSources(manifest))) {
    for (const c of s.contracts) starts.set(c.chain, Math.min(starts.get(c.chain) ?? c.startBlock, c.startBlock));
  }
  return {
    [CHAIN_SOURCE]: {
      chain: Object.fromEntries(manifest.chains.map((c) => [c.name, { startBlock: starts.get(c.name) ?? 0, interval: ONCE }])),
    },
  } as const;
}

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
