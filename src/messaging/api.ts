import { Hono } from "hono";
import { z } from "zod";
import { and, count, eq, inArray, isNotNull } from "ponder";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { db } from "../api/db";
import { invalidParameter, notFound } from "../api/errors";
import { keyset, page } from "../api/page";
import { account, chain, cursor, field, limit, messageId, oneOf } from "../api/params";
import { route } from "../api/route";
import { address, bytes32, int, pageOf } from "../api/shapes";
import type { LeanRoute } from "../api/http-server";
import type { DomainApi } from "../domain";
import { chainRef, loadChains } from "../network/chains";
import { REASONS, ROW_REASONS } from "./diagnosis";
import { fullDiagnosis, reasonConditions, routeContext } from "./facts";
import { matrixQuery, matrixSchema, messageMatrix } from "./matrix";
import { diagnosisSchema, gasPaymentSchema, messageSchema, present, presentGasPayment } from "./present";
import { messageById, messageParts, selectMessages } from "./queries";

const { message, gasPayment, deployment } = schema;

/** A payment for an id that no indexed chain dispatched or delivered: a payment, not a message. */
async function unknownMessage(id: Hex) {
  const payments = await db.select().from(gasPayment).where(eq(gasPayment.messageId, id)).orderBy(gasPayment.chainId, gasPayment.txHash, gasPayment.logIndex);
  const known = payments.length ? `; ${payments.length} gas payment${payments.length > 1 ? "s name" : " names"} it` : "";
  return notFound(`no message with id ${id}${known}`, payments.length ? { gasPayments: payments.map(presentGasPayment) } : undefined);
}

/**
 * `reason`: pending messages whose row tells that reason (ROW_REASONS). The reasons only the
 * chains can tell are refused by name: the full check of one message tells them.
 */
const reason = field(
  z.string().transform((value, ctx) => {
    if ((ROW_REASONS as readonly string[]).includes(value)) return value as (typeof ROW_REASONS)[number];
    const needsChains = (REASONS as readonly string[]).includes(value);
    const expected = `one of ${ROW_REASONS.join(", ")}${needsChains ? ` (${value} needs the chains: GET /api/messages/:id/diagnosis tells it)` : ""}`;
    ctx.addIssue({ code: "custom", message: "not a reason a row tells", params: { expected } });
    return z.NEVER;
  }),
  `one of ${ROW_REASONS.join(", ")}`,
).meta({ enum: [...ROW_REASONS] });

const listQuery = () =>
  z.object({
    status: oneOf(["pending", "delivered"]).optional(),
    reason: reason.optional(),
    origin: chain.optional(),
    destination: chain.optional(),
    sender: account.optional(),
    recipient: account.optional(),
    // The filters the applications add (the Metalayer's appSender, appRecipient).
    ...Object.fromEntries(messageParts.flatMap((p) => Object.entries(p.filters ?? {}).map(([name, f]) => [name, f.field.optional()]))),
    limit: limit(),
    cursor: cursor.optional(),
  });

