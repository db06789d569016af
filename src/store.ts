import type { Context } from "ponder:registry";

/**
 * The database moves that several domains make, each written once. Handlers use these through
 * their domain's own helpers (upsertMessage, addToRoute, …), never `context.db.sql`.
 */

type Db = Context["db"];
// Ponder types its db per table; these moves work on any table with the columns they name.
// biome-ignore lint: any table
type AnyTable = any;
type Row = Record<string, unknown>;

/**
 * The commutative two-sided row (a message's dispatch and delivery, a transfer's two ends): a
 * side's change is applied to the row, or to a blank one, and the derived columns are computed
 * from the result alone, so the row ends the same whichever side is indexed first.
 */
export async function upsertSides<R extends Row & { id: string }>(
  db: Db,
  table: AnyTable,
  id: R["id"],
  blank: Omit<R, "id">,
  derive: (row: Omit<R, "id">) => Partial<R>,
  change: (row: R | undefined) => Partial<R>,
): Promise<{ before: R | undefined; row: R }> {
  // A copy: Ponder's cache may update the row it handed out in place.
  const found = (await db.find(table, { id } as never)) as R | null;
  const before = found ? { ...found } : undefined;
  const merged = { ...blank, ...before, ...change(before) } as Omit<R, "id">;
  const row = { ...merged, ...derive(merged), id } as R;
  if (before) {
    const { id: _, ...set } = row;
    await db.update(table, { id } as never).set(set as never);
  } else {
    await db.insert(table).values(row as never);
  }
  return { before, row };
}

type Additive = Record<string, bigint | number>;

/** Additive counters: `delta` added to the row's columns, the row created with `key` on first use. */
export async function addTo(db: Db, table: AnyTable, key: Row, delta: Additive) {
  await db
    .insert(table)
    .values({ ...key, ...delta } as never)
    .onConflictDoUpdate(
      ((row: Additive) =>
        Object.fromEntries(Object.entries(delta).map(([column, d]) => [column, (row[column] as bigint) + (d as bigint)]))) as never,
    );
}

/** The key of a same-transaction scratch row: one per chain and transaction. */
export const txKey = (chainId: number, txHash: string) => `${chainId}:${txHash}`;

/**
 * A same-transaction scratch row: what an earlier log of a transaction tells the logs after it
 * in the same transaction (see src/messaging/listeners.ts for the assumptions), overwritten by
 * the next such log, read by primary key.
 */
export async function writeScratch(db: Db, table: AnyTable, chainId: number, txHash: string, values: Row) {
  await db
    .insert(table)
    .values({ id: txKey(chainId, txHash), ...values } as never)
    .onConflictDoUpdate(values as never);
}

export const readScratch = async <R>(db: Db, table: AnyTable, chainId: number, txHash: string) =>
  ((await db.find(table, { id: txKey(chainId, txHash) } as never)) ?? undefined) as R | undefined;
