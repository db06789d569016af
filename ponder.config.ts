import { createConfig } from "ponder";
import { loadManifest } from "./src/network/load";
import { InvalidManifestError } from "./src/network/manifest";
import { ordering, ponderBlocks, ponderChains, ponderContracts } from "./src/network/ponder";

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

/** Every domain's contracts (src/domains.ts), on the chains the manifest names. */
export default createConfig({
  ordering: ordering(),
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: process.env.PGLITE_DIR ?? ".ponder/pglite" },
  chains: ponderChains(manifest),
  contracts: ponderContracts(manifest),
  blocks: ponderBlocks(manifest),
});