const messages = new Hono()
  .get(
    "/:id",
    route(
      { summary: "A message by id", params: z.object({ id: messageId }), response: messageSchema, errors: [404] },
      async ({ params: { id } }) => {
        const [row] = await messageById(id);
        if (!row) throw await unknownMessage(id);
        return (await present([row]))[0]!;
      },
    ),
  )
  .get(
    "/:id/diagnosis",
    route(
      {
        summary: "Why a message is not delivered: every check, with the evidence the rows and the chains give",
        params: z.object({ id: messageId }),
        response: diagnosisSchema,
        errors: [404],
      },
      async ({ params: { id } }) => {
        const [row] = await messageById(id);
        if (!row) throw await unknownMessage(id);
        const ctx = await routeContext();
        const { reason, summary, checks } = await fullDiagnosis(row.message, ctx);
        return { id, status: row.message.status, reason, summary, checks, checkedAt: ctx.now };
      },
    ),
  )
  .get(
    "/",
    route({ summary: "Messages, newest first", query: listQuery, response: pageOf(messageSchema) }, async ({ query: q }) => {
      const { where: after, orderBy } = keyset(message.timestamp, message.id, q.cursor);
      const where = [isNotNull(message.timestamp), after];
      if (q.status !== undefined) where.push(eq(message.status, q.status));
      if (q.reason !== undefined && q.status === "delivered") throw invalidParameter("reason", "no reason with status=delivered (a delivered message has none)", q.reason);
      // One clock for the filter and the reasons served, so that they agree.
      const ctx = await routeContext();
      if (q.reason !== undefined) where.push(and(eq(message.status, "pending"), reasonConditions(ctx)[q.reason])!);
      if (q.origin !== undefined) where.push(eq(message.originChainId, q.origin.chainId));
      if (q.destination !== undefined) where.push(eq(message.destinationChainId, q.destination.chainId));
      if (q.sender !== undefined) where.push(eq(message.sender, q.sender));
      if (q.recipient !== undefined) where.push(eq(message.recipient, q.recipient));
      for (const part of messageParts) {
        for (const [name, filter] of Object.entries(part.filters ?? {})) {
          const value = (q as Record<string, unknown>)[name];
          if (value !== undefined) where.push(filter.where(value));
        }
      }
      const rows = await selectMessages()
        .where(and(...where))
        .orderBy(...orderBy)
        .limit(q.limit + 1);
      const { items, nextCursor } = page(rows, q.limit, (r) => ({ timestamp: r.message.timestamp!, id: r.message.id }));
      return { items: await present(items, ctx), nextCursor };
    }),
  );

const analytics = new Hono().get(
  "/messages",
  route(
    { summary: "The route matrix of messages dispatched in a window", query: matrixQuery, response: matrixSchema },
    async ({ query }) => messageMatrix(query),
  ),
);

const tally = async (column: typeof message.dispatchTxHash | typeof message.deliveryTxHash | typeof gasPayment.txHash, hash: Hex) =>
  (await db.select({ n: count() }).from(column.table).where(eq(column, hash)))[0]!.n;

/** Hyperlane messages by id, list and route matrix; and what messages say of an id, a transaction, an account, a chain. */
const sentReceived = z.object({ sent: int, received: int });
const byStatus = z.object({ total: int, delivered: int, pending: int });

type Served = z.input<typeof messageSchema>;

/** GET /api/messages/:id of a known message, as its route answers it (an id in other letters, or unknown, goes to the route). */
const messageLookup: LeanRoute = {
  path: "/api/messages/:id",
  match: /^\/api\/messages\/(0x[0-9a-f]{64})$/,
  async answer(id) {
    const [row] = await messageById(id);
    return row && JSON.stringify((await present([row]))[0]);
  },
};

