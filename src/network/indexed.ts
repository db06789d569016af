import { loadManifest } from "./load";
import type { Manifest } from "./manifest";

/** Look-ups over the manifest the handlers need, by chain id, chain name and Hyperlane domain. */
export function lookups(manifest: Manifest) {
  const byId = new Map(manifest.chains.map((c) => [c.chainId, c]));
  const idByName = new Map(manifest.chains.map((c) => [c.name, c.chainId]));
  const idByDomain = new Map(manifest.chains.map((c) => [c.domainId, c.chainId]));
  return {
    manifest,
    chain: (chainId: number) => byId.get(chainId)!,
    chainIdOf: (name: string) => idByName.get(name)!,
    /** null for a domain no chain of the manifest has */
    chainIdOfDomain: (domain: number) => idByDomain.get(domain) ?? null,
    localDomain: (chainId: number) => byId.get(chainId)!.domainId,
  };
}

/** The network being indexed: the manifest in force, read once per indexing process. */
export const indexed = lookups(loadManifest());
