import type { ApiBenchmark, LoadResult, LookupComparison } from "./api-load";
import type { Traffic } from "./generate";
import type { PonderTimeSummary } from "./metrics";
import type { RunResult } from "./runs";
import type { ServingReport } from "./serving";

export type BenchReport = {
  startedAt: string;
  options: Record<string, unknown>;
  /** nodeFlags: what every Ponder process ran with (absent in reports from before they were recorded) */
  machine: { cores: number; node: string; nodeFlags?: string[] };
  traffic: Omit<Traffic, "messageIds">;
  runs: RunResult[];
  api?: ApiBenchmark & { label: string };
  /** The same load on a `ponder serve` replica of the project's tables, the indexer still live. */
  apiReplica?: ApiBenchmark & { label: string };
  /** The project's message lookup vs a minimal Hono + pg server on the same table. */
  lookup?: { poolMax: number; rows: LookupComparison[]; minimalCpuSeconds?: number };
  /** An explorer's reads on PGlite and on PostgreSQL (bench/serving.ts). */
  serving?: ServingReport;
  failures: { step: string; error: string }[];
};

const n = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value) ? "–" : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

const table = (header: string[], rows: (string | number)[][]) =>
  [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");

const seconds = (record: Record<string, number>) =>
  Object.entries(record)
    .sort(([, a], [, b]) => b - a)
    .map(([key, value]) => `${key} ${n(value, 1)} s`)
    .join(", ");

/** The event's name without the argument list of an overloaded event (GasPayment has two). */
const shortEvent = (name: string) => name.replace(/\((.*)\)$/, (_, args: string) => `(${args.split(",").length} args)`);

/** Handlers of the token and Metalayer events (Metalayer messages are decoded inside Mailbox:Dispatch). */
const isTokenHandler = (event: string) => /^tokens\//.test(event);

const microsPerCall = (ponder: PonderTimeSummary, event: string) => {
  const calls = ponder.handlerCalls[event] ?? 0;
  return calls === 0 ? Number.NaN : ((ponder.handlerSeconds[event] ?? 0) * 1e6) / calls;
};

/** Every handler with calls: calls, seconds inside it (Ponder's indexing_function_duration), µs per call. */
function handlerTable(ponder: PonderTimeSummary): string {
  const rows = Object.entries(ponder.handlerCalls)
    .filter(([, calls]) => calls > 0)
    .sort(([a], [b]) => (ponder.handlerSeconds[b] ?? 0) - (ponder.handlerSeconds[a] ?? 0))
    .map(([event, calls]) => [
      `${shortEvent(event)}${isTokenHandler(event) ? " *(token)*" : ""}`,
      n(calls),
      n(ponder.handlerSeconds[event], 2),
      n(microsPerCall(ponder, event), 0),
    ]);
  return table(["handler", "calls", "seconds", "µs per call"], rows);
}

function timeSplit(run: RunResult, ponder: PonderTimeSummary): string {
  const rpcRows = Object.entries(ponder.rpc)
    .sort(([, a], [, b]) => b.requests - a.requests)
    .map(([method, r]) => [method, n(r.requests), n(r.meanMs, 1), n(r.latencySumSeconds, 1)]);
  const handlerTotal = Object.values(ponder.handlerSeconds).reduce((a, b) => a + b, 0);
  const lines = [
    `### Where the time goes: ${run.label} (done in ${n(run.seconds, 1)} s)`,
    "",
    `- Timeline from spawn: HTTP server up (build, start-up) ${n(run.serverSeconds, 1)} s → /ready (backfill to head − 30 indexed) ${n(run.readySeconds, 1)} s → every row in ${n(run.rowsSeconds, 1)} s → every chain at its head (live sync) ${n(run.headSeconds, 1)} s.`,
    `- Historical loop (Ponder's own split of its wall time): waiting for the sync (RPC, decoding) ${n(ponder.waitSeconds.extract, 1)} s; indexing batches ${n(ponder.waitSeconds.transform, 1)} s.`,
    `- Indexing a batch, by step: ${seconds(ponder.transformSeconds) || "–"}.`,
    `- Inside indexing functions: ${n(handlerTotal, 1)} s in all (${seconds(ponder.handlerSeconds)}).`,
    ...tokenHandlerLine(ponder, handlerTotal),
    `- Sync-side CPU work: ${seconds(ponder.extractSeconds) || "–"}.`,
    `- Database, Ponder's labelled methods (calls × mean; they overlap): ${
      Object.entries(ponder.database)
        .map(([method, d]) => `${method} ${n(d.calls)} × ${n(d.meanMs, 1)} ms`)
        .join(", ") || "–"
    }.`,
    `- CPU over ${n(run.seconds, 1)} s wall on ${n(run.seconds * 2, 0)} CPU-s of two cores: indexer ${n(run.cpu?.indexer, 1)}, anvils ${n(run.cpu?.anvils, 1)}, PostgreSQL server ${n(run.cpu?.postgres, 1)}, benchmark polling ${n(run.cpu?.benchmark, 1)}, everything else (kernel, other processes) ${n(run.cpu?.others, 1)} CPU-s.`,
    `- Indexing cache: ${Object.entries(ponder.cacheRequests)
      .map(([type, count]) => `${n(count)} ${type}`)
      .join(", ")}; its database time ${seconds(ponder.cacheQuerySeconds) || "–"} (the flush by table: ${seconds(ponder.flushSecondsByTable ?? {}) || "–"}).`,
    `- RPC: ${n(ponder.rpcRequests)} requests, ${n(ponder.rpcErrors)} errors. Latency sums overlap (requests run concurrently):`,
    "",
    table(["method", "requests", "mean ms", "latency sum s"], rpcRows),
    "",
    "Handlers (Ponder's `ponder_indexing_function_duration`: wall time inside each indexing function, its `context.db` calls included):",
    "",
    handlerTable(ponder),
  ];
  return lines.join("\n");
}

function tokenHandlerLine(ponder: PonderTimeSummary, handlerTotal: number): string[] {
  const token = Object.keys(ponder.handlerCalls).filter((event) => isTokenHandler(event) && (ponder.handlerCalls[event] ?? 0) > 0);
  if (token.length === 0) return [];
  const tokenSeconds = token.reduce((sum, event) => sum + (ponder.handlerSeconds[event] ?? 0), 0);
  const calls = token.reduce((sum, event) => sum + (ponder.handlerCalls[event] ?? 0), 0);
  const each = token.map((event) => `${event} ${n(ponder.handlerCalls[event])} × ${n(microsPerCall(ponder, event), 0)} µs = ${n(ponder.handlerSeconds[event], 2)} s`).join(", ");
  return [
    `- Token handlers: ${n(tokenSeconds, 2)} s of the ${n(handlerTotal, 1)} s (${n((100 * tokenSeconds) / Math.max(handlerTotal, 1e-9), 1)}%) for ${n(calls)} events: ${each}. The warp dispatch side and the Metalayer decoding run inside Mailbox:Dispatch (the dispatch listeners of src/messaging/listeners.ts): ${n(microsPerCall(ponder, "messaging/Mailbox:Dispatch"), 0)} µs per Dispatch.`,
  ];
}

/** The project's runs as ratios to the bare app on the same events, cold to cold and warm to warm. */
function ratios(report: BenchReport): string[] {
  const handlers = (r: RunResult) => Object.values(r.ponder?.handlerSeconds ?? {}).reduce((a, b) => a + b, 0);
  const x = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? "–" : `${n(a / b, 2)}×`);
  const rows = report.runs
    .filter((run) => run.kind === "project")
    .flatMap((run) => {
      const bare = report.runs.find((b) => b.kind === "bareEvents" && b.cache === run.cache);
      return bare
        ? [[run.label, bare.label, x(run.seconds, bare.seconds), x(run.cpu?.indexer, bare.cpu?.indexer), `${n(handlers(run), 1)} / ${n(handlers(bare), 1)}`, x(handlers(run), handlers(bare)), x(run.ponder?.cacheQuerySeconds.flush, bare.ponder?.cacheQuerySeconds.flush)]]
        : [];
    });
  if (rows.length === 0) return [];
  return [
    "",
    "### The project's own cost: ratios to the bare app on the same events (goal ≤ 1.5× done)",
    "",
    table(["run", "vs", "done", "indexer CPU-s", "handler s (project / bare)", "handler s", "cache flush s"], rows),
  ];
}

