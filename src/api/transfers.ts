import { Hono } from "hono";
import { and, desc, eq, isNotNull, lt, or } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { formatUnits, type Hex } from "viem";
import { notFound } from "./errors";
import { type ChainRow, chainRef, loadChains, resolveChain } from "./network";
import { accountParam, cursorParam, encodeCursor, enumParam, limitParam, messageIdParam, param } from "./params";
import { z } from "zod";

const { transfer } = schema;
type TransferRow = typeof transfer.$inferSelect;

const STATUSES = ["pending", "buffered", "released", "delivered", "expired", "unlocked", "reissued"] as const;

/** The transfers a message carries: from their origin, or (a MetaERC20 relay) on from the hub. */
export const carriedBy = (messageId: Hex | typeof schema.message.id) =>
  or(eq(transfer.messageId, messageId), eq(transfer.relayMessageId, messageId));

/** A transfer by its own id or by the id of a message that carries it. */
export const transferByIdOrMessage = (id: Hex) => or(eq(transfer.id, id), carriedBy(id));

export function presentTransfer(t: TransferRow, chains: ChainRow[]) {
  return {
    id: t.id,
    kind: t.kind,
    route: t.route,
    symbol: t.symbol,
    status: t.status,
    origin: chainRef(t.originChainId, chains),
    destination: chainRef(t.destinationChainId, chains),
    sender: t.sender,
    recipient: t.recipient,
    amount:
      t.amountRaw === null
        ? null
        : { raw: t.amountRaw.toString(), decimals: t.decimals, value: formatUnits(t.amountRaw, t.decimals ?? 0) },
    messageId: t.messageId,
    relayMessageId: t.relayMessageId,
    malformed: t.malformed ? { error: t.decodeError } : null,
    dispatch: t.dispatchTxHash === null ? null : { txHash: t.dispatchTxHash, timestamp: t.dispatchTimestamp },
    delivery: t.deliveryTxHash === null ? null : { txHash: t.deliveryTxHash, timestamp: t.deliveryTimestamp },
    relay:
      t.bufferedTimestamp === null
        ? null
        : { bufferedAt: t.bufferedTimestamp, releasedAt: t.releasedTimestamp, expiredAt: t.expiredTimestamp },
    admin: t.adminAction === null ? null : { action: t.adminAction, txHash: t.adminTxHash },
    latencySeconds: t.latencySeconds,
  };
}

export const transfers = new Hono()
  .get("/:id", async (c) => {
    const id = messageIdParam(c.req.param("id"));
    const [row] = await db.select().from(transfer).where(transferByIdOrMessage(id));
    if (!row) throw notFound(`no transfer with id or message id ${id}`);
    return c.json(presentTransfer(row, await loadChains()));
  })
  .get("/", async (c) => {
    const q = c.req.query();
    const chains = await loadChains();
    const limit = limitParam(q.limit);
    const cursor = cursorParam(q.cursor);
    const where = [isNotNull(transfer.dispatchTimestamp)];
    if (q.status !== undefined) where.push(eq(transfer.status, enumParam("status", STATUSES, q.status)));
    if (q.route !== undefined) where.push(eq(transfer.route, param("route", z.string().min(1).max(100), "a route id", q.route)));
    if (q.asset !== undefined) where.push(eq(transfer.symbol, param("asset", z.string().min(1).max(40), "an asset symbol", q.asset)));
    if (q.origin !== undefined) where.push(eq(transfer.originChainId, resolveChain("origin", q.origin, chains).chainId));
    if (q.destination !== undefined) {
      where.push(eq(transfer.destinationChainId, resolveChain("destination", q.destination, chains).chainId));
    }
    if (q.sender !== undefined) where.push(eq(transfer.sender, accountParam("sender", q.sender)));
    if (q.recipient !== undefined) where.push(eq(transfer.recipient, accountParam("recipient", q.recipient)));
    if (cursor) {
      where.push(
        or(
          lt(transfer.dispatchTimestamp, cursor.timestamp),
          and(eq(transfer.dispatchTimestamp, cursor.timestamp), lt(transfer.id, cursor.id)),
        )!,
      );
    }
    const rows = await db
      .select()
      .from(transfer)
      .where(and(...where))
      .orderBy(desc(transfer.dispatchTimestamp), desc(transfer.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return c.json({
      items: page.map((t) => presentTransfer(t, chains)),
      nextCursor: rows.length > limit && last ? encodeCursor({ timestamp: last.dispatchTimestamp!, id: last.id }) : null,
    });
  });
