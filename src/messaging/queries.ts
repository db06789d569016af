import { eq, sql } from "ponder";
import schema from "ponder:schema";
import type { z } from "zod";
import { db, mapRowsOnce } from "../api/db";

const { message } = schema;

/**
 * What an application on Hyperlane says of the messages it sent (the Metalayer's header, a token
 * transfer): joined into every message read, so a lookup by id stays one query.
 */
export type MessagePart = {
  name: string;
  // Drizzle's select and join types do not survive composition; each part keeps its own typed.
  columns: Record<string, any>;
  join: <Q extends { leftJoin: (...args: any[]) => any }>(query: Q) => Q;
  present: (row: any) => unknown;
  /** What `present` returns, for the API document */
  schema: z.ZodType;
  /** List filters it adds to `/api/messages`: the query parameter's field and its condition on the parsed value */
  filters?: Record<string, { field: z.ZodType; where: (value: any) => ReturnType<typeof eq> }>;
};

export const messageParts: MessagePart[] = [];

/** For application domains' API modules, at their top level (they load before the API serves). */
export const addMessagePart = (part: MessagePart) => void messageParts.push(part);

export const selectMessages = () => {
  let query: any = db
    .select({ message, ...Object.assign({}, ...messageParts.map((p) => ({ [p.name]: p.columns }))) })
    .from(message)
    .$dynamic();
  for (const part of messageParts) query = part.join(query);
  return query as ReturnType<typeof baseSelect>;
};
const baseSelect = () => db.select({ message }).from(message).$dynamic();

export type SelectedMessage = { message: typeof message.$inferSelect } & Record<string, unknown>;

/** The explorer's hottest lookup, prepared once: no query building, and a plan the server keeps. */
let byId: { execute(values: { id: string }): Promise<SelectedMessage[]> } | undefined;
export const messageById = (id: string) => {
  byId ??= mapRowsOnce(selectMessages().where(eq(message.id, sql.placeholder("id"))).prepare("message_by_id")) as never;
  return byId!.execute({ id });
};
