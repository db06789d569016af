import { eq, sql } from "ponder";
import schema from "ponder:schema";
import type { z } from "zod";
import { batchedRead, db, mapRowsOnce } from "../api/db";

/** Of the API's read-only pool (9 connections under `ponder start`), what lookups by id take at once. */
const LOOKUPS_IN_FLIGHT = 4;

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

type Prepared<V> = { execute(values: V): Promise<SelectedMessage[]> };
const prepare = (name: string, where: ReturnType<typeof eq>) => mapRowsOnce(selectMessages().where(where).prepare(name)) as Prepared<never>;
let one: Prepared<{ id: string }> | undefined;
let several: Prepared<{ ids: string[] }> | undefined;

/**
 * The explorer's hottest lookup: prepared, and the ids asked while lookups are under way read in
 * one query. One id runs the statement whose plan the server keeps; several, `= any`, which the
 * server plans again for each count of ids (about 0.3 ms, shared by the batch).
 */
const messagesByIds = batchedRead(LOOKUPS_IN_FLIGHT, async (ids: string[]) => {
  const rows =
    ids.length === 1
      ? await (one ??= prepare("message_by_id", eq(message.id, sql.placeholder("id")))).execute({ id: ids[0]! })
      : await (several ??= prepare("messages_by_ids", sql`${message.id} = any(${sql.placeholder("ids")})`)).execute({ ids });
  const found = new Map<string, SelectedMessage[]>();
  for (const row of rows) found.set(row.message.id, [...(found.get(row.message.id) ?? []), row]);
  return found;
});
export const messageById = async (id: string) => (await messagesByIds(id)) ?? [];
