import { ERC20Abi } from "../../abis/ERC20";
import { MetaERC20Abi } from "../../abis/MetaERC20";
import { WarpRouterAbi } from "../../abis/WarpRouter";
import { type Domain, type KnownContract, source } from "../domain";
import { checkTokens, type TokensManifest, tokensFields } from "./manifest";

const warpRouters = (manifest: TokensManifest): KnownContract[] =>
  manifest.warpRoutes.flatMap((route) =>
    route.routers.map(({ chain, address, startBlock, kind }) => ({ chain, address, startBlock, role: "warpRouter", of: route.id, kind })),
  );

const metaEnds = (manifest: TokensManifest): KnownContract[] =>
  manifest.metaTokens.flatMap((token) => [
    { chain: token.hub.chain, address: token.hub.address, startBlock: token.hub.startBlock, role: "metaERC20Hub", of: token.id },
    ...token.spokes.map((s) => ({ chain: s.chain, address: s.address, startBlock: s.startBlock, role: "metaERC20Spoke", of: token.id })),
  ]);

/** Token bridges on Hyperlane: warp routes and MetaERC20, with liquidity per route and chain. */
export const tokens = {
  name: "tokens" as const,
  manifest: { fields: tokensFields, check: checkTokens },
  sources: (manifest) => ({
    WarpRouter: source(WarpRouterAbi, warpRouters(manifest)),
    // A synthetic router is its own ERC-20: its mints and burns are the route's supply.
    SyntheticToken: source(
      ERC20Abi,
      warpRouters(manifest).filter((r) => r.kind === "synthetic"),
      false,
    ),
    MetaERC20: source(MetaERC20Abi, metaEnds(manifest)),
  }),
  api: async () => (await import("./api")).api,
} satisfies Domain<TokensManifest>;
