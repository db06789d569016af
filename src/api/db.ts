import type { Db } from "../domain";

/**
 * The API's read-only database, handed over by src/api/index.ts, the one file that imports
 * `ponder:api`: Ponder also runs every domain file as indexing code, where `ponder:api` throws.
 * A live binding, read only inside request handlers.
 */
export let db: Db;
export const useDb = (handle: Db) => {
  db = handle;
};

/**
 * One read shared by every request for `ttlMs`: `load` runs again only once its answer is that
 * old (or failed). Meanwhile the old answer is still given until the new one is in, so requests
 * never queue behind the refresh (which waits its turn in the pool like any query). Drizzle's
 * queries are lazy, run at each `await`: `load` awaits its own, once.
 */
export function sharedRead<T>(ttlMs: number, load: () => Promise<T>): () => Promise<T> {
  let held: Promise<T> | undefined;
  let asked = 0;
  let refreshing: Promise<T> | undefined;
  const refresh = () => {
    const value = (refreshing = load());
    asked = Date.now();
    value
      .then(
        () => void (held = value),
        () => void (held === value && (held = undefined)),
      )
      .finally(() => refreshing === value && (refreshing = undefined));
    return value;
  };
  return () => {
    if (!held) return (held = refresh());
    if (!refreshing && Date.now() - asked > ttlMs) refresh();
    return held;
  };
}

type Column = { table: object; mapFromDriverValue(value: unknown): unknown };
type PreparedSelect = {
  fields?: { path: string[]; field: Column }[];
  joinsNotNullableMap?: Record<string, boolean>;
  customResultMapper?: (rows: unknown[][]) => unknown[];
};
const TABLE_NAME = Symbol.for("drizzle:Name");

/**
 * Drizzle maps each row of a select by walking every column's path and kind again; for a prepared
 * select of objects of columns (`{ message, transfer: { id, … } }`) the walk is made once here.
 * Its meaning is drizzle's: an object of one left-joined table's columns is null when its first
 * column is.
 */
export function mapRowsOnce<P>(prepared: P): P {
  const { fields = [], joinsNotNullableMap = {} } = prepared as PreparedSelect;
  const objects = new Map<string, { first: number; tables: Set<object>; columns: [number, string, Column][] }>();
  for (const [i, { path, field }] of fields.entries()) {
    if (path.length !== 2 || typeof field?.mapFromDriverValue !== "function" || !field.table) return prepared;
    const [name, key] = path as [string, string];
    const object = objects.get(name) ?? objects.set(name, { first: i, tables: new Set(), columns: [] }).get(name)!;
    object.tables.add(field.table);
    object.columns.push([i, key, field]);
  }
  const plan = [...objects].map(([name, { first, tables, columns }]) => {
    const [table] = tables;
    const nullable = tables.size === 1 && !joinsNotNullableMap[(table as Record<symbol, string>)[TABLE_NAME]!];
    return { name, first: nullable ? first : -1, columns };
  });
  const mapRow = (row: unknown[]) => {
    const mapped: Record<string, Record<string, unknown> | null> = {};
    for (const { name, first, columns } of plan) {
      if (first >= 0 && row[first] === null) {
        mapped[name] = null;
        continue;
      }
      const object: Record<string, unknown> = {};
      for (const [i, key, column] of columns) object[key] = row[i] === null ? null : column.mapFromDriverValue(row[i]);
      mapped[name] = object;
    }
    return mapped;
  };
  (prepared as PreparedSelect).customResultMapper = (rows) => rows.map(mapRow);
  return prepared;
}

/**
 * Reads by key that share their trips to the database: at most `inFlight` loads run at once, and
 * the keys asked meanwhile wait together for the next one. At low load a key goes at once; under
 * load one query answers the requests that would each have waited for a connection of the pool.
 */
export function batchedRead<K, V>(inFlight: number, load: (keys: K[]) => Promise<Map<K, V>>): (key: K) => Promise<V | undefined> {
  type Waiter = { resolve: (value: V | undefined) => void; reject: (error: unknown) => void };
  let running = 0;
  let waiting = new Map<K, Waiter[]>();
  const next = () => {
    if (running >= inFlight || waiting.size === 0) return;
    const batch = waiting;
    waiting = new Map();
    running++;
    load([...batch.keys()])
      .then(
        (found) => batch.forEach((waiters, key) => waiters.forEach((w) => w.resolve(found.get(key)))),
        (error) => batch.forEach((waiters) => waiters.forEach((w) => w.reject(error))),
      )
      .finally(() => {
        running--;
        next();
      });
  };
  return (key) =>
    new Promise<V | undefined>((resolve, reject) => {
      waiting.set(key, [...(waiting.get(key) ?? []), { resolve, reject }]);
      next();
    });
}
