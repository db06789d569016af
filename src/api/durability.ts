import { sql } from "ponder";
import { db } from "./db";

/**
 * Ponder writes to PostgreSQL with `synchronous_commit = off` (its pool sets it per session): a
 * server that crashes (kill -9, power loss) comes back without its last commits, up to about
 * 0.6 s of them, while the indexer goes on from where it was and never writes those blocks again.
 * The fault test saw it: a delivery lost for good after a kill -9 of the server.
 *
 * So the indexing process watches the server: when it has restarted (`pg_postmaster_start_time`
 * changed), the process exits with 75 (EX_TEMPFAIL, through Ponder's own graceful exit, which
 * releases the schema's lock) to be started again, and Ponder's crash recovery then re-indexes
 * every block above the finalized one (what its changelog holds), the lost ones among them: a
 * crash loses only the latest commits, blocks long from final. A `ponder serve` replica and
 * PGlite, which runs inside the process, have nothing to redo.
 */
export const DURABILITY_WATCH = { intervalMs: 2_000 };

export class DatabaseRestarted extends Error {
  override name = "DatabaseRestarted";
}

type PonderGlobals = { PONDER_COMMON: { options: { command: string } }; PONDER_DATABASE: { driver: { dialect: string } } };

let watching = false;

export function watchDatabaseRestart() {
  const { PONDER_COMMON, PONDER_DATABASE } = globalThis as unknown as PonderGlobals;
  if (watching || PONDER_DATABASE.driver.dialect !== "postgres" || PONDER_COMMON.options.command === "serve") return;
  watching = true;
  let started: string | undefined;
  const check = async () => {
    const result = await db.execute(sql`SELECT pg_postmaster_start_time()::text AS started`).catch(() => undefined);
    const now = (result?.rows[0] as { started?: string } | undefined)?.started;
    if (now === undefined) return;
    started ??= now;
    if (now === started) return;
    clearInterval(timer);
    // Unhandled on purpose: Ponder's exit handler shuts down and exits with 75.
    void Promise.reject(
      new DatabaseRestarted(`the PostgreSQL server restarted (up since ${now}, was ${started}): its last commits may be lost; exiting to re-index from what the database holds`),
    );
  };
  const timer = setInterval(() => void check(), DURABILITY_WATCH.intervalMs);
  timer.unref();
  void check();
}