function lookupTable(report: BenchReport): string[] {
  const lookup = report.lookup;
  if (!lookup) return [];
  const rows = lookup.rows.flatMap((r) => [
    [r.connections, "project `GET /api/messages/:id`", n(r.project.requests), n(r.project.requestsPerSecond), n(r.project.latencyMs.p50, 1), n(r.project.latencyMs.p99, 1), `**${n(100 * r.share, 0)}%**`],
    [r.connections, `minimal Hono + pg (pool ${lookup.poolMax})`, n(r.minimal.requests), n(r.minimal.requestsPerSecond), n(r.minimal.latencyMs.p50, 1), n(r.minimal.latencyMs.p99, 1), "100%"],
  ]);
  return [
    "",
    "### Message lookup: the project vs a minimal Hono + pg server (same SQL, prepared, same table, indexer live; goal ≥ 80%)",
    "",
    table(["connections", "server", "requests", "requests/s", "p50 ms", "p99 ms", "share"], rows),
  ];
}

const non200 = (r: LoadResult) =>
  Object.entries(r.statuses)
    .filter(([status]) => status !== "200")
    .reduce((sum, [, count]) => sum + count, 0);

function servingTables(report: BenchReport): string[] {
  const serving = report.serving;
  if (!serving) return [];
  return serving.databases.flatMap(({ database, rows }) => [
    "",
    `### Serving an explorer: ${database} (${serving.messages} messages, ${serving.seconds} s per row, keep-alive, indexer live)`,
    "",
    table(
      ["endpoint", "connections", "requests/s", "p50 ms", "p99 ms", "max ms", "non-200", "of the lookup by id"],
      rows.map(({ endpoint, result: r, shareOfLookup }) => [
        endpoint,
        r.connections,
        n(r.requestsPerSecond),
        n(r.latencyMs.p50, 1),
        n(r.latencyMs.p99, 1),
        n(r.latencyMs.max, 1),
        n(non200(r)),
        `${n(100 * shareOfLookup, 0)}%`,
      ]),
    ),
  ]);
}

