import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { settle } from "./route";

/**
 * The answers cache of the embedded default (PGlite, in the indexer's process): PGlite runs one
 * query at a time for the indexer and every reader, so an explorer's page loads (the same lists,
 * the same ids, again and again) would queue behind each other. A REST answer (GET, 200, JSON) is
 * kept by its URL until the indexer next commits (the notification Ponder sends after every
 * checkpoint update, the one `@ponder/client`'s live queries follow; it arrives before any later
 * query returns, so no read after a commit sees an older answer) or `maxAgeMs` passes (answers
 * that also read the clock: a proposal's state, a message's row diagnosis). An answer computed
 * while a commit happened is not kept; a full diagnosis, which reads the chains, is never kept.
 * Reads of a URL whose answer is being computed wait for it (one computation, not one each),
 * unless a commit happened since it began; a full diagnosis too (its `checkedAt` says when).
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

/** Misses being answered now, by URL: a read of the same URL meanwhile waits for that answer. */
const answering = new Map<string, { generation: number; answer: Promise<Answer | undefined> }>();

const serve = (c: Context, answer: Answer) => settle(c, new Response(answer.body, { status: 200, headers: { ...answer.headers, "x-cache": "hit" } }));

function keep(key: string, answer: Answer) {
  const old = answers.get(key);
  if (old) (answers.delete(key), (bytes -= old.body.length));
  // The oldest answers go first when the cache is full.
  for (const [name, kept] of answers) {
    if (bytes + answer.body.length <= ANSWER_CACHE.maxBytes) break;
    answers.delete(name);
    bytes -= kept.body.length;
  }
  answers.set(key, answer);
  bytes += answer.body.length;
}

export const answerCache = createMiddleware(async (c, next) => {
  if (!listening || c.req.method !== "GET" || !c.req.path.startsWith("/api/")) return next();
  const key = c.req.url;
  const kept = !c.req.path.endsWith("/diagnosis");
  const hit = kept && answers.get(key);
  if (hit && Date.now() - hit.at < ANSWER_CACHE.maxAgeMs) return serve(c, hit);
  const pending = answering.get(key);
  if (pending?.generation === generation) {
    const shared = await pending.answer;
    if (shared) return serve(c, shared);
  }
  const started = generation;
  let settle!: (answer: Answer | undefined) => void;
  answering.set(key, { generation: started, answer: new Promise((done) => (settle = done)) });
  let answer: Answer | undefined;
  try {
    const at = Date.now();
    await next();
    if (c.res.status === 200 && c.res.headers.get("content-type")?.startsWith("application/json")) {
      const body = await c.res.clone().text();
      const headers: Record<string, string> = {};
      c.res.headers.forEach((value, name) => (headers[name] = value));
      // An answer computed while a commit happened may hold rows from before it: not kept.
      if (generation === started && body.length <= ANSWER_CACHE.maxAnswerBytes) answer = { at, body, headers };
    }
  } finally {
    settle(answer);
    if (answering.get(key)?.generation === started) answering.delete(key);
    if (answer && kept) keep(key, answer);
  }
});
