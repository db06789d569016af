import type { Address } from "viem";
import { indexed, type lookups } from "../network/indexed";
import type { MetaToken, WarpRoute, WarpRouter } from "./manifest";

/** The manifest's token bridges, looked up by (chain id, contract address). */
export function tokenRegistry({ manifest, chainIdOf }: ReturnType<typeof lookups>) {
  const key = (id: number, address: string) => `${id}:${address.toLowerCase()}`;
  const warp = new Map<string, { route: WarpRoute; router: WarpRouter; chainId: number }>();
  for (const route of manifest.warpRoutes) {
    for (const router of route.routers) {
      const id = chainIdOf(router.chain);
      warp.set(key(id, router.address), { route, router, chainId: id });
    }
  }
  const meta = new Map<string, { token: MetaToken; kind: "hub" | "spoke"; decimals: number; chainId: number }>();
  for (const token of manifest.metaTokens) {
    for (const [kind, end] of [["hub", token.hub], ...token.spokes.map((s) => ["spoke", s] as const)] as const) {
      const id = chainIdOf(end.chain);
      meta.set(key(id, end.address), { token, kind, decimals: end.decimals, chainId: id });
    }
  }
  return {
    warpRouter: (chain: number, address: Address) => warp.get(key(chain, address)),
    metaEnd: (chain: number, address: Address) => meta.get(key(chain, address)),
  };
}

export const tokens = tokenRegistry(indexed);
