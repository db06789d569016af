import { Hono } from "hono";
import { and, count, eq, inArray, isNotNull, or } from "ponder";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { keyset, page } from "../api/page";
import { accountParam, cursorParam, enumParam, limitParam, messageIdParam, param } from "../api/params";
import type { DomainApi } from "../domain";
import { addMessagePart } from "../messaging/queries";
import { loadChains, resolveChain } from "../network/chains";
import { series, top } from "./analytics";
import { liquidity } from "./liquidityRoutes";
import { presentTransfer } from "./present";

const { transfer, message } = schema;

const STATUSES = ["pending", "buffered", "released", "delivered", "expired", "unlocked", "reissued"] as const;

/** The transfers a message carries: from their origin, or (a MetaERC20 relay) on from the hub. */
const carriedBy = (messageId: Hex | typeof message.id) => or(eq(transfer.messageId, messageId), eq(transfer.relayMessageId, messageId));

/** A transfer by its own id or by the id of a message that carries it. */
const byIdOrMessage = (id: Hex) => or(eq(transfer.id, id), carriedBy(id));

const transfers = new Hono()
  .get("/:id", async (c) => {
    const id = messageIdParam(c.req.param("id"));
    const [row] = await db.select().from(transfer).where(byIdOrMessage(id));
    if (!row) throw notFound(`no transfer with id or message id ${id}`);
    return c.json(presentTransfer(row, await loadChains()));
  })
  .get("/", async (c) => {
    const q = c.req.query();
    const chains = await loadChains();
    const limit = limitParam(q.limit);
    const { where: after, orderBy } = keyset(transfer.dispatchTimestamp, transfer.id, cursorParam(q.cursor));
    const where = [isNotNull(transfer.dispatchTimestamp), after];
    if (q.status !== undefined) where.push(eq(transfer.status, enumParam("status", STATUSES, q.status)));
    if (q.route !== undefined) where.push(eq(transfer.route, param("route", z.string().min(1).max(100), "a route id", q.route)));
    if (q.asset !== undefined) where.push(eq(transfer.symbol, param("asset", z.string().min(1).max(40), "an asset symbol", q.asset)));
    if (q.origin !== undefined) where.push(eq(transfer.originChainId, resolveChain("origin", q.origin, chains).chainId));
    if (q.destination !== undefined) {
      where.push(eq(transfer.destinationChainId, resolveChain("destination", q.destination, chains).chainId));
    }
    if (q.sender !== undefined) where.push(eq(transfer.sender, accountParam("sender", q.sender)));
    if (q.recipient !== undefined) where.push(eq(transfer.recipient, accountParam("recipient", q.recipient)));
    const rows = await db
      .select()
      .from(transfer)
      .where(and(...where))
      .orderBy(...orderBy)
      .limit(limit + 1);
    const { items, nextCursor } = page(rows, limit, (t) => ({ timestamp: t.dispatchTimestamp!, id: t.id }));
    return c.json({ items: items.map((t) => presentTransfer(t, chains)), nextCursor });
  });

const analytics = new Hono()
  .get("/transfers", async (c) => c.json(await series(c.req.query())))
  .get("/top-routes", async (c) => c.json(await top("route", c.req.query())))
  .get("/top-assets", async (c) => c.json(await top("asset", c.req.query())));

addMessagePart({
  name: "transfer",
  columns: { id: transfer.id, kind: transfer.kind, route: transfer.route, symbol: transfer.symbol, status: transfer.status },
  join: (query) => query.leftJoin(transfer, carriedBy(message.id)),
  present: (t: { id: Hex | null } | null) => (t?.id ? t : null),
});

const tally = async (column: typeof transfer.sender | typeof transfer.recipient, address: Hex) =>
  (await db.select({ n: count() }).from(transfer).where(eq(column, address)))[0]!.n;

/** Warp and MetaERC20 transfers, liquidity and transfer analytics; what transfers say of an id, a transaction, an account. */
export const api: DomainApi = {
  routes: { "/transfers": transfers, "/liquidity": liquidity, "/analytics": analytics },
  stream: [
    {
      kind: "transfer",
      tables: [{ table: "transfer", key: "id" }],
      async present(ids) {
        const [rows, chains] = await Promise.all([db.select().from(transfer).where(inArray(transfer.id, ids as Hex[])), loadChains()]);
        return new Map(rows.map((t) => [t.id, presentTransfer(t, chains)]));
      },
      statuses: STATUSES,
      fields: (t: ReturnType<typeof presentTransfer>) => ({ id: t.id, status: t.status, origin: t.origin.chainId, destination: t.destination.chainId, sender: t.sender, recipient: t.recipient }),
    },
  ],
  async searchId(id) {
    const rows = await db
      .select({ id: transfer.id, kind: transfer.kind, route: transfer.route, status: transfer.status })
      .from(transfer)
      .where(byIdOrMessage(id));
    return rows.map((t) => ({ type: "transfer", ...t, href: `/api/transfers/${t.id}` }));
  },
  async searchAccount(address) {
    const [sent, received] = await Promise.all([tally(transfer.sender, address), tally(transfer.recipient, address)]);
    return {
      total: sent + received,
      facts: { transfers: { sent, received } },
      href: { transfersSent: `/api/transfers?sender=${address}`, transfersReceived: `/api/transfers?recipient=${address}` },
    };
  },
  async tx(hash) {
    const [rows, chains] = await Promise.all([
      db.select().from(transfer).where(or(eq(transfer.dispatchTxHash, hash), eq(transfer.deliveryTxHash, hash), eq(transfer.adminTxHash, hash))),
      loadChains(),
    ]);
    return { transfers: rows.map((t) => presentTransfer(t, chains)) };
  },
};
