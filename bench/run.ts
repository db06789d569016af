import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { type Apps, appsManifest, deployApps } from "../devnet/apps";
import { type Indexer, PONDER_NODE_FLAGS, PROJECT_ROOT, startReplica } from "../devnet/indexer";
import { freshChainIdOffset, type Network, startNetwork } from "../devnet/network";
import { benchmarkMessageApi, compareLookups, type LookupComparison, startLookupServer } from "./api-load";
import { generateTraffic, type Traffic } from "./generate";
import { type Quiet, waitForQuiet } from "./cpu";
import { benchServing, SERVING_CONNECTIONS } from "./serving";
import { createDatabase, DEFAULT_DATABASE_URL, dropDatabase } from "./pg";
import { type BenchReport, renderMarkdown } from "./report";
import { type RunContext, type RunResult, runBare, runLoader, runProject } from "./runs";

/**
 * `npm run bench`: generates Hyperlane traffic on the devnet's four anvil chains, then times,
 * one after another on the same chains, the project's indexer, a bare Ponder app and a plain
 * getLogs + COPY loader, and load-tests the project's message API. See bench/README.md.
 */

const PROJECT_SCHEMA = "bench_project";
const RUNS = ["project", "api", "serving", "warm", "repeat", "bare", "events", "loader"] as const;
type RunName = (typeof RUNS)[number];

const usage = `usage: npm run bench -- [options]
  --messages N            messages to generate (env BENCH_MESSAGES; default 100000)
  --tx-per-block N        transactions packed per block (default 150)
  --seed N                scenario seed (default 1)
  --tokens on|off         token and Metalayer traffic (default on): the apps are deployed and, of the
                          N messages, 15% are warp transfers (a fifth of them sent back from a rollup),
                          5% MetaERC20 hub → spoke transfers, 5% Metalayer messages with reads
  --baseline FILE.json    an earlier run's JSON (e.g. --tokens off, same N) to compare the project
                          runs with, in latest.md (with --render too)
  --runs a,b,…            of ${RUNS.join(", ")} (default: all)
                          project: the indexer with the devnet manifest; api: load test on it;
                          serving: an explorer's reads (lookup, lists, search, route matrix, diagnosis)
                          at ${SERVING_CONNECTIONS.join(" and ")} connections on PGlite and on PostgreSQL, a scenario of
                          about 150 messages of its own (npm start's size);
                          warm: the project again on the project run's RPC cache;
                          repeat: the project with rpcRepeat from --repeats; bare: bare Ponder (Dispatch);
                          events: bare Ponder on the project's events, cold then warm; loader: viem getLogs + one COPY
  --repeats N,…           rpcRepeat values for the "repeat" runs (default 1)
  --api-requests N        (default 20000)   --api-seconds N (default 20)   --api-connections N (default 200)
  --serving-seconds N     per endpoint and connection count in the serving run (default 10)
  --lookup-connections N,… the project's lookup vs a minimal Hono + pg server (default 50,200)
  --lookup-pool N         the minimal server's pool (default 9: what \`ponder start\` gives its API of 30)
  --loader-range N        blocks per eth_getLogs (default 500)   --loader-concurrency N (default 2 per chain)
  --quiet-wait N           before each timed run, wait up to N s (default 120; 0: don't) until other
                          processes use under 0.3 of a core (the result records how it went)
  --render FILE.json       only re-render bench/results/latest.md from an earlier run's JSON
  --database-url URL      PostgreSQL server (env BENCH_DATABASE_URL; default ${DEFAULT_DATABASE_URL});
                          each run gets a database of its own there, dropped at the end
  env BENCH_CPU_PROF=DIR   each indexer (the project, the bare apps) and the minimal lookup server run with node --cpu-prof, one .cpuprofile per run
                          under DIR/<run> (open it in Chrome DevTools or speedscope)`;

