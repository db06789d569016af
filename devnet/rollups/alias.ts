/** AddressAliasHelper, as the indexer applies it. */
export { applyL1ToL2Alias, undoL1ToL2Alias } from "../../src/rollups/alias";