export const api: DomainApi = {
  routes: { "/messages": messages, "/analytics": analytics },
  lean: [messageLookup],
  stream: [
    {
      kind: "message",
      // A message's row, and the transfer it carries (served as its part).
      tables: [
        { table: "message", key: "id" },
        { table: "transfer", key: "message_id" },
        { table: "transfer", key: "relay_message_id" },
      ],
      schema: messageSchema,
      async present(ids) {
        const served = await present(await selectMessages().where(inArray(message.id, ids as Hex[])));
        return new Map(served.map((m) => [m.id, m]));
      },
      statuses: ["pending", "delivered"],
      fields: (m: Served) => ({ id: m.id, status: m.status, origin: m.origin.chainId, destination: m.destination.chainId, sender: m.sender, recipient: m.recipient }),
    },
  ],
  shapes: {
    tx: {
      dispatched: z.array(messageSchema),
      delivered: z.array(messageSchema),
      gasPayments: z.array(gasPaymentSchema),
      paidMessages: z.array(messageSchema).describe("messages this transaction paid for that it did not dispatch or deliver"),
    },
    chain: {
      deployments: z.array(
        z.object({ mailbox: address, name: z.string(), interchainGasPaymaster: address.nullable(), merkleTreeHook: address.nullable(), startBlock: int }),
      ),
      messages: z.object({ outbound: byStatus, inbound: byStatus }).describe("messages from this chain and to it, by status"),
    },
    matches: [
      z.object({
        type: z.literal("message"),
        id: bytes32,
        status: z.enum(["pending", "delivered"]),
        origin: z.string().nullable(),
        destination: z.string().nullable(),
        href: z.string(),
      }),
      z
        .object({ type: z.literal("gasPayment"), messageId: bytes32, payments: int, message: z.null(), href: z.string() })
        .describe("gas payments for an id no indexed chain dispatched or delivered"),
    ],
    account: { messages: sentReceived },
  },
  async searchId(id) {
    const [rows, payments] = await Promise.all([
      db.select({ id: message.id, status: message.status, origin: message.originChainId, destination: message.destinationChainId }).from(message).where(eq(message.id, id)),
      db.select({ n: count() }).from(gasPayment).where(eq(gasPayment.messageId, id)),
    ]);
    const chains = await loadChains();
    if (rows.length === 0 && payments[0]!.n > 0) {
      return [{ type: "gasPayment", messageId: id, payments: payments[0]!.n, message: null, href: `/api/messages/${id}` }];
    }
    return rows.map((m) => ({
      type: "message",
      id: m.id,
      status: m.status,
      origin: chainRef(m.origin, chains).name,
      destination: chainRef(m.destination, chains).name,
      href: `/api/messages/${m.id}`,
    }));
  },
  async searchAccount(address) {
    const tallyOf = async (column: typeof message.sender | typeof message.recipient) =>
      (await db.select({ n: count() }).from(message).where(and(eq(column, address), isNotNull(message.timestamp))))[0]!.n;
    const [sent, received] = await Promise.all([tallyOf(message.sender), tallyOf(message.recipient)]);
    return {
      total: sent + received,
      facts: { messages: { sent, received } },
      href: { messagesSent: `/api/messages?sender=${address}`, messagesReceived: `/api/messages?recipient=${address}` },
    };
  },
  async countTx(hash) {
    const [dispatched, delivered, gasPayments] = await Promise.all([
      tally(message.dispatchTxHash, hash),
      tally(message.deliveryTxHash, hash),
      tally(gasPayment.txHash, hash),
    ]);
    return { dispatched, delivered, gasPayments };
  },
  async tx(hash) {
    const [dispatched, delivered, payments] = await Promise.all([
      selectMessages().where(eq(message.dispatchTxHash, hash)).orderBy(message.dispatchLogIndex),
      selectMessages().where(eq(message.deliveryTxHash, hash)).orderBy(message.deliveryLogIndex),
      db.select().from(gasPayment).where(eq(gasPayment.txHash, hash)).orderBy(gasPayment.logIndex),
    ]);
    const known = new Set([...dispatched, ...delivered].map((m) => m.message.id));
    const paidIds = [...new Set(payments.map((p) => p.messageId))].filter((id) => !known.has(id));
    const paid = paidIds.length ? await selectMessages().where(inArray(message.id, paidIds)) : [];
    return {
      dispatched: await present(dispatched),
      delivered: await present(delivered),
      gasPayments: payments.map(presentGasPayment),
      paidMessages: await present(paid),
    };
  },
  async chainFacts() {
    const byStatus = (end: typeof message.originChainId | typeof message.destinationChainId) =>
      db.select({ chainId: end, status: message.status, n: count() }).from(message).groupBy(end, message.status);
    const [deployments, outbound, inbound] = await Promise.all([db.select().from(deployment), byStatus(message.originChainId), byStatus(message.destinationChainId)]);
    const counts = (rows: Awaited<typeof outbound>, chainId: number) => {
      const of = (status: string) => rows.find((r) => r.chainId === chainId && r.status === status)?.n ?? 0;
      return { total: of("pending") + of("delivered"), delivered: of("delivered"), pending: of("pending") };
    };
    return (chainId) => ({
      deployments: deployments.filter((d) => d.chainId === chainId).map(({ chainId: _, ...d }) => d),
      /** Messages from this chain and to it, by status. */
      messages: { outbound: counts(outbound, chainId), inbound: counts(inbound, chainId) },
    });
  },
};