function options() {
  const { values } = parseArgs({
    options: {
      messages: { type: "string" },
      "tx-per-block": { type: "string", default: "150" },
      seed: { type: "string", default: "1" },
      tokens: { type: "string", default: "on" },
      baseline: { type: "string" },
      runs: { type: "string", default: RUNS.join(",") },
      repeats: { type: "string", default: "1" },
      "api-requests": { type: "string", default: "20000" },
      "api-seconds": { type: "string", default: "20" },
      "api-connections": { type: "string", default: "200" },
      "serving-seconds": { type: "string", default: "10" },
      "lookup-connections": { type: "string", default: "50,200" },
      "lookup-pool": { type: "string", default: "9" },
      "loader-range": { type: "string", default: "500" },
      "loader-concurrency": { type: "string", default: "2" },
      "empty-blocks": { type: "string", default: "40" },
      "database-url": { type: "string" },
      "quiet-wait": { type: "string", default: "120" },
      render: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, min: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) {
      console.error(`--${name}: expected an integer >= ${min}, got ${JSON.stringify(raw)}\n\n${usage}`);
      process.exit(2);
    }
    return value;
  };
  if (values.tokens !== "on" && values.tokens !== "off") {
    console.error(`--tokens: expected on or off, got ${JSON.stringify(values.tokens)}\n\n${usage}`);
    process.exit(2);
  }
  const runs = values.runs.split(",").map((r) => r.trim()).filter(Boolean);
  const unknown = runs.filter((r) => !(RUNS as readonly string[]).includes(r));
  if (unknown.length > 0) {
    console.error(`--runs: unknown run ${unknown.join(", ")}; expected some of ${RUNS.join(", ")}\n\n${usage}`);
    process.exit(2);
  }
  return {
    messages: int("messages", values.messages ?? process.env.BENCH_MESSAGES ?? "100000", 1),
    txPerBlock: int("tx-per-block", values["tx-per-block"], 1),
    seed: int("seed", values.seed, 0),
    tokens: values.tokens === "on",
    baseline: values.baseline,
    runs: new Set(runs as RunName[]),
    repeats: values.repeats.split(",").map((r) => int("repeats", r.trim(), 1)),
    apiRequests: int("api-requests", values["api-requests"], 1),
    apiSeconds: int("api-seconds", values["api-seconds"], 1),
    apiConnections: int("api-connections", values["api-connections"], 1),
    servingSeconds: int("serving-seconds", values["serving-seconds"], 1),
    lookupConnections: values["lookup-connections"].split(",").map((c) => int("lookup-connections", c.trim(), 1)),
    lookupPool: int("lookup-pool", values["lookup-pool"], 1),
    loaderRange: int("loader-range", values["loader-range"], 1),
    loaderConcurrency: int("loader-concurrency", values["loader-concurrency"], 1),
    // Ponder backfills to head − 30 on unknown chain ids; the rest it reads live.
    emptyBlocks: int("empty-blocks", values["empty-blocks"], 31),
    quietWait: int("quiet-wait", values["quiet-wait"], 0),
    render: values.render,
    databaseUrl: values["database-url"] ?? process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL,
  };
}

const benchDir = dirname(fileURLToPath(import.meta.url));
const log = (line: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Last in, first out; each step runs once, failures are reported and the rest still run. */
const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop()!;
      await step.run().catch((error: unknown) => console.error(`cleanup: ${step.what} failed: ${String(error)}`));
    }
  })();
  return cleaning;
}
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping indexers and anvils, dropping the benchmark's databases…`);
    const force = setTimeout(() => process.exit(code), 30_000);
    void cleanUp().finally(() => {
      clearTimeout(force);
      process.exit(code);
    });
  });
}

