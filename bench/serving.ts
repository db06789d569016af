import { type IndexerOptions } from "../devnet/indexer";
import { servedIndexer, servedScenario } from "../test/e2e/served";
import { type LoadResult, loadTest } from "./api-load";

/**
 * An explorer's page loads served by the embedded default (PGlite, in the indexer's process, as
 * `npm start` runs it) and by PostgreSQL, over the same seeded scenario of about 150 messages:
 * the lookup by id, the lists, search, the route matrix and the stuck-message diagnosis, each at
 * 50 and 200 keep-alive connections. Each endpoint's throughput is also stated as its share of
 * the lookup by id on the same database in the same run.
 */
export type ServingRow = { endpoint: string; result: LoadResult; shareOfLookup: number };
export type ServingReport = { messages: number; seconds: number; databases: { database: string; rows: ServingRow[] }[] };

export const SERVING_CONNECTIONS = [50, 200] as const;

export async function benchServing(options: {
  seconds: number;
  postgres: () => Promise<Partial<IndexerOptions>>;
  log: (line: string) => void;
}): Promise<ServingReport> {
  const served = await servedScenario(20261201);
  try {
    const ids = served.sent.map((m) => m.id);
    const delivered = new Set(served.deliveries.map((d) => d.id));
    const pending = ids.filter((id) => !delivered.has(id));
    const endpoints: Record<string, string[]> = {
      "GET /api/messages/:id": ids.map((id) => `/api/messages/${id}`),
      "GET /api/messages (lists)": ["/api/messages?limit=50", "/api/messages?status=pending&limit=50", "/api/messages?origin=rarichain&limit=50"],
      "GET /api/search": ids.slice(0, 20).map((id) => `/api/search?q=${id}`),
      "GET /api/analytics/messages (route matrix)": ["/api/analytics/messages"],
      "GET /api/messages/:id/diagnosis": (pending.length ? pending : ids).map((id) => `/api/messages/${id}/diagnosis`),
    };
    const databases: ServingReport["databases"] = [];
    for (const [database, extra] of [
      ["PGlite (embedded, as npm start)", async () => ({})],
      ["PostgreSQL", options.postgres],
    ] as const) {
      options.log(`serving on ${database}: indexing ${ids.length} messages…`);
      const indexer = await servedIndexer(served, await extra());
      try {
        const rows: ServingRow[] = [];
        for (const connections of SERVING_CONNECTIONS) {
          for (const [endpoint, paths] of Object.entries(endpoints)) {
            // A short warm-up, so the figures do not pay for first plans and caches.
            await loadTest({ url: indexer.url, paths, connections, requests: 500, seconds: 2 });
            const result = await loadTest({ url: indexer.url, paths, connections, requests: 1_000_000, seconds: options.seconds, seed: connections });
            const lookup = rows.find((r) => r.result.connections === connections)?.result ?? result;
            rows.push({ endpoint, result, shareOfLookup: Math.round((1000 * result.requestsPerSecond) / lookup.requestsPerSecond) / 1000 });
            options.log(`${database}, ${endpoint} at ${connections}: ${result.requestsPerSecond}/s, p99 ${result.latencyMs.p99} ms`);
          }
        }
        databases.push({ database, rows });
      } finally {
        await indexer.stop();
      }
    }
    return { messages: ids.length, seconds: options.seconds, databases };
  } finally {
    await served.network.stop();
  }
}
