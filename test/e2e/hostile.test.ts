import { connect, type Socket } from "node:net";
import superjson from "superjson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Indexer } from "../../devnet/indexer";
import { chainNamed } from "../../devnet/network";
import { DATABASE_URL, dropSchema, freshSchema, gasPaymentLogs, getJson, mailboxNonce } from "./harness";
import { probeHealth, rawGet, type Served, servedIndexer, servedScenario } from "./served";

/**
 * The serving side attacked as a hostile client would, against the indexer as `npm start` runs
 * it (PGlite in its process) and on PostgreSQL: the worst queries are refused fast with a JSON
 * error naming what is wrong, while /health keeps answering within 100 ms.
 */

let served: Served;
let indexer: Indexer;
const schemas: string[] = [];
const indexers: Indexer[] = [];

beforeAll(async () => {
  served = await servedScenario(20261201);
  indexer = await servedIndexer(served);
  indexers.push(indexer);
});

afterAll(async () => {
  await Promise.all(indexers.map((i) => i.stop()));
  await served?.network.stop();
  for (const schema of schemas) await dropSchema(schema);
});

const HEALTH_MS = 100;
const REFUSED_FAST_MS = 1_000;

async function graphql(url: string, query: string, variables?: object) {
  const started = performance.now();
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, body, ms: performance.now() - started };
}

/** Pages inside pages, as the issue found them: each level multiplies the rows by `limit`. */
const nestedPages = (limit: number) =>
  `{messages(limit:${limit}){items{id origin{dispatched(limit:${limit}){items{id origin{dispatched(limit:${limit}){items{id}}}}}}}}}`;