function writeMarkdown(report: BenchReport, baselinePath?: string): string {
  const baseline = baselinePath ? (JSON.parse(readFileSync(baselinePath, "utf8")) as BenchReport) : undefined;
  const markdown = renderMarkdown(report, baseline);
  const resultsDir = join(benchDir, "results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "latest.md"), markdown);
  return markdown;
}

async function main() {
  const opts = options();
  if (opts.render) {
    console.log(writeMarkdown(JSON.parse(readFileSync(opts.render, "utf8")) as BenchReport, opts.baseline));
    return 0;
  }
  const startedAt = new Date().toISOString();
  const runId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  log(`${opts.messages} messages, ${opts.txPerBlock} transactions per block, tokens ${opts.tokens ? "on" : "off"}; runs: ${[...opts.runs].join(", ")}`);

  const network: Network = await startNetwork({ chainIdOffset: freshChainIdOffset(), onProgress: log });
  cleanups.push({ what: "stop the anvils", run: () => network.stop() });
  const workDir = mkdtempSync(join(tmpdir(), "metalayer-bench-"));
  cleanups.push({ what: `remove ${workDir}`, run: async () => rmSync(workDir, { recursive: true, force: true }) });

  let apps: Apps | undefined;
  let appsDeploySeconds: number | undefined;
  if (opts.tokens) {
    const deployStarted = performance.now();
    apps = await deployApps(network, log);
    appsDeploySeconds = (performance.now() - deployStarted) / 1000;
    log(`apps deployed in ${appsDeploySeconds.toFixed(1)} s`);
  }

  // The indexers' manifest; the traffic's ground truth reads it too (what the project registers).
  const manifestPath = join(workDir, "manifest.json");
  if (apps) writeFileSync(manifestPath, `${JSON.stringify(appsManifest(network.manifest, apps), null, 2)}\n`);
  else network.writeManifest(manifestPath);

  log("generating traffic…");
  const traffic: Traffic = await generateTraffic(network, {
    manifestPath,
    messages: opts.messages,
    seed: opts.seed,
    txPerBlock: opts.txPerBlock,
    emptyBlocks: opts.emptyBlocks,
    apps,
    appsDeploySeconds,
    onProgress: log,
  });
  log(
    `generated ${traffic.expected.messages} messages, ${traffic.expected.events} indexed logs in ${traffic.seconds.toFixed(1)} s; heads: ${traffic.chains.map((c) => `${c.name} ${c.head}`).join(", ")}`,
  );

  const manifestRepeat = network.manifest.chains[0]?.rpcRepeat ?? 1;
  const ctx: RunContext = { network, traffic, workDir };
  const runs: RunResult[] = [];
  const failures: BenchReport["failures"] = [];
  let api: BenchReport["api"];
  let apiReplica: BenchReport["apiReplica"];
  let lookup: BenchReport["lookup"];
  let serving: BenchReport["serving"];

  let databases = 0;
  const freshDatabase = async () => {
    const database = `bench_${runId}_${++databases}`;
    const url = await createDatabase(opts.databaseUrl, database);
    cleanups.push({ what: `drop database ${database}`, run: () => dropDatabase(opts.databaseUrl, database) });
    return { database, url };
  };
  let quiet: Quiet | undefined;
  const attempt = async (step: string, run: () => Promise<void>) => {
    if (opts.quietWait > 0) {
      quiet = await waitForQuiet(opts.quietWait);
      if (!quiet.quiet) log(`other processes still use ${quiet.otherCores} of a core after ${quiet.waitedSeconds} s: going ahead`);
      else if (quiet.waitedSeconds > 5) log(`waited ${quiet.waitedSeconds} s for other processes to quieten`);
    }
    log(`${step}…`);
    try {
      await run();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ step, error: message });
      log(`${step} failed: ${message}`);
    }
  };
  const record = (result: RunResult) => {
    if (quiet) result.quietBeforeStart = quiet;
    runs.push(result);
    log(`${result.label}: ${result.seconds.toFixed(1)} s, ${result.eventsPerSecond} events/s (rows in at ${result.rowsSeconds.toFixed(1)} s)`);
  };

  let projectDb: { database: string; url: string } | undefined;
  if (opts.runs.has("project") || opts.runs.has("api") || opts.runs.has("warm")) {
    await attempt(`project, rpcRepeat ${manifestRepeat}`, async () => {
      projectDb = await freshDatabase();
      const label = `project (devnet manifest, cold)`;
      const { result, indexer } = await runProject(ctx, {
        label,
        manifestPath,
        databaseUrl: projectDb.url,
        database: projectDb.database,
        schema: PROJECT_SCHEMA,
        rpcRepeat: manifestRepeat,
        cache: "cold",
        keep: opts.runs.has("api"),
      });
      record(result);
      if (indexer) await apiTest(indexer, projectDb);
    });
  }

  async function loadApi(url: string, label: string) {
    log(`API (${label}): one connection, then ${opts.apiConnections} connections for up to ${opts.apiRequests} requests or ${opts.apiSeconds} s…`);
    const result = await benchmarkMessageApi(url, traffic.messageIds, {
      connections: opts.apiConnections,
      requests: opts.apiRequests,
      seconds: opts.apiSeconds,
    });
    const { loaded, single } = result;
    log(`API: ${loaded.requestsPerSecond} requests/s, p50 ${loaded.latencyMs.p50} ms, p99 ${loaded.latencyMs.p99} ms (one connection: p50 ${single.latencyMs.p50} ms)`);
    return { label, ...result };
  }

  /** The indexer's own API, then a `ponder serve` replica on the same tables beside it. */
  async function apiTest(indexer: Indexer, database: { url: string }) {
    try {
      api = await loadApi(indexer.url, "project indexer after its run");
      await compareLookupsOn(indexer, database);
      const replica = await startReplica({ manifestPath, databaseUrl: database.url, schema: PROJECT_SCHEMA });
      try {
        apiReplica = await loadApi(replica.url, "a ponder serve replica of the project's tables");
      } finally {
        await replica.stop();
      }
    } catch (error) {
      failures.push({ step: "api", error: error instanceof Error ? error.message : String(error) });
    } finally {
      await indexer.stop();
    }
  }

  /** The project's lookup vs the minimal server's, same table, same ids, the indexer live. */
  async function compareLookupsOn(indexer: Indexer, database: { url: string }) {
    log(`lookup: the project vs a minimal Hono + pg server (pool ${opts.lookupPool}) at ${opts.lookupConnections.join(", ")} connections…`);
    const minimal = await startLookupServer({ databaseUrl: database.url, schema: PROJECT_SCHEMA, port: 42369, poolMax: opts.lookupPool, root: PROJECT_ROOT });
    try {
      const cpu0 = minimal.cpuSeconds();
      const rows = await compareLookups(indexer.url, minimal.url, traffic.messageIds, { connections: opts.lookupConnections, requests: opts.apiRequests, seconds: opts.apiSeconds / 2 });
      lookup = { poolMax: opts.lookupPool, rows, minimalCpuSeconds: minimal.cpuSeconds() - cpu0 };
      for (const r of rows) log(`lookup at ${r.connections}: project ${r.project.requestsPerSecond}/s, minimal ${r.minimal.requestsPerSecond}/s (${Math.round(100 * r.share)}%)`);
    } finally {
      await minimal.stop();
    }
  }

  if (opts.runs.has("serving")) {
    await attempt("serving", async () => {
      serving = await benchServing({
        seconds: opts.servingSeconds,
        postgres: async () => ({ databaseUrl: (await freshDatabase()).url, schema: "bench_serving" }),
        log,
      });
    });
  }

  if (opts.runs.has("warm")) {
    await attempt("project, warm RPC cache", async () => {
      if (!projectDb) throw new Error("needs the project run's database");
      record(
        (
          await runProject(ctx, {
            label: "project (devnet manifest, warm RPC cache)",
            manifestPath,
            databaseUrl: projectDb.url,
            database: projectDb.database,
            schema: "bench_project_warm",
            rpcRepeat: manifestRepeat,
            cache: "warm",
          })
        ).result,
      );
    });
  }

  if (opts.runs.has("repeat")) {
    for (const repeat of opts.repeats) {
      await attempt(`project, rpcRepeat ${repeat}`, async () => {
        const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { chains: { rpcRepeat?: number }[] };
        for (const chain of manifest.chains) chain.rpcRepeat = repeat;
        const path = join(workDir, `manifest-repeat-${repeat}.json`);
        writeFileSync(path, JSON.stringify(manifest, null, 2));
        const db = await freshDatabase();
        record(
          (
            await runProject(ctx, {
              label: `project (rpcRepeat ${repeat}, cold)`,
              manifestPath: path,
              databaseUrl: db.url,
              database: db.database,
              schema: `bench_project_r${repeat}`,
              rpcRepeat: repeat,
              cache: "cold",
            })
          ).result,
        );
      });
    }
  }

  if (opts.runs.has("bare")) {
    await attempt("bare Ponder", async () => {
      const db = await freshDatabase();
      record(await runBare(ctx, { label: "bare Ponder (Dispatch → 1 row)", databaseUrl: db.url, database: db.database, schema: "bench_bare", rpcRepeat: manifestRepeat }));
    });
  }

  if (opts.runs.has("events")) {
    let eventsDb: { database: string; url: string } | undefined;
    const bareEvents = (cache: "cold" | "warm", schema: string) => async () => {
      eventsDb ??= await freshDatabase();
      const label = `bare Ponder (the project's events → 1 row each${cache === "warm" ? ", warm RPC cache" : ""})`;
      const base = { label, databaseUrl: eventsDb.url, database: eventsDb.database, schema, rpcRepeat: manifestRepeat, manifestPath };
      record(await runBare(ctx, { ...base, events: "project", cache }));
    };
    await attempt("bare Ponder on the project's events", bareEvents("cold", "bench_events"));
    await attempt("bare Ponder on the project's events, warm RPC cache", bareEvents("warm", "bench_events_warm"));
  }

  if (opts.runs.has("loader")) {
    await attempt("plain loader", async () => {
      const db = await freshDatabase();
      record(
        await runLoader(ctx, {
          label: `viem getLogs (${opts.loaderRange}-block ranges) + one COPY`,
          databaseUrl: db.url,
          database: db.database,
          schema: "bench_loader",
          range: opts.loaderRange,
          concurrency: opts.loaderConcurrency,
        }),
      );
    });
  }

  const { messageIds: _ids, ...trafficSummary } = traffic;
  const report: BenchReport = {
    startedAt,
    options: { ...opts, runs: [...opts.runs] },
    machine: { cores: cpus().length, node: process.version, nodeFlags: PONDER_NODE_FLAGS },
    traffic: trafficSummary,
    runs,
    api,
    apiReplica,
    lookup,
    serving,
    failures,
  };
  const jsonPath = join(benchDir, "results", `${startedAt.replace(/[:.]/g, "-")}-${opts.messages}.json`);
  const markdown = writeMarkdown(report, opts.baseline);
  writeFileSync(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${markdown}`);
  log(`wrote ${jsonPath} and ${join(benchDir, "results", "latest.md")}`);
  return failures.length === 0 ? 0 : 1;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error);
} finally {
  await cleanUp();
}
process.exit(exitCode);
