import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Indexer } from "../../devnet/indexer";
import { chainNamed, mineEvery } from "../../devnet/network";
import { deliverMessages, type MessageSpec, sendMessages } from "../../devnet/scenario";
import { assertDocumented } from "./documented";
import { DATABASE_URL, dropSchema, freshSchema, heads, keepMining, mailboxDelivered } from "./harness";
import { type Served, servedIndexer, servedScenario } from "./served";

/**
 * The answers cache of the embedded default (src/api/cache.ts), on the indexer as `npm start`
 * runs it (PGlite in its process) with its chains mining: repeated reads are answered from it,
 * and while readers hammer the API, a read sent once Ponder's own /status has a new block never
 * gets an answer from before that block (the dispatch and the delivery, as the chains say).
 * On PostgreSQL nothing is cached, and a known message's lookup is answered in front of the app
 * (src/api/http-server.ts) with the app's own answer.
 */

let served: Served;
let indexer: Indexer;
const schema = freshSchema("cache");
let postgres: Indexer | undefined;

beforeAll(async () => {
  served = await servedScenario(20261202, 40);
  indexer = await servedIndexer(served);
}, 300_000);

afterAll(async () => {
  await indexer?.stop();
  await postgres?.stop();
  await served?.network.stop();
  await dropSchema(schema);
});

/** A GET with its x-cache header, its answer held to the API document like every e2e read. */
const get = async (url: string) => {
  const response = await fetch(url);
  const text = await response.text();
  const answer = { status: response.status, cache: response.headers.get("x-cache"), body: JSON.parse(text) as any };
  // With its length and Ponder's CORS header, whether made or kept (src/api/route.ts settle).
  expect([response.headers.get("content-length"), response.headers.get("access-control-allow-origin")], url).toEqual([String(Buffer.byteLength(text)), "*"]);
  await assertDocumented(url, answer.status, response.headers.get("content-type"), answer.body);
  return answer;
};

/** Readers keeping the paths' answers cached (and the database busy) until stopped. */
function hammer(url: string, paths: string[], connections = 8) {
  let running = true;
  let reads = 0;
  const done = Promise.all(
    Array.from({ length: connections }, async (_, i) => {
      for (let n = i; running; n++) {
        await fetch(`${url}${paths[n % paths.length]}`).then((r) => r.arrayBuffer());
        reads++;
      }
    }),
  );
  return { stop: async () => ((running = false), await done, reads) };
}

const untilIndexed = async (chain: string, block: bigint) => {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    if (((await indexer.status())[chain]?.block.number ?? -1) >= Number(block)) return;
  }
  throw new Error(`${chain} not indexed up to ${block}`);
};

