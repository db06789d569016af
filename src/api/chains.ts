import { Hono } from "hono";
import { count, isNotNull, sql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { loadChains } from "./network";

const { message, deployment } = schema;

/**
 * Ponder's `_ponder_checkpoint` holds each chain's latest indexed checkpoint: a fixed-width
 * string of block timestamp (10 digits), chain id (16) and block number (16), then the event.
 */
export function decodeCheckpoint(checkpoint: string) {
  return { timestamp: Number(checkpoint.slice(0, 10)), blockNumber: Number(checkpoint.slice(26, 42)) };
}

export const chains = new Hono().get("/", async (c) => {
  const tally = (end: typeof message.originChainId | typeof message.destinationChainId) =>
    db
      .select({ chainId: end, status: message.status, n: count() })
      .from(message)
      .where(isNotNull(message.timestamp))
      .groupBy(end, message.status);
  const [rows, deployments, checkpoints, outbound, inbound] = await Promise.all([
    loadChains(),
    db.select().from(deployment),
    db.execute(sql`SELECT chain_id, latest_checkpoint FROM _ponder_checkpoint`),
    tally(message.originChainId),
    tally(message.destinationChainId),
  ]);
  const progress = new Map(
    (checkpoints.rows as { chain_id: string | number; latest_checkpoint: string }[]).map((r) => [
      Number(r.chain_id),
      decodeCheckpoint(r.latest_checkpoint),
    ]),
  );
  const counts = (rows: Awaited<typeof outbound>, chainId: number) => {
    const of = (status: string) => rows.find((r) => r.chainId === chainId && r.status === status)?.n ?? 0;
    return { total: of("pending") + of("delivered"), delivered: of("delivered"), pending: of("pending") };
  };
  return c.json({
    items: rows.map((chain) => ({
      ...chain,
      settlesOn: rows.find((r) => r.chainId === chain.settlesOn)?.name ?? null,
      deployments: deployments
        .filter((d) => d.chainId === chain.chainId)
        .map(({ chainId: _, ...d }) => d),
      indexed: progress.get(chain.chainId) ?? null,
      /** Messages from this chain and to it, by status. */
      messages: { outbound: counts(outbound, chain.chainId), inbound: counts(inbound, chain.chainId) },
    })),
  });
});