/** The project runs against the same runs of a baseline report (e.g. --tokens off, same N). */
function comparison(report: BenchReport, baseline: BenchReport): string[] {
  const pairs = report.runs
    .filter((run) => run.kind === "project")
    .flatMap((run) => {
      const base = baseline.runs.find((b) => b.label === run.label);
      return base ? [[run, base] as const] : [];
    });
  if (pairs.length === 0) return [];
  const pct = (a: number, b: number) => `${a >= b ? "+" : ""}${n((100 * (a - b)) / b, 0)}%`;
  const handlers = (r: RunResult) => Object.values(r.ponder?.handlerSeconds ?? {}).reduce((a, b) => a + b, 0);
  const label = (r: BenchReport) => (r.traffic.tokens ? "with tokens" : "plain");
  const rows = pairs.map(([run, base]) => [
    run.label,
    `${n(run.events)} / ${n(base.events)}`,
    `${n(run.seconds, 1)} / ${n(base.seconds, 1)}`,
    pct(run.seconds, base.seconds),
    `${n(run.cpu?.indexer, 1)} / ${n(base.cpu?.indexer, 1)}`,
    `${n(handlers(run), 1)} / ${n(handlers(base), 1)}`,
    `${n(run.eventsPerSecond)} / ${n(base.eventsPerSecond)}`,
  ]);
  // µs per call of every handler, per paired run: what the token events cost, and whether the
  // messaging handlers themselves slowed down (a bigger indexing cache, or noise).
  const events = [...new Set(pairs.flatMap(([run, base]) => [...Object.keys(run.ponder?.handlerCalls ?? {}), ...Object.keys(base.ponder?.handlerCalls ?? {})]))].filter(
    (event) => event !== "messaging/Mailbox:setup" && pairs.some(([run]) => (run.ponder?.handlerCalls[event] ?? 0) > 0),
  );
  const perCall = (r: RunResult, event: string) => (r.ponder ? microsPerCall(r.ponder, event) : Number.NaN);
  const handlerRows = events.map((event) => [
    `${shortEvent(event)}${isTokenHandler(event) ? " *(token)*" : ""}`,
    ...pairs.map(([run, base]) => `${n(perCall(run, event), 0)} / ${n(perCall(base, event), 0)}`),
  ]);
  const [cold, coldBase] = pairs[0]!;
  const dispatchNow = cold.ponder ? microsPerCall(cold.ponder, "messaging/Mailbox:Dispatch") : Number.NaN;
  const dispatchBase = coldBase.ponder ? microsPerCall(coldBase.ponder, "messaging/Mailbox:Dispatch") : Number.NaN;
  return [
    "",
    `### ${label(report)} vs ${label(baseline)}: ${n(report.traffic.expected.messages)} messages each (baseline ${baseline.startedAt})`,
    "",
    table(["run", "events", "done s", "Δ done", "indexer CPU-s", "handler s", "events/s"], rows),
    "",
    `Each cell is ${label(report)} / ${label(baseline)}, one run each on its own chains (so within run-to-run noise: compare the others' CPU-s of the two runs). In the first run, Mailbox:Dispatch took ${n(dispatchNow, 0)} µs per call vs ${n(dispatchBase, 0)} µs (the token run's includes the warp and Metalayer dispatch listeners).`,
    "",
    "Handler µs per call, " + `${label(report)} / ${label(baseline)}:`,
    "",
    table(["handler", ...pairs.map(([run]) => run.label)], handlerRows),
  ];
}

