import { InterchainGasPaymasterAbi } from "../../abis/InterchainGasPaymaster";
import { MailboxAbi } from "../../abis/Mailbox";
import { MerkleTreeHookAbi } from "../../abis/MerkleTreeHook";
import { type Domain, type KnownContract, source } from "../domain";
import { checkDeployments, type MessagingManifest, messagingChain } from "./manifest";

type Role = "mailbox" | "interchainGasPaymaster" | "merkleTreeHook" | "metalayerRouter";

/** Every contract of every Hyperlane deployment in one role, in manifest order. */
export const deployed = ({ chains }: MessagingManifest, role: Role): KnownContract[] =>
  chains.flatMap((chain) =>
    chain.deployments.flatMap((d) => (d[role] ? [{ chain: chain.name, address: d[role], startBlock: d.startBlock, role, of: d.name }] : [])),
  );

/** Hyperlane core: Mailboxes, gas payments and Merkle insertions, each message joined across its two chains. */
export const messaging = {
  name: "messaging" as const,
  manifest: { chain: messagingChain, check: checkDeployments },
  sources: (manifest) => ({
    Mailbox: source(MailboxAbi, deployed(manifest, "mailbox")),
    InterchainGasPaymaster: source(InterchainGasPaymasterAbi, deployed(manifest, "interchainGasPaymaster")),
    MerkleTreeHook: source(MerkleTreeHookAbi, deployed(manifest, "merkleTreeHook")),
  }),
  api: async () => (await import("./api")).api,
} satisfies Domain<MessagingManifest>;
