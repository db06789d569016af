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
 * old (or failed). Drizzle's queries are lazy, run at each `await`: `load` awaits its own, once.
 */
export function sharedRead<T>(ttlMs: number, load: () => Promise<T>): () => Promise<T> {
  let held: { value: Promise<T>; at: number } | undefined;
  return () => {
    if (!held || Date.now() - held.at > ttlMs) {
      const value = load();
      held = { value, at: Date.now() };
      value.catch(() => (held = undefined));
    }
    return held.value;
  };
}
