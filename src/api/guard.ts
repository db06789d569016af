import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import { type DocumentNode, GraphQLError, parse } from "graphql";
import { sql } from "ponder";
import { db } from "ponder:api";
import superjson from "superjson";
import { type OperationCost, operationCost } from "./graphql-cost";
import { databaseUnreachable } from "./errors";
import { answerBeforePonder, answerClientErrorsInJson, type LeanRoute } from "./http-server";
import { type PlanEstimate, planEstimate } from "./sql-plan";

/**
 * What one request may cost a public explorer, on PGlite too: PGlite runs inside the indexer's
 * process, so work refused before it starts is the only work that cannot stall the process.
 */
export const GRAPHQL_LIMITS = {
  bodyBytes: 32_768,
  tokens: 1_000,
  depth: 8,
  aliases: 20,
  /** Rows read across all levels of one response, as `operationCost` counts them. */
  rows: 5_000,
  /** Page queries (Ponder runs one per parent row of a nested page). */
  pages: 100,
  timeMs: 5_000,
  /** Operations executing at once; the next ones wait in line, then are refused. */
  concurrent: 4,
  queued: 32,
};

export const SQL_LIMITS = {
  /** The planner's total cost and row estimate of the query (EXPLAIN), on either database. */
  cost: 10_000,
  rows: 10_000,
  /** Open /sql/live streams; Ponder's own bound is 1,000. */
  liveStreams: 100,
  /** PostgreSQL ends any API read that runs longer (Ponder's read-only pool allows 30 s). */
  statementTimeoutMs: 10_000,
};

/** The limits Ponder's GraphQL plugins apply, a second line behind `graphqlGuard`. */
export const ponderGraphqlLimits = {
  maxOperationTokens: GRAPHQL_LIMITS.tokens,
  maxOperationDepth: GRAPHQL_LIMITS.depth + 1,
  maxOperationAliases: GRAPHQL_LIMITS.aliases,
};

// ─── GraphQL ─────────────────────────────────────────────────────────────────────────────

/** A GraphQL client reads `errors`; the status says whether to retry (503) or fix the query (4xx). */
const graphqlRefusal = (c: Context, status: 400 | 413 | 415 | 503, code: string, message: string, details?: object) =>
  c.json({ errors: [{ message, extensions: { code, ...details } }] }, status, status === 503 ? { "retry-after": "1" } : {});

export function refusal(cost: OperationCost): string | undefined {
  const over = (["depth", "aliases", "rows", "pages"] as const).filter((k) => cost[k] > GRAPHQL_LIMITS[k]);
  if (over.length === 0) return undefined;
  return over.map((k) => `${k} ${cost[k]} (at most ${GRAPHQL_LIMITS[k]})`).join(", ");
}

/**
 * Ponder's GraphQL behind the limits: the body read with a cap, the operation costed from its
 * syntax before anything runs, a bounded number executing at once, an answer within `timeMs`
 * (the work already started ends on its own, bounded by the cost), and execution errors masked:
 * they can carry Ponder's internals.
 */
export const graphqlGuard = (ponderGraphql: MiddlewareHandler) =>
  createMiddleware(async (c, next) => {
    if (c.req.method !== "POST") return ponderGraphql(c, next);
    if (!/^application\/(graphql-response\+)?json\b/i.test(c.req.header("content-type") ?? "")) {
      return graphqlRefusal(c, 415, "UNSUPPORTED_MEDIA_TYPE", "a GraphQL request is a POST of application/json");
    }
    const text = await readCapped(c.req.raw, GRAPHQL_LIMITS.bodyBytes);
    if (text === undefined) return graphqlRefusal(c, 413, "BODY_TOO_LARGE", `a request body is at most ${GRAPHQL_LIMITS.bodyBytes} bytes`);
    const request = graphqlRequest(text);
    if (typeof request === "string") return graphqlRefusal(c, 400, "BAD_REQUEST", request);
    const cost = operationCost(request.document, request.variables);
    const over = refusal(cost);
    if (over) return graphqlRefusal(c, 400, "QUERY_TOO_COSTLY", `query refused before it ran: ${over}`, { cost });
    if (!graphqlGate.enter()) return graphqlRefusal(c, 503, "BUSY", "too many GraphQL queries at once, retry shortly");
    await graphqlGate.turn();
    c.req.raw = new Request(c.req.raw.url, { method: "POST", headers: { "content-type": "application/json", accept: c.req.header("accept") ?? "application/json" }, body: text });
    const work = Promise.resolve(ponderGraphql(c, next)).finally(() => graphqlGate.leave());
    const answer = await Promise.race([work.then((response) => ({ response })), sleep(GRAPHQL_LIMITS.timeMs)]);
    if (!answer) return graphqlRefusal(c, 503, "TIMEOUT", `query took longer than ${GRAPHQL_LIMITS.timeMs} ms`);
    const { response } = answer;
    // Not `instanceof Response`: @hono/node-server installs its own Response class beside Yoga's.
    return response && !exposesErrorDetails() ? maskExecutionErrors(response) : response;
  });

