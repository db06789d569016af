/**
 * Ponder's /metrics (Prometheus text) boiled down to where an indexing run spent its time.
 * Ponder's duration metrics are in milliseconds; `*_sum` of a histogram adds up request or
 * call latencies, which overlap when requests run concurrently (so they can exceed wall time).
 */

export type Sample = { name: string; labels: Record<string, string>; value: number };

export function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key as string] = value as string;
    }
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

const sumBy = (samples: Sample[], name: string, label: string) => {
  const out: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== name) continue;
    const key = s.labels[label] ?? "";
    out[key] = (out[key] ?? 0) + s.value;
  }
  return out;
};

const total = (samples: Sample[], name: string) => samples.filter((s) => s.name === name).reduce((sum, s) => sum + s.value, 0);

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const msToSeconds = (record: Record<string, number>, digits = 2) =>
  Object.fromEntries(Object.entries(record).map(([key, ms]) => [key, round(ms / 1000, digits)]));

export type PonderTimeSummary = {
  rpc: Record<string, { requests: number; latencySumSeconds: number; meanMs: number }>;
  rpcRequests: number;
  rpcErrors: number;
  /** Time spent inside indexing functions, by event. */
  handlerSeconds: Record<string, number>;
  handlerCalls: Record<string, number>;
  /** Historical indexing loop, by step: prefetch (cache + RPC prefetch), index (handlers), load (flush to the database), begin/finalize/commit. */
  transformSeconds: Record<string, number>;
  /** Historical sync work: decoding and building events. */
  extractSeconds: Record<string, number>;
  /**
   * The historical loop's wall time split in two: "extract", waiting for the next batch of
   * events from the sync (RPC, decoding); "transform", indexing a batch (handlers, flush, commit).
   */
  waitSeconds: Record<string, number>;
  /** Ponder's labelled database methods, slowest in sum first; they overlap (the sync writes up to 100 blocks at once). */
  database: Record<string, { calls: number; latencySumSeconds: number; meanMs: number }>;
  postgresQueries: number;
  /** Indexing-cache lookups by outcome: a "miss" is a primary-key read from the database inside a handler. */
  cacheRequests: Record<string, number>;
  /** Database time of the indexing cache: "find" on a miss, "flush" writing a batch's rows. */
  cacheQuerySeconds: Record<string, number>;
  /** Of that, the flush by table */
  flushSecondsByTable: Record<string, number>;
  cpuSeconds: number;
  completedEvents: number;
};

export function summarizePonderMetrics(text: string): PonderTimeSummary {
  const samples = parsePrometheus(text);
  const rpcCount = sumBy(samples, "ponder_rpc_request_duration_count", "method");
  const rpcSum = sumBy(samples, "ponder_rpc_request_duration_sum", "method");
  const rpc = Object.fromEntries(
    Object.entries(rpcCount).map(([method, requests]) => [
      method,
      { requests, latencySumSeconds: round((rpcSum[method] ?? 0) / 1000), meanMs: round((rpcSum[method] ?? 0) / Math.max(requests, 1)) },
    ]),
  );
  const databaseCount = sumBy(samples, "ponder_database_method_duration_count", "method");
  const databaseMs = sumBy(samples, "ponder_database_method_duration_sum", "method");
  const database = Object.fromEntries(
    Object.entries(databaseMs)
      .sort(([, a], [, b]) => b - a)
      .slice(0, 8)
      .map(([method, ms]) => {
        const calls = databaseCount[method] ?? 0;
        return [method, { calls, latencySumSeconds: round(ms / 1000), meanMs: round(ms / Math.max(calls, 1)) }];
      }),
  );
  return {
    rpc,
    rpcRequests: Object.values(rpcCount).reduce((a, b) => a + b, 0),
    rpcErrors: total(samples, "ponder_rpc_request_error_total"),
    // Four digits: per-call means of fast handlers are tens of microseconds.
    handlerSeconds: msToSeconds(sumBy(samples, "ponder_indexing_function_duration_sum", "event"), 4),
    handlerCalls: sumBy(samples, "ponder_indexing_function_duration_count", "event"),
    transformSeconds: msToSeconds(sumBy(samples, "ponder_historical_transform_duration", "step")),
    extractSeconds: msToSeconds(sumBy(samples, "ponder_historical_extract_duration", "step")),
    waitSeconds: msToSeconds(sumBy(samples, "ponder_historical_concurrency_group_duration", "group")),
    database,
    postgresQueries: total(samples, "ponder_postgres_query_total"),
    cacheRequests: sumBy(samples, "ponder_indexing_cache_requests_total", "type"),
    cacheQuerySeconds: msToSeconds(sumBy(samples, "ponder_indexing_cache_query_duration_sum", "method")),
    flushSecondsByTable: msToSeconds(sumBy(samples.filter((s) => s.labels.method === "flush"), "ponder_indexing_cache_query_duration_sum", "table")),
    cpuSeconds: round(total(samples, "process_cpu_seconds_total")),
    completedEvents: total(samples, "ponder_indexing_completed_events"),
  };
}
