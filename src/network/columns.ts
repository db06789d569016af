import { hex, numeric } from "ponder";

/**
 * Chain ids and Hyperlane domain ids. EVM chain ids and uint32 domains run past 2^31, which
 * GraphQL's Int cannot carry (Ponder serves int8 columns as Int): as numeric they are exact,
 * read as numbers, and served in GraphQL as numbers too.
 */
export const chainNumber = () => numeric({ mode: "number" });

/**
 * A same-transaction scratch table's key (src/store.ts): one row per chain, naming the
 * transaction it was written in, so the table holds a row per chain, not one per transaction.
 */
export const scratchKey = () => ({ chainId: chainNumber().primaryKey(), txHash: hex().notNull() });
