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
 *
 * One store call: the insert carries the row as it would be new, and the conflict handler
 * recomputes it from the row found, setting only the columns that differ.
 */
export async function upsertSides<R extends Row & { id: string }>(
  db: Db,
  table: AnyTable,
  id: R["id"],
  blank: Omit<R, "id">,
  derive: (row: Omit<R, "id">) => Partial<R>,
  change: (row: R | undefined) => Partial<R>,
): Promise<{ before: R | undefined; row: R }> {
  const complete = (found: R | undefined) => {
    const merged = Object.assign({}, blank, found, change(found)) as Omit<R, "id">;
    return Object.assign(merged, derive(merged), { id }) as R;
  };
  let before: R | undefined;
  let row = complete(undefined);
  await db
    .insert(table)
    .values(row as never)
    .onConflictDoUpdate(((found: R) => {
      before = columnsOf(found, row);
      row = complete(before);
      return changedColumns(before, row);
    }) as never);
  return { before, row };
}

/**
 * A plain copy of the row Ponder hands out, read column by column: it is a proxy (and Ponder
 * updates the row behind it in place), and spreading a proxy costs a trap per key and property.
 */
function columnsOf<R extends Row>(found: R, columns: R): R {
  const copy: Row = {};
  for (const column in columns) copy[column] = found[column];
  return copy as R;
}

/** The columns of `after` whose values differ from `before` (values are primitives and bigints). */
function changedColumns(before: Row, after: Row): Row {
  const set: Row = {};
  for (const column in after) if (after[column] !== before[column]) set[column] = after[column];
  return set;
}

/**
 * Changes a row if there is one: one store call, where a find and then an update would be two.
 * The row after the change, or undefined when there was none.
 */
export async function updateIfFound<R>(db: Db, table: AnyTable, key: Row, set: Row | ((row: R) => Row)): Promise<R | undefined> {
  try {
    return (await db.update(table, key as never).set(set as never)) as R;
  } catch (error) {
    // Ponder does not export the class; its name is part of its errors' API.
    if ((error as Error).name === "RecordNotFoundError") return undefined;
    throw error;
  }
}

type Additive = Record<string, bigint | number>;

/** Additive counters: `delta` added to the row's columns, the row created with `key` on first use. */
export async function addTo(db: Db, table: AnyTable, key: Row, delta: Additive) {
  await db
    .insert(table)
    .values({ ...key, ...delta } as never)
    .onConflictDoUpdate(((row: Additive) => {
      const sums: Additive = {};
      for (const column in delta) sums[column] = (row[column] as bigint) + (delta[column] as bigint);
      return sums;
    }) as never);
}

/**
 * A same-transaction scratch row: what an earlier log of a transaction tells the logs after it
 * in the same transaction (see src/messaging/listeners.ts for the assumptions). One row per chain
 * (`scratchKey` in src/network/columns.ts), overwritten by the next such log and naming its
 * transaction: a chain's logs are handed over in order, so the row is this transaction's exactly
 * when the last such log on the chain was in it.
 */
export async function writeScratch(db: Db, table: AnyTable, chainId: number, txHash: string, values: Row) {
  const row = { txHash, ...values };
  await db
    .insert(table)
    .values({ chainId, ...row } as never)
    .onConflictDoUpdate(row as never);
}

/** The scratch row written in this transaction, if one was. */
export const readScratch = async <R>(db: Db, table: AnyTable, chainId: number, txHash: string) =>
  ofTransaction<R>(await db.find(table, { chainId } as never), txHash);

/** Changes the scratch row written in this transaction, if one was; the row after the change. */
export const updateScratch = async <R>(db: Db, table: AnyTable, chainId: number, txHash: string, set: Row) =>
  ofTransaction<R>(await updateIfFound(db, table, { chainId }, (row: Row) => (row.txHash === txHash ? set : {})), txHash);

const ofTransaction = <R>(row: unknown, txHash: string) => ((row as Row | null | undefined)?.txHash === txHash ? (row as R) : undefined);
