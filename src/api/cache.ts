import { createMiddleware } from "hono/factory";

/**
 * The answers cache of the embedded default (PGlite, in the indexer's process): PGlite runs one
 * query at a time for the indexer and every reader, so an explorer's page loads (the same lists,
 * the same ids, again and again) would queue behind each other. A REST answer (GET, 200, JSON) is
 * kept by its URL until the indexer next commits (the notification Ponder sends after every
 * checkpoint update, the one `@ponder/client`'s live queries follow; it arrives before any later
 * query returns, so no read after a commit sees an older answer) or `maxAgeMs` passes (answers
 * that also read the clock: a proposal's state, a message's row diagnosis). An answer computed
 * while a commit happened is not kept; a full diagnosis, which reads the chains, is never kept.
 * On PostgreSQL the API is not queued that way, and nothing is cached.
 */
export const ANSWER_CACHE = { maxAgeMs: 1_000, maxBytes: 32 * 1024 * 1024, maxAnswerBytes: 256 * 1024 };

type Answer = { at: number; body: string; headers: Record<string, string> };

let listening = false;
let generation = 0;
let bytes = 0;
const answers = new Map<string, Answer>();

function clear() {
  generation++;
  answers.clear();
  bytes = 0;
}

type PonderDatabase = {
  driver: { dialect: string; instance?: { query(sql: string): Promise<unknown>; onNotification(listener: (channel: string) => void): unknown } };
};

/** Starts following the indexer's commits (once per process); on PostgreSQL it stays off. */
export function cacheAnswers() {
  const { PONDER_DATABASE, PONDER_NAMESPACE_BUILD } = globalThis as unknown as { PONDER_DATABASE: PonderDatabase; PONDER_NAMESPACE_BUILD: { schema: string } };
  const { driver } = PONDER_DATABASE;
  if (listening || driver.dialect !== "pglite" || !driver.instance) return;
  const channel = `${PONDER_NAMESPACE_BUILD.schema}_live_query`;
  driver.instance.onNotification((name) => name === channel && clear());
  // The @ponder/client middleware listens on the same channel; LISTEN twice is harmless.
  void driver.instance.query(`LISTEN "${channel.replaceAll('"', '""')}"`).then(() => (listening = true));
}

export const answerCache = createMiddleware(async (c, next) => {
  if (!listening || c.req.method !== "GET" || c.req.path.endsWith("/diagnosis")) return next();
  const key = c.req.url;
  const hit = answers.get(key);
  if (hit && Date.now() - hit.at < ANSWER_CACHE.maxAgeMs) return new Response(hit.body, { status: 200, headers: { ...hit.headers, "x-cache": "hit" } });
  const started = generation;
  const at = Date.now();
  await next();
  if (c.res.status !== 200 || !c.res.headers.get("content-type")?.startsWith("application/json")) return;
  const body = await c.res.clone().text();
  if (generation !== started || body.length > ANSWER_CACHE.maxAnswerBytes) return;
  if (hit) (answers.delete(key), (bytes -= hit.body.length));
  // The oldest answers go first when the cache is full.
  for (const [old, answer] of answers) {
    if (bytes + body.length <= ANSWER_CACHE.maxBytes) break;
    answers.delete(old);
    bytes -= answer.body.length;
  }
  const headers: Record<string, string> = {};
  c.res.headers.forEach((value, name) => (headers[name] = value));
  answers.set(key, { at, body, headers });
  bytes += body.length;
});
