import { Hono } from "hono";
import { and, desc, eq, isNotNull, lt, or, sql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { notFound } from "./errors";
import { loadChains, resolveChain } from "./network";
import { accountParam, cursorParam, encodeCursor, enumParam, limitParam, messageIdParam } from "./params";
import { presentMessage } from "./present";
import { carriedBy } from "./transfers";

const { message, metalayerMessage, transfer } = schema;

/**
 * Messages with what the applications on top say of them (the Metalayer's header, a token
 * transfer), in one query: a lookup by id is one round trip to the database.
 */
export const selectMessages = () =>
  db
    .select({
      message,
      metalayer: metalayerMessage,
      transfer: { id: transfer.id, kind: transfer.kind, route: transfer.route, symbol: transfer.symbol, status: transfer.status },
    })
    .from(message)
    .leftJoin(metalayerMessage, eq(metalayerMessage.messageId, message.id))
    .leftJoin(transfer, carriedBy(message.id));

/** The explorer's hottest lookup, prepared once: no query building, and a plan the server keeps. */
const messageById = selectMessages().where(eq(message.id, sql.placeholder("id"))).prepare("message_by_id");

type Selected = Awaited<ReturnType<typeof selectMessages>>[number];

export async function present(rows: Selected[]) {
  const chains = await loadChains();
  return rows.map(({ message: m, metalayer: meta, transfer: t }) => ({
    ...presentMessage(m, chains),
    metalayer: meta
      ? meta.malformed
        ? { malformed: { error: meta.decodeError }, router: meta.router }
        : {
            router: meta.router,
            version: meta.version,
            finality: meta.finality,
            nonce: meta.nonce,
            sender: meta.sender,
            recipient: meta.recipient,
            reads: meta.reads,
            writeCallData: meta.writeCallData,
          }
      : null,
    transfer: t?.id ? t : null,
  }));
}

export const messages = new Hono()
  .get("/:id", async (c) => {
    const id = messageIdParam(c.req.param("id"));
    const [row] = await messageById.execute({ id });
    if (!row) throw notFound(`no message with id ${id}`);
    return c.json((await present([row]))[0]);
  })
  .get("/", async (c) => {
    const q = c.req.query();
    const chains = await loadChains();
    const limit = limitParam(q.limit);
    const cursor = cursorParam(q.cursor);
    const where: ReturnType<typeof eq>[] = [isNotNull(message.timestamp)];
    if (q.status !== undefined) where.push(eq(message.status, enumParam("status", ["pending", "delivered"], q.status)));
    if (q.origin !== undefined) where.push(eq(message.originChainId, resolveChain("origin", q.origin, chains).chainId));
    if (q.destination !== undefined) {
      where.push(eq(message.destinationChainId, resolveChain("destination", q.destination, chains).chainId));
    }
    if (q.sender !== undefined) where.push(eq(message.sender, accountParam("sender", q.sender)));
    if (q.recipient !== undefined) where.push(eq(message.recipient, accountParam("recipient", q.recipient)));
    // The app on either side of a Metalayer message, not the router the Mailbox sees.
    if (q.appSender !== undefined) where.push(eq(metalayerMessage.sender, accountParam("appSender", q.appSender)));
    if (q.appRecipient !== undefined) where.push(eq(metalayerMessage.recipient, accountParam("appRecipient", q.appRecipient)));
    if (cursor) {
      where.push(
        or(
          lt(message.timestamp, cursor.timestamp),
          and(eq(message.timestamp, cursor.timestamp), lt(message.id, cursor.id)),
        )!,
      );
    }
    const rows = await selectMessages()
      .where(and(...where))
      .orderBy(desc(message.timestamp), desc(message.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    const last = page.at(-1)?.message;
    return c.json({
      items: await present(page),
      nextCursor: rows.length > limit && last ? encodeCursor({ timestamp: last.timestamp!, id: last.id }) : null,
    });
  });
