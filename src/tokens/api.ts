import { Hono } from "hono";
import { and, count, eq, inArray, isNotNull, or } from "ponder";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { keyset, page } from "../api/page";
import { account, chain, cursor, limit, messageId, oneOf, text } from "../api/params";
import { route } from "../api/route";
import { bytes32, int, pageOf } from "../api/shapes";
import type { DomainApi } from "../domain";
import { addMessagePart } from "../messaging/queries";
import { loadChains } from "../network/chains";
import { series, seriesQuery, seriesSchema, top, topQuery, topSchema } from "./analytics";
import { liquidity } from "./liquidityRoutes";
import { presentTransfer, TRANSFER_STATUSES, transferSchema } from "./present";

const { transfer, message } = schema;

/** The transfers a message carries: from their origin, or (a MetaERC20 relay) on from the hub. */
const carriedBy = (messageId: Hex | typeof message.id) => or(eq(transfer.messageId, messageId), eq(transfer.relayMessageId, messageId));

/** A transfer by its own id or by the id of a message that carries it. */
const byIdOrMessage = (id: Hex) => or(eq(transfer.id, id), carriedBy(id));

const listQuery = z.object({
  route: text("a route id").optional(),
  asset: text("an asset symbol", 40).optional(),
  status: oneOf(TRANSFER_STATUSES).optional(),
  origin: chain.optional(),
  destination: chain.optional(),
  sender: account.optional(),
  recipient: account.optional(),
  limit: limit(),
  cursor: cursor.optional(),
});

const transfers = new Hono()
  .get(
    "/:id",
    route(
      {
        summary: "A token transfer by its id, or by the id of a message that carries it",
        params: z.object({ id: messageId }),
        response: transferSchema,
        errors: [404],
      },
      async ({ params: { id } }) => {
        const [row] = await db.select().from(transfer).where(byIdOrMessage(id));
        if (!row) throw notFound(`no transfer with id or message id ${id}`);
        return presentTransfer(row, await loadChains());
      },
    ),
  )
  .get(
    "/",
    route({ summary: "Token transfers, newest first", query: listQuery, response: pageOf(transferSchema) }, async ({ query: q }) => {
      const chains = await loadChains();
      const { where: after, orderBy } = keyset(transfer.dispatchTimestamp, transfer.id, q.cursor);
      const where = [isNotNull(transfer.dispatchTimestamp), after];
      if (q.status !== undefined) where.push(eq(transfer.status, q.status));
      if (q.route !== undefined) where.push(eq(transfer.route, q.route));
      if (q.asset !== undefined) where.push(eq(transfer.symbol, q.asset));
      if (q.origin !== undefined) where.push(eq(transfer.originChainId, q.origin.chainId));
      if (q.destination !== undefined) where.push(eq(transfer.destinationChainId, q.destination.chainId));
      if (q.sender !== undefined) where.push(eq(transfer.sender, q.sender));
      if (q.recipient !== undefined) where.push(eq(transfer.recipient, q.recipient));
      const rows = await db
        .select()
        .from(transfer)
        .where(and(...where))
        .orderBy(...orderBy)
        .limit(q.limit + 1);
      const { items, nextCursor } = page(rows, q.limit, (t) => ({ timestamp: t.dispatchTimestamp!, id: t.id }));
      return { items: items.map((t) => presentTransfer(t, chains)), nextCursor };
    }),
  );

const analytics = new Hono()
  .get("/transfers", route({ summary: "A time series of transfers", query: seriesQuery, response: seriesSchema }, ({ query }) => series(query)))
  .get(
    "/top-routes",
    route({ summary: "Routes ranked by volume", query: topQuery, response: topSchema("route") }, ({ query }) => top("route", query)),
  )
  .get(
    "/top-assets",
    route({ summary: "Assets ranked by volume", query: topQuery, response: topSchema("asset") }, ({ query }) => top("asset", query)),
  );

addMessagePart({
  name: "transfer",
  columns: { id: transfer.id, kind: transfer.kind, route: transfer.route, symbol: transfer.symbol, status: transfer.status },
  join: (query) => query.leftJoin(transfer, carriedBy(message.id)),
  present: (t: { id: Hex | null } | null) => (t?.id ? t : null),
  schema: z
    .object({ id: bytes32, kind: z.enum(["warp", "metaerc20"]), route: z.string(), symbol: z.string(), status: z.enum(TRANSFER_STATUSES) })
    .nullable()
    .describe("the warp or MetaERC20 transfer the message carries"),
});

const tally = async (column: typeof transfer.sender | typeof transfer.recipient, address: Hex) =>
  (await db.select({ n: count() }).from(transfer).where(eq(column, address)))[0]!.n;

/** Warp and MetaERC20 transfers, liquidity and transfer analytics; what transfers say of an id, a transaction, an account. */
const sentReceived = z.object({ sent: int, received: int });

export const api: DomainApi = {
  routes: { "/transfers": transfers, "/liquidity": liquidity, "/analytics": analytics },
  stream: [
    {
      kind: "transfer",
      tables: [{ table: "transfer", key: "id" }],
      schema: transferSchema,
      async present(ids) {
        const [rows, chains] = await Promise.all([db.select().from(transfer).where(inArray(transfer.id, ids as Hex[])), loadChains()]);
        return new Map(rows.map((t) => [t.id, presentTransfer(t, chains)]));
      },
      statuses: TRANSFER_STATUSES,
      fields: (t: ReturnType<typeof presentTransfer>) => ({ id: t.id, status: t.status, origin: t.origin.chainId, destination: t.destination.chainId, sender: t.sender, recipient: t.recipient }),
    },
  ],
  shapes: {
    tx: { transfers: z.array(transferSchema) },
    matches: [
      z.object({
        type: z.literal("transfer"),
        id: bytes32,
        kind: z.enum(["warp", "metaerc20"]),
        route: z.string(),
        status: z.enum(TRANSFER_STATUSES),
        href: z.string(),
      }),
    ],
    account: { transfers: sentReceived },
  },
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
