import { z } from "zod";
import type { Report } from "../domain";
import { address, checkChainName, type ManifestView, name, startBlock } from "../network/chain";

/** An OpenZeppelin Governor with its ERC20Votes token and TimelockController, all on one chain. */
export const governorSchema = z.strictObject({
  /** e.g. "ERA" */
  name: z.string().min(1),
  chain: name,
  governor: address,
  token: address,
  timelock: address,
  /** GovernorVotesQuorumFraction: quorum(t) = getPastTotalSupply(t) × numerator / denominator */
  quorumNumerator: z.number().int().min(0),
  quorumDenominator: z.number().int().min(1).default(100),
  startBlock,
});

/** A Hyperlane InterchainAccountRouter: governance's calls to other chains leave and land through it. */
export const interchainAccountRouterSchema = z.strictObject({ chain: name, address, startBlock });

export const governanceFields = {
  governors: z.array(governorSchema).default([]),
  interchainAccountRouters: z.array(interchainAccountRouterSchema).default([]),
};

export type GovernanceManifest = ManifestView<{}, typeof governanceFields>;
export type Governor = z.infer<typeof governorSchema>;

export function checkGovernance(manifest: GovernanceManifest, report: Report) {
  manifest.governors.forEach((g, i) => checkChainName(manifest, g.chain, ["governors", i, "chain"], report));
  manifest.interchainAccountRouters.forEach((r, i) => checkChainName(manifest, r.chain, ["interchainAccountRouters", i, "chain"], report));
}