export function renderMarkdown(report: BenchReport, baseline?: BenchReport): string {
  const { traffic } = report;
  const blocks = traffic.chains.reduce((sum, c) => sum + c.head - c.startBlock + 1, 0);
  const eventKinds = Object.keys(traffic.chains[0]?.events ?? {});
  const eventTotals = eventKinds
    .map((kind) => [kind, traffic.chains.reduce((s, c) => s + (c.events[kind] ?? 0), 0)] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${kind} ${n(count)}`)
    .join(", ");
  const tokens = traffic.tokens;
  const tokenLine = tokens
    ? [
        "",
        `Token traffic (part of the ${n(traffic.expected.messages)} messages; apps deployed in ${n(tokens.deploySeconds, 1)} s, not timed): ${n(tokens.warp.sent)} warp transfers (ERA ${n(tokens.warp.era)}, ETH ${n(tokens.warp.eth)}; ${n(tokens.warp.sent - tokens.warp.returns)} settlement → rollups, ${n(tokens.warp.returns)} back from a rollup), ${n(tokens.warp.delivered)} delivered; ${n(tokens.meta.sent)} MetaERC20 hub → spoke transfers, ${n(tokens.meta.delivered)} delivered; ${n(tokens.metalayer.sent)} Metalayer messages with ${n(tokens.metalayer.reads)} reads, ${n(tokens.metalayer.delivered)} delivered. The project's run is done when, besides the messages, the \`transfer\` table has all ${n(tokens.transfers)} transfers (${n(tokens.transfersDelivered)} with their delivery) and \`metalayer_message\` all ${n(traffic.expected.metalayerMessages)} Metalayer messages (the MetaERC20 transfers travel through the routers too).`,
      ]
    : ["", "No token traffic (--tokens off): plain Hyperlane messages only."];
  const bridges = traffic.expected.bridgeTransfers;
  if (bridges) {
    tokenLine.push(
      "",
      `Native bridge traffic (besides the messages, bench/bridges.ts): ${n(bridges)} ETH deposits and withdrawals through the rollups' bridges, not relayed; the project's run is done when \`bridge_transfer\` has a row for each. Their handlers' cost is in the handler table below (the rollups/ sources).`,
    );
  }
  const out = [
    `## Benchmark ${report.startedAt}: ${n(traffic.expected.messages)} messages on ${traffic.chains.length} anvil chains`,
    "",
    `Traffic: ${n(traffic.expected.messages)} messages, ${n(traffic.expected.delivered)} delivered, ${n(traffic.expected.gasPayments)} gas payments; ${n(traffic.expected.events)} indexed logs (${eventTotals}) in ${n(blocks)} blocks (${n(traffic.chains.reduce((s, c) => s + c.transactions, 0))} transactions). Generated in ${n(traffic.seconds, 1)} s (not timed). Machine: ${report.machine.cores} cores, Node ${report.machine.node}${report.machine.nodeFlags?.length ? ` (every indexer with ${report.machine.nodeFlags.join(" ")})` : ""}, PostgreSQL on 127.0.0.1; every run on a fresh database (cold Ponder RPC cache unless marked warm).`,
    ...tokenLine,
    "",
    table(
      ["run", "RPC URLs per chain", "events", "server up s", "rows in s", "at head s", "done s", "events/s", "messages/s", "RPC requests", "indexer CPU-s", "anvil CPU-s", "others' CPU-s", "others at start (cores)"],
      report.runs.map((run) => [
        run.label,
        run.rpcRepeat === undefined ? "–" : run.rpcRepeat,
        n(run.events),
        n(run.serverSeconds, 1),
        n(run.rowsSeconds, 1),
        n(run.headSeconds, 1),
        `**${n(run.seconds, 1)}**`,
        `**${n(run.eventsPerSecond)}**`,
        n(run.rows / run.seconds),
        run.ponder ? n(run.ponder.rpcRequests) : run.loader ? n(run.loader.getLogsRequests) : "–",
        n(run.cpu?.indexer, 1),
        n(run.cpu?.anvils, 1),
        n(run.cpu?.others, 1),
        run.quietBeforeStart ? n(run.quietBeforeStart.otherCores, 2) : `load ${n(run.loadAverageAtStart, 2)}`,
      ]),
    ),
    "",
    "Clock: from spawning the process until every row is in (indexers: and /status shows every chain at its recorded head). The project and bare Ponder on the project's events count every event kind the project indexes (the traffic line above); bare Ponder (Dispatch) and the loader count Dispatch only. *others' CPU-s*: CPU used during the run by the kernel and by processes that are not the run's (not the indexer, the anvils, the PostgreSQL server or this benchmark); much above a few CPU-s means the machine was shared and the run is slower than it would be alone. *others at start*: cores busy with other processes just before the spawn (see --quiet-wait).",
  ];
  out.push(...ratios(report), ...lookupTable(report), ...servingTables(report));
  if (baseline) out.push(...comparison(report, baseline));
  const loader = report.runs.find((r) => r.loader);
  if (loader?.loader) {
    out.push("", `Plain loader: eth_getLogs ${n(loader.loader.fetchSeconds, 1)} s (${n(loader.loader.getLogsRequests)} requests), COPY ${n(loader.loader.copySeconds, 1)} s, the rest is process start-up.`);
  }
  for (const run of report.runs) {
    if (run.ponder) out.push("", timeSplit(run, run.ponder));
  }
  for (const api of [report.api, report.apiReplica]) {
    if (!api) continue;
    const { single, loaded } = api;
    const row = (r: LoadResult) => {
      return [r.connections, n(r.requests), n(r.seconds, 1), n(r.requestsPerSecond), n(r.latencyMs.p50, 1), n(r.latencyMs.p90, 1), n(r.latencyMs.p99, 1), n(r.latencyMs.max, 1), n(non200(r))];
    };
    out.push(
      "",
      `### API: GET /api/messages/:id (${api.label}, random known ids, keep-alive, indexer live)`,
      "",
      table(["connections", "requests", "seconds", "requests/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "non-200"], [row(single), row(loaded)]),
      "",
      `During the ${loaded.connections}-connection phase the serving process used ${n(api.indexerCpuSeconds, 1)} CPU-s (${n((api.indexerCpuSeconds ?? Number.NaN) / loaded.requests * 1000, 2)} ms per request) and the load generator, on the same two cores, ${n(api.generatorCpuSeconds, 1)} CPU-s.`,
    );
  }
  if (report.failures.length > 0) {
    out.push("", "### Failed steps", "", ...report.failures.map((f) => `- ${f.step}: ${f.error.split("\n")[0]}`));
  }
  return `${out.join("\n")}\n`;
}
