import { createConfig } from "ponder";
import { InterchainGasPaymasterAbi } from "./abis/InterchainGasPaymaster";
import { MailboxAbi } from "./abis/Mailbox";
import { ERC20Abi } from "./abis/ERC20";
import { MerkleTreeHookAbi } from "./abis/MerkleTreeHook";
import { MetaERC20Abi } from "./abis/MetaERC20";
import { WarpRouterAbi } from "./abis/WarpRouter";
import { loadManifest } from "./src/network/load";
import { InvalidManifestError } from "./src/network/manifest";
import { contractChains, metaTokenChains, ordering, ponderChains, warpRouterChains } from "./src/network/ponder";

const manifest = (() => {
  try {
    return loadManifest();
  } catch (error) {
    // One line per problem, no stack trace: the path names what to fix.
    if (!(error instanceof InvalidManifestError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
})();

export default createConfig({
  ordering: ordering(),
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.PGLITE_DIR ?? ".ponder/pglite" },
  chains: ponderChains(manifest),
  contracts: {
    Mailbox: { abi: MailboxAbi, chain: contractChains(manifest, (d) => d.mailbox) },
    InterchainGasPaymaster: {
      abi: InterchainGasPaymasterAbi,
      chain: contractChains(manifest, (d) => d.interchainGasPaymaster),
    },
    MerkleTreeHook: { abi: MerkleTreeHookAbi, chain: contractChains(manifest, (d) => d.merkleTreeHook) },
    WarpRouter: { abi: WarpRouterAbi, chain: warpRouterChains(manifest, () => true) },
    // A synthetic router is its own ERC-20: its mints and burns are the route's supply.
    SyntheticToken: { abi: ERC20Abi, chain: warpRouterChains(manifest, (router) => router.kind === "synthetic") },
    MetaERC20: { abi: MetaERC20Abi, chain: metaTokenChains(manifest) },
  },
});
