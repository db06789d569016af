import { createMiddleware } from "hono/factory";
import { BlockNotFoundError, type Hex } from "viem";
import { sql } from "ponder";
import { decodeCheckpoint } from "../network/chains";
import { indexed } from "../network/indexed";
import { rpcClients } from "../network/rpc";
import { db } from "./db";

/**
 * The finality watch: Ponder reconciles reorgs down to its finalized block (30 blocks behind the
 * head on these chains) and no deeper. A reorg below it leaves the tables holding rows of a
 * dropped branch while Ponder stops that chain (`Encountered unrecoverable reorg`), and the API
 * would serve them as if nothing happened. So the server checks, per chain, that the blocks
 * Ponder holds as final are still the chain's: the block at Ponder's finalized checkpoint (its
 * hash as the chain's RPC answered once Ponder had finalized it) and the latest block of Ponder's
 * RPC cache (`ponder_sync.blocks`) at or below it (its hash as Ponder fetched it; this one also
 * holds across restarts). A reorg below the finalized block replaces the first; one below the
 * last block the indexed rows come from replaces the second. Either mismatch marks the chain
 * diverged: `/api/chains` says so, and every other read answers 503 naming the chain and the
 * block, until the RPC answers the indexed hash again or the chain is re-indexed (README).
 */
export const FINALITY_WATCH = { intervalMs: 2_000, rpcTimeoutMs: 3_000 };

export type Divergence = { block: number; indexedHash: Hex; canonicalHash: Hex | null; detectedAt: string };

type Seen = { number: number; hash: Hex };
const finalizedSeen = new Map<number, Seen>();
const diverged = new Map<number, Divergence>();

export const divergenceOf = (chainId: number): Divergence | null => diverged.get(chainId) ?? null;

const client = rpcClients({ timeoutMs: FINALITY_WATCH.rpcTimeoutMs, retryCount: 1 });

/** The chain's hash at `number` now, or null where it has no such block (a shorter branch). */
const canonicalHash = async (chainId: number, number: number): Promise<Hex | null> =>
  (await client(chainId).getBlock({ blockNumber: BigInt(number) }).catch((error: Error) => {
    if (error instanceof BlockNotFoundError) return null;
    throw error;
  }))?.hash ?? null;

/** One check of one chain; an RPC or database that does not answer leaves the verdict as it was. */
async function check(chainId: number, finalizedCheckpoint: string) {
  const finalized = decodeCheckpoint(finalizedCheckpoint).blockNumber;
  const references: Seen[] = [];
  const cached = await db.execute(
    sql`SELECT number::text AS number, hash FROM ponder_sync.blocks WHERE chain_id = ${chainId} AND number <= ${finalized} ORDER BY number DESC LIMIT 1`,
  );
  const [row] = cached.rows as { number: string; hash: Hex }[];
  if (row) references.push({ number: Number(row.number), hash: row.hash });
  const seen = finalizedSeen.get(chainId);
  if (seen) references.push(seen);

  for (const reference of references) {
    const hash = await canonicalHash(chainId, reference.number);
    if (hash !== reference.hash) {
      if (diverged.get(chainId)?.block !== reference.number) {
        diverged.set(chainId, { block: reference.number, indexedHash: reference.hash, canonicalHash: hash, detectedAt: new Date().toISOString() });
        console.error(`finality watch: ${indexed.chain(chainId).name} block ${reference.number} is ${hash ?? "gone"} on the chain, ${reference.hash} as indexed: a reorg below the indexer's finalized block`);
      }
      return;
    }
  }
  diverged.delete(chainId);

  if (!seen || seen.number < finalized) {
    // A newly finalized block, the older ones still the chain's: its hash as the chain has it
    // now is the one Ponder indexed (a reorg that deep since Ponder finalized it is what this
    // watch is for).
    const hash = await canonicalHash(chainId, finalized);
    if (hash) finalizedSeen.set(chainId, { number: finalized, hash });
  }
}

let running: NodeJS.Timeout | undefined;

/** Starts the watch (once per process): every chain checked every `intervalMs`. */
export function watchFinality() {
  if (running) return;
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const { rows } = await db.execute(sql`SELECT chain_id, finalized_checkpoint FROM _ponder_checkpoint`);
      await Promise.all(
        (rows as { chain_id: string | number; finalized_checkpoint: string }[]).map((r) => check(Number(r.chain_id), r.finalized_checkpoint).catch(() => {})),
      );
    } catch {
      // The database is away: the API answers 503 for that already; the watch tries again.
    } finally {
      busy = false;
    }
  };
  running = setInterval(tick, FINALITY_WATCH.intervalMs);
  running.unref();
  void tick();
}

/** The reads of indexed rows: the REST API but `/api/chains`, GraphQL and SQL. */
const readsRows = (path: string) => (path.startsWith("/api/") && path !== "/api/chains") || path === "/graphql" || path.startsWith("/sql/");

/** Whether any chain is diverged now (then every read of rows is refused). */
export const anyDiverged = () => diverged.size > 0;

/** Every read of indexed rows answers 503 while a chain is diverged: its rows may be a dropped branch's. */
export const refuseWhileDiverged = createMiddleware(async (c, next) => {
  if (diverged.size === 0 || !readsRows(c.req.path)) return next();
  const chains = [...diverged].map(([chainId, d]) => ({ chain: indexed.chain(chainId).name, chainId, ...d }));
  const named = chains.map((d) => `${d.chain} at block ${d.block}`).join(", ");
  return c.json(
    {
      error: {
        code: "chain_diverged",
        message: `the chain reorganised below the indexer's finalized block (${named}): rows indexed from the dropped branch may be wrong, so none are served until the chain is re-indexed`,
        details: { chains },
      },
    },
    503,
    { "retry-after": "60" },
  );
});