describe("the answers cache", () => {
  it("answers a repeated read from the cache", async () => {
    const first = await get(`${indexer.url}/api/messages?limit=5`);
    const again = await get(`${indexer.url}/api/messages?limit=5`);
    expect(first.status).toBe(200);
    // A block may have been committed between the two reads: then a third is the cached one.
    const third = again.cache === "hit" ? again : await get(`${indexer.url}/api/messages?limit=5`);
    expect(third.cache).toBe("hit");
    expect(third.body).toEqual((again.cache === "hit" ? first : again).body);
  });

  it("shares a message's diagnosis being made with the reads that ask meanwhile, and never keeps one", async () => {
    const delivered = new Set(served.deliveries.map((d) => d.id));
    const pending = served.sent.find((m) => !delivered.has(m.id))!;
    const url = `${indexer.url}/api/messages/${pending.id}/diagnosis`;
    // A block committed while it is made ends the sharing: the chains stop mining for the round,
    // and it starts once the indexer has committed every block they made.
    await mineEvery(served.network, 0);
    let round: Awaited<ReturnType<typeof get>>[];
    try {
      for (const [chain, block] of Object.entries(await heads(served.network))) await untilIndexed(chain, block);
      round = await Promise.all(Array.from({ length: 20 }, () => get(url)));
    } finally {
      await keepMining(served.network);
    }
    const shared = round.filter((a) => a.cache === "hit");
    expect(shared.length).toBeGreaterThan(0);
    const made = round.filter((a) => a.cache !== "hit").map((a) => JSON.stringify(a.body));
    for (const a of shared) expect(made).toContain(JSON.stringify(a.body));
    for (let n = 0; n < 5; n++) expect((await get(url)).cache).toBeNull();
  });

  it("never answers from before a block Ponder's /status has, while readers hammer it", async () => {
    const readers = hammer(indexer.url, ["/api/messages?limit=5", "/api/chains", "/api/messages?status=pending&limit=5"]);
    try {
      const names = ["settlement", "opchain", "orbitchain", "rarichain"];
      for (let round = 0; round < 4; round++) {
        const spec: MessageSpec = { origin: names[round]!, destination: names[(round + 1) % 4]!, body: `0xcac4e${round}`, payments: [10n ** 15n], deliver: true };
        const [sent] = await sendMessages(served.network, [spec]);
        await untilIndexed(sent!.origin, sent!.dispatch.blockNumber);
        const list = await get(`${indexer.url}/api/messages?limit=5`);
        expect(list.body.items.map((m: any) => m.id), `round ${round}: the list once ${sent!.origin} is at ${sent!.dispatch.blockNumber}`).toContain(sent!.id);
        const chains = await get(`${indexer.url}/api/chains`);
        expect(chains.body.items.find((c: any) => c.name === sent!.origin).indexed.blockNumber).toBeGreaterThanOrEqual(Number(sent!.dispatch.blockNumber));
        expect((await get(`${indexer.url}/api/messages/${sent!.id}`)).body.status).toBe("pending");

        const [delivery] = await deliverMessages(served.network, [sent!]);
        expect(await mailboxDelivered(chainNamed(served.network, sent!.destination), sent!.id)).toBe(true);
        await untilIndexed(sent!.destination, delivery!.blockNumber);
        const pending = await get(`${indexer.url}/api/messages?status=pending&limit=5`);
        expect(pending.body.items.map((m: any) => m.id), `round ${round}: delivered, not pending`).not.toContain(sent!.id);
        expect((await get(`${indexer.url}/api/messages/${sent!.id}`)).body.status).toBe("delivered");
      }
    } finally {
      const reads = await readers.stop();
      expect(reads).toBeGreaterThan(100);
    }
  }, 120_000);

  it("leaves Ponder's request metrics counting each request once, under its own route", async () => {
    const before = await requestCounts(indexer.url);
    const id = served.sent[0]!.id;
    for (let i = 0; i < 3; i++) await get(`${indexer.url}/api/messages/${id}`);
    expect(countedSince(before, await requestCounts(indexer.url))).toEqual({ "/api/messages/:id": 3 });
  });

  it("is off on PostgreSQL", async () => {
    postgres = await servedIndexer(served, { databaseUrl: DATABASE_URL, schema });
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await get(`${postgres.url}/api/messages?limit=5`));
    expect(answers.map((a) => [a.status, a.cache])).toEqual([
      [200, null],
      [200, null],
      [200, null],
    ]);
  }, 300_000);

  it("on PostgreSQL answers a known message's lookup in front of the app: the route's answer, counted once under its route", async () => {
    const delivered = new Set(served.deliveries.map((d) => d.id));
    const before = await requestCounts(postgres!.url);
    for (const sent of served.sent) {
      const lean = await get(`${postgres!.url}/api/messages/${sent.id}`);
      // The same id in capitals is not the lean route's: the app's route answers it.
      const routed = await get(`${postgres!.url}/api/messages/0x${sent.id.slice(2).toUpperCase()}`);
      expect([lean.status, lean.cache]).toEqual([200, null]);
      // The two answers are read a moment apart: a pending message's age may differ by a second.
      expect(ageless(lean.body)).toEqual(ageless(routed.body));
      expect([lean.body.id, lean.body.dispatch.txHash, lean.body.status]).toEqual([sent.id, sent.dispatch.txHash, delivered.has(sent.id) ? "delivered" : "pending"]);
    }
    expect(countedSince(before, await requestCounts(postgres!.url))).toEqual({ "/api/messages/:id": 2 * served.sent.length });
    // An id no chain dispatched goes to the app's route, which says so.
    const unknown = await get(`${postgres!.url}/api/messages/0x${"ab".repeat(32)}`);
    expect([unknown.status, unknown.body.error.code]).toEqual([404, "not_found"]);
  }, 60_000);

  it("on PostgreSQL answers lookups asked at once, read together, each with its own message", async () => {
    const delivered = new Set(served.deliveries.map((d) => d.id));
    const unknown = Array.from({ length: 10 }, (_, i) => `0x${i.toString(16).padStart(2, "0").repeat(32)}`);
    const ids = [...served.sent.map((m) => m.id), ...served.sent.map((m) => m.id), ...unknown].sort(() => Math.random() - 0.5);
    const answers = await Promise.all(ids.map((id) => get(`${postgres!.url}/api/messages/${id}`)));
    for (const [i, id] of ids.entries()) {
      const sent = served.sent.find((m) => m.id === id);
      const answer = answers[i]!;
      if (!sent) expect([answer.status, answer.body.error.code], id).toEqual([404, "not_found"]);
      else expect([answer.status, answer.body.id, answer.body.dispatch.txHash, answer.body.status]).toEqual([200, id, sent.dispatch.txHash, delivered.has(sent.id) ? "delivered" : "pending"]);
    }
  }, 60_000);
});

/** A message's answer with the age its diagnosis states (seconds since dispatch, read from the clock) left out. */
const ageless = (body: any) => JSON.parse(JSON.stringify(body).replace(/\d+ s since dispatch/g, "… s since dispatch").replace(/"ageSeconds":\d+/g, '"ageSeconds":0'));

/** Ponder's count of answered GETs (2XX), by route. */
const requestCounts = async (url: string) =>
  Object.fromEntries(
    [...(await (await fetch(`${url}/metrics`)).text()).matchAll(/^ponder_http_server_request_duration_ms_count\{method="GET",path="([^"]+)",status="2XX"\} (\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]),
  );

/** The routes whose count changed, by how much (the reads of /metrics aside). */
const countedSince = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(Object.keys(after).filter((path) => path !== "/metrics" && after[path] !== before[path]).map((path) => [path, after[path]! - (before[path] ?? 0)]));
