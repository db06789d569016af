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
