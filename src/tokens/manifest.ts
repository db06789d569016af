import { z } from "zod";
import type { Report } from "../domain";
import { address, checkChainName, decimals, type ManifestView, name, startBlock } from "../network/chain";

/** One router of a Hyperlane warp route: the token bridge's contract on one chain. */
export const warpRouterSchema = z.strictObject({
  chain: name,
  address,
  kind: z.enum(["collateral", "synthetic", "native"]),
  /** The ERC20 a collateral router locks; a synthetic router is its own token, a native one has none. */
  token: address.optional(),
  /** The local token's decimals; the message carries amounts in the route's decimals. */
  decimals,
  startBlock,
});

export const warpRouteSchema = z.strictObject({
  /** e.g. "ERA/settlement-opchain" */
  id: z.string().min(1),
  /** The asset, e.g. "ERA" or "ETH": analytics group routes by it. */
  symbol: z.string().min(1),
  /** The decimals of the amounts in the route's messages. */
  decimals,
  routers: z.array(warpRouterSchema).min(2, "expected a router on at least two chains"),
});

const metaEnd = z.strictObject({ chain: name, address, decimals, startBlock });

/** A MetaERC20 token: a hub (locks the canonical token) and spokes (mint and burn). */
export const metaTokenSchema = z.strictObject({ id: z.string().min(1), symbol: z.string().min(1), hub: metaEnd, spokes: z.array(metaEnd) });

export const tokensFields = {
  warpRoutes: z.array(warpRouteSchema).default([]),
  metaTokens: z.array(metaTokenSchema).default([]),
};

export type TokensManifest = ManifestView<{}, typeof tokensFields>;
export type WarpRoute = z.infer<typeof warpRouteSchema>;
export type WarpRouter = WarpRoute["routers"][number];
export type MetaToken = z.infer<typeof metaTokenSchema>;

export function checkTokens(manifest: TokensManifest, report: Report) {
  manifest.warpRoutes.forEach((route, i) => {
    route.routers.forEach((router, j) => {
      checkChainName(manifest, router.chain, ["warpRoutes", i, "routers", j, "chain"], report);
      if (router.kind === "collateral" && router.token === undefined) {
        report(["warpRoutes", i, "routers", j, "token"], "expected the ERC20 a collateral router locks");
      }
    });
  });
  manifest.metaTokens.forEach((token, i) => {
    checkChainName(manifest, token.hub.chain, ["metaTokens", i, "hub", "chain"], report);
    token.spokes.forEach((spoke, j) => checkChainName(manifest, spoke.chain, ["metaTokens", i, "spokes", j, "chain"], report));
  });
}
