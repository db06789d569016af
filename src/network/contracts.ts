import type { Address } from "viem";
import type { Manifest } from "./manifest";

/** A contract the manifest names, with what it is to the network. */
export type KnownContract = {
  chain: string;
  address: Address;
  role: "mailbox" | "interchainGasPaymaster" | "merkleTreeHook" | "metalayerRouter" | "warpRouter" | "metaERC20Hub" | "metaERC20Spoke";
  /** The Hyperlane deployment's name, the warp route's id or the MetaERC20 token's id */
  of: string;
  /** A warp router's kind: collateral, synthetic or native */
  kind?: string;
};

/** Every contract the manifest names, for looking up an address a user pastes. */
export function knownContracts(manifest: Manifest): KnownContract[] {
  const deployments = manifest.chains.flatMap((chain) =>
    chain.deployments.flatMap((d) =>
      (["mailbox", "interchainGasPaymaster", "merkleTreeHook", "metalayerRouter"] as const).flatMap((role) =>
        d[role] ? [{ chain: chain.name, address: d[role], role, of: d.name }] : [],
      ),
    ),
  );
  const warp = manifest.warpRoutes.flatMap((route) =>
    route.routers.map((r) => ({ chain: r.chain, address: r.address, role: "warpRouter" as const, of: route.id, kind: r.kind })),
  );
  const meta = manifest.metaTokens.flatMap((token) => [
    { chain: token.hub.chain, address: token.hub.address, role: "metaERC20Hub" as const, of: token.id },
    ...token.spokes.map((s) => ({ chain: s.chain, address: s.address, role: "metaERC20Spoke" as const, of: token.id })),
  ]);
  return [...deployments, ...warp, ...meta];
}