type GraphqlRequest = { document: DocumentNode; variables: Record<string, unknown> };

/** The request's operation, parsed; or what is wrong with it. */
function graphqlRequest(text: string): GraphqlRequest | string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return "the body is not JSON";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the body is one JSON object { query, variables?, operationName? }";
  const { query, variables } = body as { query?: unknown; variables?: unknown };
  if (typeof query !== "string") return "query: expected a GraphQL document as a string";
  if (variables != null && (typeof variables !== "object" || Array.isArray(variables))) return "variables: expected an object";
  try {
    return { document: parse(query, { maxTokens: GRAPHQL_LIMITS.tokens, noLocation: true }), variables: (variables ?? {}) as Record<string, unknown> };
  } catch (error) {
    return error instanceof GraphQLError ? error.message : "query: not a GraphQL document";
  }
}

/**
 * Only `ponder dev` shows what failed inside: Ponder masks GraphQL errors when NODE_ENV is
 * production, but Vite sets NODE_ENV to development when it is unset, so `ponder start` would not.
 */
const exposesErrorDetails = () =>
  process.env.NODE_ENV !== "production" &&
  (globalThis as unknown as { PONDER_COMMON?: { options: { command: string } } }).PONDER_COMMON?.options.command === "dev";

/** Errors raised while executing (they have a `path`) say only that something failed. */
async function maskExecutionErrors(response: Response): Promise<Response> {
  const text = await response.text();
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  if (!text.includes('"errors"')) return new Response(text, { status: response.status, headers });
  const body = JSON.parse(text) as { errors?: { message: string; path?: unknown; extensions?: unknown }[] };
  for (const error of body.errors ?? []) {
    if (error.path !== undefined) Object.assign(error, { message: "Unexpected error.", extensions: { code: "INTERNAL" } });
  }
  return new Response(JSON.stringify(body), { status: response.status, headers });
}

/** A counting gate: `concurrent` inside, `queued` waiting their turn, the rest refused. */
function gate(concurrent: number, queued: number) {
  let inside = 0;
  const line: (() => void)[] = [];
  return {
    enter: () => inside + line.length < concurrent + queued,
    turn: () => (inside < concurrent ? (inside++, Promise.resolve()) : new Promise<void>((go) => line.push(() => (inside++, go())))),
    leave() {
      inside--;
      line.shift()?.();
    },
  };
}
const graphqlGate = gate(GRAPHQL_LIMITS.concurrent, GRAPHQL_LIMITS.queued);

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms).unref());

/** The body as text, or undefined when it is longer than `maxBytes` (declared or sent). */
export async function readCapped(request: Request, maxBytes: number): Promise<string | undefined> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return undefined;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString("utf8");
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
}

// ─── SQL over HTTP (@ponder/client) ─────────────────────────────────────────────────────

type ClientQuery = { sql: string; params: unknown[]; typings?: unknown[] };

const sqlRefusal = (c: Context, status: 400 | 503, message: string, details?: object) =>
  c.json({ error: { code: status === 400 ? "invalid_parameter" : "unavailable", message, details: { parameter: "sql", ...details } } }, status);

/**
 * In front of Ponder's `client()`: a query reaches it only once it is known to be allowed
 * (Ponder's own validator), to plan within budget (EXPLAIN, on PGlite and PostgreSQL alike),
 * and, for a live query, to run: Ponder counts a live slot before it reads `sql` and frees it
 * only when a stream it opened ends, so any request it answers with an error keeps its slot.
 */
export const sqlGuard = createMiddleware(async (c, next) => {
  const live = c.req.path === "/sql/live";
  if (!live && c.req.path !== "/sql/db") return next();
  const query = clientQuery(c.req.query("sql"));
  if (typeof query === "string") return sqlRefusal(c, 400, query);
  try {
    await (await ponderSqlValidator())(query.sql);
  } catch (error) {
    return sqlRefusal(c, 400, `sql: ${(error as Error).message}`);
  }
  let estimate: PlanEstimate;
  try {
    estimate = planEstimate(await runQuery({ ...query, sql: `EXPLAIN (FORMAT JSON) ${query.sql}` }));
  } catch (error) {
    return sqlRefusal(c, 400, `sql: ${(error as Error).message}`);
  }
  if (estimate.cost > SQL_LIMITS.cost || estimate.rows > SQL_LIMITS.rows) {
    return sqlRefusal(c, 400, `sql: refused before it ran, the planner estimates cost ${estimate.cost} (at most ${SQL_LIMITS.cost}) and ${estimate.rows} rows (at most ${SQL_LIMITS.rows})`, { estimate });
  }
  if (!live) return next();
  if (liveStreams >= SQL_LIMITS.liveStreams) return sqlRefusal(c, 503, `at most ${SQL_LIMITS.liveStreams} live queries are open at once`);
  try {
    await runQuery(query);
  } catch (error) {
    return sqlRefusal(c, 400, `sql: ${(error as Error).message}`);
  }
  liveStreams++;
  await next();
  c.res = onBodyEnd(c.res, () => liveStreams--);
});
let liveStreams = 0;

