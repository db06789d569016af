import { onchainTable } from "ponder";
import { chainNumber } from "./columns";

/** Every chain of the manifest, written at its first indexed block (network/Chain:block). */
export const chain = onchainTable("chain", (t) => ({
  chainId: chainNumber().primaryKey(),
  name: t.text().notNull(),
  /** The Hyperlane domain id; usually the chain id, not always (RARI Chain). */
  domainId: chainNumber().notNull(),
  stack: t.text({ enum: ["settlement", "opstack", "orbit"] }).notNull(),
  /** The chain id of the chain this rollup settles on. */
  settlesOn: chainNumber(),
}));