describe("GraphQL", () => {
  for (const limit of [40, 1000]) {
    it(`refuses the nested pages with limit ${limit} fast, and /health answers meanwhile`, async () => {
      const health = probeHealth(indexer.url);
      const answers = await Promise.all(Array.from({ length: 5 }, () => graphql(indexer.url, nestedPages(limit))));
      const { maxMs } = await health.stop();
      for (const { status, body, ms } of answers) {
        expect(status).toBe(400);
        expect(body.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COSTLY");
        expect(body.errors?.[0]?.message).toMatch(/rows \d+ \(at most 5000\)/);
        expect(ms).toBeLessThan(REFUSED_FAST_MS);
      }
      expect(maxMs).toBeLessThan(HEALTH_MS);
    });
  }

  it("counts pages spread through fragments and variables as they run", async () => {
    const query = `query($n: Int) { messages(limit: $n) { items { ...Origin } } }
      fragment Origin on message { origin { dispatched(limit: $n) { items { id } } } }`;
    const { status, body } = await graphql(indexer.url, query, { n: 200 });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/rows 40400 \(at most 5000\), pages 201/);
  });

  it("refuses a query deeper than 8 fields, however few rows it reads", async () => {
    const deep = `{messages(limit:1){items{origin{dispatched(limit:1){items{origin{dispatched(limit:1){items{origin{name}}}}}}}}}}`;
    const { status, body } = await graphql(indexer.url, deep);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/depth 10 \(at most 8\)/);
  });

  it("refuses a body over 32 KiB before reading it all", async () => {
    const { status, body } = await graphql(indexer.url, `{ chains { items { name } } } #${"x".repeat(40_000)}`);
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe("BODY_TOO_LARGE");
  });

  it("serves an explorer's page within the limits, as the Mailboxes count it", async () => {
    const { status, body } = await graphql(indexer.url, `{ chains(limit: 10) { items { chainId name dispatched(limit: 100) { totalCount items { id } } } } }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    for (const chain of served.network.chains) {
      const served_ = body.data.chains.items.find((c: any) => c.chainId === chain.chainId);
      expect(served_.dispatched.totalCount, chain.name).toBe(await mailboxNonce(chain));
      expect(served_.dispatched.items).toHaveLength(await mailboxNonce(chain));
    }
  });

  it("says only that an execution failed, not the SQL behind it", async () => {
    // Ponder decodes a page cursor with JSON.parse: a hand-made one fails inside it.
    const { body } = await graphql(indexer.url, `{ messages(after: "garbage") { items { id } } }`);
    expect(body.errors).toEqual([expect.objectContaining({ message: "Unexpected error.", extensions: { code: "INTERNAL" } })]);
  });
});

/** `sql` as @ponder/client sends it. */
const clientSql = (text: string, params: unknown[] = []) => encodeURIComponent(superjson.stringify({ sql: text, params }));

async function sqlDb(url: string, text: string, params: unknown[] = []) {
  const started = performance.now();
  const response = await fetch(`${url}/sql/db?sql=${clientSql(text, params)}`, { signal: AbortSignal.timeout(15_000) });
  const body = await response.text();
  return { status: response.status, contentType: response.headers.get("content-type"), body: JSON.parse(body), ms: performance.now() - started };
}

const CROSS_JOIN = "SELECT a.body, b.body FROM message a, message b, message c";
// On PGlite, /sql/db reads `message` as empty here (REST serves its rows): the same attack on a table it reads.
const CROSS_JOIN_PAYMENTS = "SELECT a.payment, b.payment FROM gas_payment a, gas_payment b, gas_payment c";

describe("SQL over HTTP", () => {
  const expectCutOff = async (url: string, query = CROSS_JOIN) => {
    const health = probeHealth(url);
    const { status, body, contentType, ms } = await sqlDb(url, query);
    const { maxMs } = await health.stop();
    expect(status).toBe(400);
    expect(contentType).toMatch(/application\/json/);
    expect(body.error).toMatchObject({ code: "invalid_parameter", details: { parameter: "sql" } });
    expect(body.error.message).toMatch(/planner estimates/);
    expect(ms).toBeLessThan(REFUSED_FAST_MS);
    expect(maxMs).toBeLessThan(HEALTH_MS);
  };

  it("refuses a three-way cross join fast on PGlite, and serves a count the logs agree with", async () => {
    await expectCutOff(indexer.url);
    await expectCutOff(indexer.url, CROSS_JOIN_PAYMENTS);
    const { status, body } = await sqlDb(indexer.url, "SELECT count(*) AS n FROM gas_payment WHERE gas_amount > $1", [0]);
    expect(status).toBe(200);
    const logs = [...(await gasPaymentLogs(served.network.chains)).values()].reduce((n, m) => n + m.payments, 0);
    expect(Number(body.rows[0].n)).toBe(logs);
  });

  it("refuses the same cross join fast on PostgreSQL", async () => {
    const schema = freshSchema("hostile");
    schemas.push(schema);
    const pg = await servedIndexer(served, { databaseUrl: DATABASE_URL, schema, pgliteDir: undefined });
    indexers.push(pg);
    await expectCutOff(pg.url);
  });

  it("answers 1,000 /sql/live without sql with a JSON 400 and keeps every live slot", async () => {
    for (let i = 0; i < 1000; i++) {
      const { status, body } = await getJson(`${indexer.url}/sql/live`);
      expect(status).toBe(400);
      expect(body.error.details.parameter).toBe("sql");
    }
    const controller = new AbortController();
    const response = await fetch(`${indexer.url}/sql/live?sql=${clientSql("SELECT count(*) FROM message")}`, { signal: controller.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
    controller.abort();
  });

  it("bounds the open live streams, and frees a slot when its client goes", async () => {
    const open = await Promise.all(
      Array.from({ length: 101 }, async (_, i) => {
        const controller = new AbortController();
        const response = await fetch(`${indexer.url}/sql/live?sql=${clientSql(`SELECT count(*) + ${i} FROM message`)}`, { signal: controller.signal });
        return { status: response.status, controller };
      }),
    );
    expect(open.filter((o) => o.status === 200)).toHaveLength(100);
    expect(open.filter((o) => o.status === 503)).toHaveLength(1);
    for (const o of open) o.controller.abort();
    await new Promise((r) => setTimeout(r, 500));
    const again = await fetch(`${indexer.url}/sql/live?sql=${clientSql("SELECT 1")}`, { signal: AbortSignal.timeout(5_000) });
    expect(again.status).toBe(200);
    await again.body?.cancel();
  });
});

describe("REST errors name the parameter at fault", () => {
  const rarichain = () => chainNamed(served.network, "rarichain").chainId;
  const cases: [string, string, object?][] = [
    [`/api/analytics/transfers?destination=RARI`, "origin", { missing: true }],
    ["/api/analytics/transfers?to=0", "to"],
    ["/api/analytics/messages?to=0", "to"],
    ["/api/analytics/transfers?asset=ETH&origin=rarichain&destination=opchain", "asset"],
    ["/api/messages?limit=0x10", "limit"],
    ["/api/messages?limit=2e2", "limit"],
    ["/api/messages?limit=%205", "limit"],
    ["/api/transfers?limit=", "limit"],
    ["/api/analytics/transfers?from=", "from"],
    ["/api/analytics/top-assets?from=1.5", "from"],
    ["/api/analytics/messages?to=0x10", "to"],
    ["/api/messages?cursor=" + Buffer.from(`1700000000:0x${"ab".repeat(32)}`).toString("base64url"), "cursor"],
  ];
  for (const [path, parameter, details] of cases) {
    it(`${path} → 400 naming ${parameter}`, async () => {
      const { status, body, contentType } = await getJson(`${indexer.url}${path.replace("RARI", String(rarichain()))}`);
      expect(status).toBe(400);
      expect(contentType).toMatch(/application\/json/);
      expect(body.error.details).toMatchObject({ parameter, ...details });
      expect(body.error.message).toMatch(new RegExp(`^${parameter}: expected`));
      expect(body.error.message).not.toMatch(/undefined/);
    });
  }

  it("reads back the cursors it issued and no others: one changed byte is refused", async () => {
    const first = (await getJson(`${indexer.url}/api/messages?limit=7`)).body;
    const second = await getJson(`${indexer.url}/api/messages?limit=7&cursor=${first.nextCursor}`);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(7);
    expect(second.body.items[0].id).not.toBe(first.items[6].id);
    const bytes = Buffer.from(first.nextCursor, "base64url");
    bytes[0] = bytes[0] === 0x31 ? 0x32 : 0x31;
    const forged = await getJson(`${indexer.url}/api/messages?limit=7&cursor=${bytes.toString("base64url")}`);
    expect(forged.status).toBe(400);
    expect(forged.body.error.details.parameter).toBe("cursor");
  });

  // `/` is the dashboard (test/e2e/dashboard.test.ts); its asset path knows only its own files.
  for (const path of ["/app/nothing.js", "/nothing", "/API/messages", "/Api/chains", "/api/MESSAGES", "/sql/other", "/graphql/x"]) {
    it(`${path} → JSON 404`, async () => {
      const { status, body, contentType } = await getJson(`${indexer.url}${path}`);
      expect(status).toBe(404);
      expect(contentType).toMatch(/application\/json/);
      expect(body.error.code).toBe("not_found");
    });
  }

  it("answers headers over Node's limit with a JSON 431", async () => {
    const { status, contentType, text } = await rawGet(indexer.url, "/api/chains", { "x-filler": "a".repeat(20_000) });
    expect(status).toBe(431);
    expect(contentType).toMatch(/application\/json/);
    expect(JSON.parse(text).error.code).toBe("request_header_fields_too_large");
  });
});

describe("connections", () => {
  it("serves others while hundreds of connections idle and headers trickle in", async () => {
    const { hostname, port } = new URL(indexer.url);
    const open = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect(Number(port), hostname, () => resolve(socket));
        socket.on("error", reject);
      });
    const idle = await Promise.all(Array.from({ length: 300 }, open));
    const trickling = await Promise.all(Array.from({ length: 50 }, open));
    for (const s of trickling) s.write("GET /api/chains HTTP/1.1\r\nHost: x\r\n");
    const timer = setInterval(() => trickling.forEach((s) => s.write("x-a: b\r\n")), 200);
    try {
      const health = probeHealth(indexer.url);
      for (let i = 0; i < 20; i++) expect((await getJson(`${indexer.url}/api/chains`)).status).toBe(200);
      const { maxMs } = await health.stop();
      expect(maxMs).toBeLessThan(HEALTH_MS);
    } finally {
      clearInterval(timer);
      [...idle, ...trickling].forEach((s) => s.destroy());
    }
  });
});