/** `sql` as @ponder/client sends it: superjson of { sql, params, typings? }. */
function clientQuery(value: string | undefined): ClientQuery | string {
  if (value === undefined) return 'sql: expected a query (superjson of { sql, params }), got none';
  let query: unknown;
  try {
    query = superjson.parse(value);
  } catch {
    return "sql: expected superjson of { sql, params }";
  }
  const { sql: text, params } = (query ?? {}) as Partial<ClientQuery>;
  if (typeof text !== "string" || !Array.isArray(params)) return "sql: expected superjson of { sql, params }";
  return query as ClientQuery;
}

/**
 * Ponder's own check of @ponder/client queries (one SELECT on the app's tables, allowed
 * functions only), the one `client()` applies; Ponder does not export it, so it is loaded from
 * its build. It must pass before EXPLAIN: planning folds immutable functions of constants.
 */
let validator: Promise<(sql: string) => Promise<void>> | undefined;
const ponderSqlValidator = () =>
  (validator ??= import(new URL("../../node_modules/ponder/dist/esm/utils/sql-parse.js", import.meta.url).href).then(
    (module: { validateAllowableSQLQuery: (sql: string) => Promise<void> }) => module.validateAllowableSQLQuery,
  ));

type PonderDriver = { dialect: "pglite" } | { dialect: "postgres"; readonly: import("pg").Pool };
const ponderDriver = () => (globalThis as unknown as { PONDER_DATABASE: { driver: PonderDriver } }).PONDER_DATABASE.driver;

/**
 * A client query run as Ponder's `client()` runs it: on PGlite directly, on PostgreSQL in a
 * read-only transaction (here with its own statement timeout).
 */
function runQuery(query: ClientQuery): Promise<unknown> {
  if (ponderDriver().dialect === "pglite") return session(db).prepareQuery(query, undefined, undefined, false).execute();
  return (db as unknown as { transaction: (run: (tx: unknown) => Promise<unknown>, config: object) => Promise<unknown> }).transaction(
    async (tx) => {
      await (tx as typeof db).execute(sql.raw(`SET LOCAL statement_timeout = ${SQL_LIMITS.statementTimeoutMs}`));
      return session(tx).prepareQuery(query, undefined, undefined, false).execute();
    },
    { accessMode: "read only" },
  );
}

// Drizzle's session runs a query given as text and parameters, which `db.execute` does not take.
type Session = { prepareQuery(q: ClientQuery, ...rest: unknown[]): { execute(): Promise<unknown> } };
const session = (d: unknown) => (d as { _: { session: Session } })._.session;

/**
 * Set up once, as the API loads: on PostgreSQL every read of the API (Ponder's read-only pool)
 * ends after `statementTimeoutMs`; Ponder's SQL parser (WebAssembly, compiled for 0.4 s on the
 * event loop) and the GraphQL parser are warmed now rather than by the first query; the HTTP
 * server's own refusals are JSON; and on PostgreSQL the domains' lean routes are answered in front
 * of the app (on PGlite the answers cache serves the same reads, src/api/cache.ts).
 */
export function guardServing(lean: LeanRoute[]) {
  const driver = ponderDriver();
  if (driver.dialect === "postgres") {
    driver.readonly.on("connect", (client) => client.query(`SET statement_timeout = ${SQL_LIMITS.statementTimeoutMs}`).catch(() => {}));
    // No `connectionTimeoutMillis` on this pool: pg-pool enforces it by destroying the socket,
    // and through Ponder's connect override the client's error then escapes as an uncaught
    // exception that stops the indexer (seen under load). A database that is down refuses the
    // connection at once anyway.
  }
  ponderSqlValidator()
    .then((validate) => validate("SELECT 1"))
    .catch(() => {});
  operationCost(parse("{ chains(limit: 1) { items { chainId } } }"));
  answerClientErrorsInJson();
  const databaseAnswers = () => db.execute(sql`SELECT 1`).then(() => true, (error) => !databaseUnreachable(error));
  answerBeforePonder(databaseAnswers, driver.dialect === "postgres" ? lean : []);
}

/** The same response, calling `done` once its body is read to the end or cancelled by the client. */
function onBodyEnd(response: Response, done: () => void): Response {
  let ended = false;
  const end = () => ended || ((ended = true), done());
  if (!response.body) return end(), response;
  const reader = response.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done: last, value } = await reader.read();
        if (last) (end(), controller.close());
        else controller.enqueue(value);
      } catch (error) {
        end();
        controller.error(error);
      }
    },
    cancel(reason) {
      end();
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}
