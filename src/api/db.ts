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
