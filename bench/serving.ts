import { loadTest } from "./api-load";
import { servedIndexer, servedScenario } from "../test/e2e/served";

/**
 * The embedded default (PGlite in the indexer's process) serving an explorer's reads: the
 * lookup by id, the lists, search and the route matrix, at 50 and 200 connections, loopback.
 * `node --import tsx bench/serving.ts [seconds per run]`
 */
const SECONDS = Number(process.argv[2] ?? 10);

const served = await servedScenario(20261201);
const indexer = await servedIndexer(served);
try {
  const ids = served.sent.map((m) => m.id);
  const endpoints: Record<string, string[]> = {
    "messages/:id": ids.map((id) => `/api/messages/${id}`),
    "messages list": ["/api/messages?limit=50", "/api/messages?status=pending&limit=50", "/api/messages?origin=rarichain&limit=50"],
    search: ids.slice(0, 20).map((id) => `/api/search?q=${id}`),
    "route matrix": ["/api/analytics/messages"],
  };
  const rows: string[] = ["| endpoint | connections | requests/s | p50 ms | p99 ms | max ms | non-200 |", "|---|---|---|---|---|---|---|"];
  for (const [name, paths] of Object.entries(endpoints)) {
    for (const connections of [50, 200]) {
      const r = await loadTest({ url: indexer.url, paths, connections, requests: 1_000_000, seconds: SECONDS });
      const failed = Object.entries(r.statuses).filter(([s]) => s !== "200").reduce((n, [, c]) => n + c, 0);
      rows.push(`| ${name} | ${connections} | ${r.requestsPerSecond} | ${r.latencyMs.p50} | ${r.latencyMs.p99} | ${r.latencyMs.max} | ${failed} |`);
      console.log(rows.at(-1));
    }
  }
  console.log(rows.join("\n"));
} finally {
  await indexer.stop();
  await served.network.stop();
}
