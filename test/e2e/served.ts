import { writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { type Indexer, type IndexerOptions } from "../../devnet/indexer";
import { freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { type Delivery, makeScenario, mineEmpty, runScenario, type SentMessage } from "../../devnet/scenario";
import { assertDocumented } from "./documented";
import { heads, indexUpTo, keepMining, tempDir } from "./harness";

/**
 * A served explorer as `npm start` runs it (PGlite, in the indexer's process) over a seeded
 * scenario of about 150 messages: what the hostile-client tests attack.
 */
export type Served = { network: Network; sent: SentMessage[]; deliveries: Delivery[]; manifestPath: string; target: Record<string, bigint> };

export async function servedScenario(seed: number, count = 150): Promise<Served> {
  const network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  const { sent, deliveries } = await runScenario(network, makeScenario({ seed, count }));
  await mineEmpty(network, 40);
  const target = await heads(network);
  await keepMining(network);
  const manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify(network.manifest, null, 2));
  return { network, sent, deliveries, manifestPath, target };
}

export async function servedIndexer(served: Served, options: Partial<IndexerOptions> = {}): Promise<Indexer> {
  const indexer = await indexUpTo({ manifestPath: served.manifestPath, pgliteDir: tempDir("pglite"), ...options }, served.target);
  await indexer.waitForReady();
  await settled(indexer.url);
  return indexer;
}

/**
 * Ready is not yet steady: after its backfill Ponder builds the tables' indexes, on PGlite inside
 * the process. Waits until 25 /health probes in a row answer within 50 ms.
 */
async function settled(url: string, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (let quick = 0; quick < 25; ) {
    if (Date.now() > deadline) throw new Error(`${url}: /health never answered 25 times in a row within 50 ms`);
    quick = (await healthMs(url)) < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Milliseconds to an answer of GET /health, the liveness probe every orchestrator sends. */
export async function healthMs(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(10_000) });
  await response.text();
  if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
  return performance.now() - started;
}

/** Probes /health every `everyMs` until stopped; resolves to the slowest answer seen and the p99. */
export function probeHealth(url: string, everyMs = 25) {
  let running = true;
  const times: number[] = [];
  const done = (async () => {
    while (running) {
      times.push(await healthMs(url).catch(() => Number.POSITIVE_INFINITY));
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await done;
      const sorted = [...times].sort((a, b) => a - b);
      return { probes: times.length, maxMs: sorted.at(-1) ?? 0, p99Ms: sorted[Math.floor(sorted.length * 0.99)] ?? 0 };
    },
  };
}

/** A raw GET with chosen headers (fetch refuses some), answered as status, content type and text, checked against the API document. */
export function rawGet(url: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; contentType: string | undefined; text: string }>((resolve, reject) => {
    const target = new URL(url);
    const request = httpRequest({ host: target.hostname, port: target.port, path, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => (text += chunk));
      response.on("end", () => {
        const answer = { status: response.statusCode ?? 0, contentType: response.headers["content-type"], text };
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // left as text: the test asserts on it
        }
        assertDocumented(`${url}${path}`, answer.status, answer.contentType, body).then(() => resolve(answer), reject);
      });
    });
    request.on("error", reject);
    request.end();
  });
}
