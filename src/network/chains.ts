import schema from "ponder:schema";
import { db, sharedRead } from "../api/db";

export type ChainRow = typeof schema.chain.$inferSelect;

/**
 * The indexed chains: a handful of rows, written once per chain at setup, so every request
 * shares one read for a few seconds instead of querying them again.
 */
export const loadChains = sharedRead(5_000, async (): Promise<ChainRow[]> => await db.select().from(schema.chain).orderBy(schema.chain.chainId));

/** A chain as the API names it: its id and, when it is indexed, its name. */
export const chainRef = (chainId: number | null, chains: ChainRow[]) => ({
  chainId,
  name: chains.find((c) => c.chainId === chainId)?.name ?? null,
});

/**
 * Ponder's `_ponder_checkpoint` holds each chain's latest indexed checkpoint: a fixed-width
 * string of block timestamp (10 digits), chain id (16) and block number (16), then the event.
 */
export function decodeCheckpoint(checkpoint: string) {
  return { timestamp: Number(checkpoint.slice(0, 10)), blockNumber: Number(checkpoint.slice(26, 42)) };
}
