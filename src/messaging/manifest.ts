import { z } from "zod";
import type { Report } from "../domain";
import { address, type ManifestView, name, startBlock } from "../network/chain";

/** One Hyperlane deployment on a chain (a chain can carry several: the Metalayer's, public Hyperlane's). */
export const deploymentSchema = z.strictObject({
  name,
  mailbox: address,
  interchainGasPaymaster: address.optional(),
  merkleTreeHook: address.optional(),
  /** The MetalayerRouter in front of this Mailbox: its Dispatch bodies are MetalayerMessages. */
  metalayerRouter: address.optional(),
  startBlock,
});

export const messagingChain = { deployments: z.array(deploymentSchema).default([]) };

export type MessagingManifest = ManifestView<typeof messagingChain>;
export type Deployment = z.infer<typeof deploymentSchema>;

export function checkDeployments({ chains }: MessagingManifest, report: Report) {
  chains.forEach((chain, i) => {
    const names = new Set<string>();
    chain.deployments.forEach((d, j) => {
      if (names.has(d.name)) report(["chains", i, "deployments", j, "name"], `expected a unique deployment name on ${chain.name}`);
      names.add(d.name);
    });
  });
}
