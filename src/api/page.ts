import { and, desc, eq, lt, or } from "ponder";
import type { AnyPgColumn as AnyColumn } from "ponder";
import { encodeCursor, type Cursor } from "./params";

/**
 * Keyset pagination, newest first, over (time, id): the rows after the cursor, and the cursor of
 * the next page. Asks for one row more than a page to know whether there is one.
 */
export function keyset(time: AnyColumn, id: AnyColumn, cursor: Cursor | undefined) {
  return {
    where: cursor ? (or(lt(time, cursor.timestamp), and(eq(time, cursor.timestamp), lt(id, cursor.id))) as ReturnType<typeof eq>) : undefined,
    orderBy: [desc(time), desc(id)] as const,
  };
}

export function page<T>(rows: T[], limit: number, key: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(key(last)) : null };
}
