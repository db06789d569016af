import { z } from "zod";
import type { Report } from "../domain";
import { address, checkChainName, type ManifestView, name, startBlock } from "../network/chain";

/**
 * The rollups part of the manifest: only what no event announces. Orbit rollups come from their
 * creators' RollupCreated and OPCM-deployed OP chains from Deployed; OP chains deployed contract
 * by contract (before OPCM) and the Arbitrum token bridges are named here.
 */
export const rollupCreatorSchema = z.strictObject({
  chain: name,
  address,
  kind: z.literal("orbit"),
  /** The nitro-contracts release, e.g. "3.2.0" */
  version: z.string().min(1),
  startBlock,
});

export const opContractsManagerSchema = z.strictObject({ chain: name, address, variant: z.enum(["2024", "2025"]), startBlock });

/** An OP Stack chain no OPCM announced. `chain` is the manifest chain that runs it, if indexed. */
export const opChainSchema = z.strictObject({
  parent: name,
  chain: name.optional(),
  l2ChainId: z.number().int().positive(),
  systemConfig: address,
  optimismPortal: address,
  l2OutputOracle: address.optional(),
  l1CrossDomainMessenger: address,
  l1StandardBridge: address,
  startBlock,
});

export const arbitrumTokenBridgeSchema = z.strictObject({
  parent: name,
  chain: name,
  l1GatewayRouter: address,
  l1ERC20Gateway: address,
  l2GatewayRouter: address,
  l2ERC20Gateway: address,
  startBlock,
  rollupStartBlock: startBlock,
});

export const rollupsFields = {
  rollupCreators: z.array(rollupCreatorSchema).default([]),
  opContractsManagers: z.array(opContractsManagerSchema).default([]),
  opChains: z.array(opChainSchema).default([]),
  arbitrumTokenBridges: z.array(arbitrumTokenBridgeSchema).default([]),
};

export type RollupsManifest = ManifestView<{}, typeof rollupsFields>;
export type RollupsManifestInput = z.input<z.ZodObject<typeof rollupsFields>>;
export type OpChain = z.infer<typeof opChainSchema>;

/** Every chain the fragment names is a chain of the manifest. */
export function checkRollups(manifest: RollupsManifest, report: Report) {
  const check = (chain: string | undefined, path: (string | number)[]) => chain !== undefined && checkChainName(manifest, chain, path, report);
  manifest.rollupCreators.forEach((c, i) => check(c.chain, ["rollupCreators", i, "chain"]));
  manifest.opContractsManagers.forEach((o, i) => check(o.chain, ["opContractsManagers", i, "chain"]));
  manifest.opChains.forEach((o, i) => {
    check(o.parent, ["opChains", i, "parent"]);
    check(o.chain, ["opChains", i, "chain"]);
  });
  manifest.arbitrumTokenBridges.forEach((b, i) => {
    check(b.parent, ["arbitrumTokenBridges", i, "parent"]);
    check(b.chain, ["arbitrumTokenBridges", i, "chain"]);
  });
}
