import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { type ChainStatus, type Indexer, PROJECT_ROOT, type PonderProcess, startIndexer } from "../devnet/indexer";
import type { Network } from "../devnet/network";
import { type BareChain, startPonderIn, writeBareApp } from "./bare-app";
import { writeEventsApp } from "./events-app";
import { anvilCpuSeconds, busySeconds, busyShare, loadAverage1m, machineSnapshot, postgresCpuSince, postgresSnapshot, selfCpuSeconds } from "./cpu";
import type { Traffic } from "./generate";
import type { LoaderJob, LoaderResult } from "./loader";
import { type PonderTimeSummary, summarizePonderMetrics } from "./metrics";

/** With env BENCH_CPU_PROF=DIR, the indexer (the project's or a bare app) and the minimal lookup server write a V8 CPU profile to DIR/<run> when they stop. */
export const cpuProfile = (label: string) => (process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", join(process.env.BENCH_CPU_PROF, label)] : undefined);

/**
 * The timed runs. Each starts a process and polls until every row it should write is in;
 * the clock runs from just before the spawn. Nothing else of the benchmark runs meanwhile
 * except the poll (a count(*) and a /status every POLL_MS).
 */

const POLL_MS = 250;

export type RunResult = {
  label: string;
  /** bare: one row per Dispatch; bareEvents: one row per event of every kind the project handles */
  kind: "project" | "bare" | "bareEvents" | "loader";
  cache: "cold" | "warm";
  rpcRepeat?: number;
  /** Logs this run indexes (the project and bareEvents: every event kind the project indexes; bare and loader: Dispatch). */
  events: number;
  rows: number;
  /** From spawn until every row is in. */
  rowsSeconds: number;
  /** From spawn until /status shows every chain at its recorded head (indexers only). */
  headSeconds?: number;
  /** From spawn until Ponder's HTTP server is up (build and start-up done; indexers only). */
  serverSeconds?: number;
  /** From spawn until /ready: the backfill, to head − 30, is indexed (indexers only). */
  readySeconds?: number;
  /** From spawn until done: rows in and, for indexers, at head. */
  seconds: number;
  eventsPerSecond: number;
  database: string;
  schema: string;
  ponder?: PonderTimeSummary;
  loader?: LoaderResult;
  /**
   * CPU seconds during the run: the indexer (or loader) process, the four anvils, the PostgreSQL
   * server (all its processes: shared, so other clients count too), this benchmark process
   * (polling), every process on the machine, and what is left: kernel work and processes that
   * are not the run's.
   */
  cpu: { indexer?: number; anvils: number; postgres?: number; benchmark: number; allProcesses: number; others?: number };
  /** Share of the machine's cores busy during the run, from /proc/stat: everything, not only this run. */
  machineBusy: number;
  loadAverageAtStart: number;
  /** How the wait for a quiet machine before the run went (--quiet-wait). */
  quietBeforeStart?: { waitedSeconds: number; quiet: boolean; otherCores: number };
};

export type RunContext = { network: Network; traffic: Traffic; workDir: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

type Probe = () => Promise<boolean>;

/**
 * Polls every probe until each has held once; returns, per probe, the seconds since
 * `startedAt` at which it first held. Throws after `timeoutSeconds` or when `dead()` names a reason.
 */
async function timeUntil<K extends string>(
  startedAt: number,
  probes: Record<K, Probe>,
  timeoutSeconds: number,
  dead: () => string | undefined,
): Promise<Record<K, number>> {
  const held: Partial<Record<K, number>> = {};
  const names = Object.keys(probes) as K[];
  const deadline = startedAt + timeoutSeconds * 1000;
  while (performance.now() < deadline) {
    const reason = dead();
    if (reason) throw new Error(reason);
    for (const name of names) {
      if (held[name] === undefined && (await probes[name]().catch(() => false))) held[name] = (performance.now() - startedAt) / 1000;
    }
    if (names.every((name) => held[name] !== undefined)) return held as Record<K, number>;
    await sleep(POLL_MS);
  }
  throw new Error(`timed out after ${timeoutSeconds} s; ${names.map((name) => `${name}: ${held[name] === undefined ? "not yet" : `at ${held[name]!.toFixed(1)} s`}`).join(", ")}`);
}

/** /ready answers 200 once the backfill (to head − 30 here) is indexed. */
const isReady = (url: string): Probe => async () => (await fetch(`${url}/ready`)).status === 200;

const atHeads = (traffic: Traffic, status: () => Promise<ChainStatus>): Probe => async () => {
  const current = await status();
  return traffic.chains.every((c) => (current[c.name]?.block.number ?? -1) >= c.head);
};

/** Generous: 200 events/s would be ten times slower than bare Ponder on this machine. */
const timeoutFor = (events: number) => Math.round(180 + events / 200);

async function metricsOf(url: string): Promise<PonderTimeSummary | undefined> {
  try {
    return summarizePonderMetrics(await (await fetch(`${url}/metrics`)).text());
  } catch {
    return undefined;
  }
}

/** Call before the spawn; call the result at the end, while the run's database connections are open. */
function measureAround() {
  const postgres = postgresSnapshot();
  const anvils = anvilCpuSeconds();
  const self = selfCpuSeconds();
  const machine = machineSnapshot();
  const loadAverageAtStart = loadAverage1m();
  return (indexerCpu: number | undefined) => {
    const now = machineSnapshot();
    const cpu: RunResult["cpu"] = {
      indexer: indexerCpu === undefined ? undefined : round(indexerCpu),
      anvils: round(anvilCpuSeconds() - anvils),
      postgres: round(postgresCpuSince(postgres)),
      benchmark: round(selfCpuSeconds() - self),
      allProcesses: round(busySeconds(machine, now)),
    };
    if (cpu.indexer !== undefined && cpu.postgres !== undefined) {
      cpu.others = round(cpu.allProcesses - cpu.indexer - cpu.anvils - cpu.postgres - cpu.benchmark);
    }
    return { cpu, machineBusy: busyShare(machine, now), loadAverageAtStart };
  };
}

// ---------------------------------------------------------------------------------------------
// a. the project

export type ProjectRunOptions = {
  label: string;
  manifestPath: string;
  databaseUrl: string;
  database: string;
  schema: string;
  rpcRepeat: number;
  cache: "cold" | "warm";
  /** Leave the indexer running (for the API test); the caller stops it. */
  keep?: boolean;
};

export async function runProject(ctx: RunContext, options: ProjectRunOptions): Promise<{ result: RunResult; indexer?: Indexer }> {
  const { traffic } = ctx;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const table = `"${options.schema}".message`;
  const want = traffic.expected;
  // What the last poll saw, for the timeout message.
  let seen = "nothing yet";
  const rowsIn: Probe = async () => {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
    seen = `message rows ${rows[0].n}/${want.messages}`;
    if (rows[0].n < want.messages) return false;
    const { rows: full } = await client.query(
      `SELECT count(dispatch_tx_hash)::int AS dispatched, count(*) FILTER (WHERE dispatch_id_verified)::int AS verified,
              count(merkle_leaf_index)::int AS leaves, count(delivery_tx_hash)::int AS delivered,
              coalesce(sum(gas_payments), 0)::int AS payments
       FROM ${table}`,
    );
    const r = full[0];
    seen = `messages: dispatched ${r.dispatched}, verified ${r.verified}, leaves ${r.leaves} of ${want.messages}; delivered ${r.delivered}/${want.delivered}; gas payments ${r.payments}/${want.gasPayments}`;
    if (!(r.dispatched === want.messages && r.verified === want.messages && r.leaves === want.messages && r.delivered === want.delivered && r.payments === want.gasPayments)) {
      return false;
    }
    // With token traffic: every transfer, both sides of the delivered ones, and every Metalayer message.
    if (want.transfers) {
      const { rows: t } = await client.query(
        `SELECT count(*)::int AS n, count(dispatch_tx_hash)::int AS dispatched, count(delivery_tx_hash)::int AS delivered FROM "${options.schema}".transfer`,
      );
      seen = `transfers ${t[0].n}/${want.transfers}, dispatched ${t[0].dispatched}, delivered ${t[0].delivered}/${want.transfersDelivered}`;
      if (t[0].n !== want.transfers || t[0].dispatched !== want.transfers || t[0].delivered !== want.transfersDelivered) return false;
    }
    // With the rollups: a bridge_transfer row initiated by each of the benchmark's bridge transactions.
    if (want.bridgeTransfers) {
      const { rows: b } = await client.query(`SELECT count(*)::int AS n FROM "${options.schema}".bridge_transfer WHERE initiated_tx_hash = ANY($1)`, [traffic.bridgeTxHashes]);
      seen = `bridge_transfer rows ${b[0].n}/${want.bridgeTransfers}`;
      if (b[0].n !== want.bridgeTransfers) return false;
    }
    if (want.metalayerMessages) {
      const { rows: m } = await client.query(`SELECT count(*)::int AS n FROM "${options.schema}".metalayer_message`);
      seen = `metalayer_message rows ${m[0].n}/${want.metalayerMessages}`;
      if (m[0].n !== want.metalayerMessages) return false;
    }
    return true;
  };
  const around = measureAround();
  const startedAt = performance.now();
  let indexer: Indexer | undefined;
  try {
    indexer = await startIndexer({ manifestPath: options.manifestPath, databaseUrl: options.databaseUrl, schema: options.schema, log: "pipe", nodeArgs: cpuProfile(options.label) });
    const serverSeconds = (performance.now() - startedAt) / 1000;
    const running = indexer;
    const probes = { rows: rowsIn, head: atHeads(traffic, running.status), ready: isReady(running.url) };
    const times = await timeUntil(startedAt, probes, timeoutFor(want.events), () =>
      running.process.exitCode !== null ? `indexer exited (${running.process.exitCode}):\n${running.output()}` : undefined,
    ).catch((error: Error) => {
      throw new Error(`${options.label}: ${error.message}; last poll: ${seen}\n--- indexer output ---\n${running.output().slice(-4000)}`);
    });
    const seconds = Math.max(times.rows, times.head);
    const ponder = await metricsOf(running.url);
    const result: RunResult = {
      label: options.label,
      kind: "project",
      cache: options.cache,
      rpcRepeat: options.rpcRepeat,
      events: want.events,
      rows: want.messages,
      rowsSeconds: round(times.rows),
      headSeconds: round(times.head),
      serverSeconds: round(serverSeconds),
      readySeconds: round(times.ready),
      seconds: round(seconds),
      eventsPerSecond: Math.round(want.events / seconds),
      database: options.database,
      schema: options.schema,
      ponder,
      ...around(ponder?.cpuSeconds),
    };
    if (!options.keep) await running.stop();
    return { result, indexer: options.keep ? running : undefined };
  } catch (error) {
    await indexer?.stop();
    throw error;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// b. bare Ponder: one row per Dispatch

export const bareChains = (ctx: RunContext): BareChain[] =>
  ctx.network.chains.map((chain) => ({
    name: chain.name,
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    mailbox: chain.hyperlane.mailbox,
    startBlock: chain.hyperlane.startBlock,
  }));

/**
 * A bare Ponder app: `events` "dispatch" is one row per Mailbox Dispatch (bare-app.ts); "project"
 * is one row per event of every kind the project handles, on its composed contracts (events-app.ts).
 */
export async function runBare(
  ctx: RunContext,
  options: { label: string; databaseUrl: string; database: string; schema: string; rpcRepeat: number; events?: "dispatch" | "project"; manifestPath?: string; cache?: "cold" | "warm" },
): Promise<RunResult> {
  const { traffic } = ctx;
  const all = options.events === "project";
  const dir = join(ctx.workDir, `bare-${options.schema}`);
  if (all) writeEventsApp(dir, options.manifestPath!);
  else writeBareApp(dir, bareChains(ctx), options.rpcRepeat);
  const events = all ? traffic.expected.events : traffic.expected.messages;
  const table = all ? "log" : "dispatch";
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const rowsIn: Probe = async () => {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${options.schema}".${table}`);
    return rows[0].n === events;
  };
  const around = measureAround();
  const startedAt = performance.now();
  let app: PonderProcess | undefined;
  try {
    app = await startPonderIn(dir, { databaseUrl: options.databaseUrl, schema: options.schema, nodeArgs: cpuProfile(options.label) });
    const serverSeconds = (performance.now() - startedAt) / 1000;
    const running = app;
    const status = async () => (await (await fetch(`${running.url}/status`)).json()) as ChainStatus;
    const probes = { rows: rowsIn, head: atHeads(traffic, status), ready: isReady(running.url) };
    const times = await timeUntil(startedAt, probes, timeoutFor(events), () =>
      running.process.exitCode !== null ? `bare Ponder exited (${running.process.exitCode})` : undefined,
    ).catch((error: Error) => {
      throw new Error(`${options.label}: ${error.message}\n--- ponder output ---\n${running.output().slice(-4000)}`);
    });
    const seconds = Math.max(times.rows, times.head);
    const ponder = await metricsOf(running.url);
    return {
      label: options.label,
      kind: all ? "bareEvents" : "bare",
      cache: options.cache ?? "cold",
      rpcRepeat: options.rpcRepeat,
      events,
      rows: traffic.expected.messages,
      rowsSeconds: round(times.rows),
      headSeconds: round(times.head),
      serverSeconds: round(serverSeconds),
      readySeconds: round(times.ready),
      seconds: round(seconds),
      eventsPerSecond: Math.round(events / seconds),
      database: options.database,
      schema: options.schema,
      ponder,
      ...around(ponder?.cpuSeconds),
    };
  } finally {
    await app?.stop();
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// c. the plain loader, as its own process

export async function runLoader(
  ctx: RunContext,
  options: { label: string; databaseUrl: string; database: string; schema: string; range: number; concurrency: number },
): Promise<RunResult> {
  const { traffic } = ctx;
  const job: LoaderJob = {
    databaseUrl: options.databaseUrl,
    schema: options.schema,
    range: options.range,
    concurrency: options.concurrency,
    chains: ctx.network.chains.map((chain) => ({
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      mailbox: chain.hyperlane.mailbox,
      startBlock: chain.hyperlane.startBlock,
      head: traffic.chains.find((c) => c.name === chain.name)!.head,
    })),
  };
  mkdirSync(ctx.workDir, { recursive: true });
  const jobPath = join(ctx.workDir, `loader-${options.schema}.json`);
  writeFileSync(jobPath, JSON.stringify(job));
  const around = measureAround();
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", join(PROJECT_ROOT, "bench/loader.ts"), jobPath], {
    cwd: PROJECT_ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutFor(traffic.expected.messages) * 1000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  clearTimeout(timer);
  process.removeListener("exit", killOnExit);
  const seconds = (performance.now() - startedAt) / 1000;
  if (code !== 0) throw new Error(`${options.label}: loader exited (${code}):\n${stderr}`);
  const loader = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as LoaderResult;
  if (loader.rows !== traffic.expected.messages) {
    throw new Error(`${options.label}: loader copied ${loader.rows} rows, expected ${traffic.expected.messages}`);
  }
  return {
    label: options.label,
    kind: "loader",
    cache: "cold",
    events: traffic.expected.messages,
    rows: loader.rows,
    rowsSeconds: round(seconds),
    seconds: round(seconds),
    eventsPerSecond: Math.round(traffic.expected.messages / seconds),
    database: options.database,
    schema: options.schema,
    loader: { ...loader, fetchSeconds: round(loader.fetchSeconds), copySeconds: round(loader.copySeconds) },
    // Its own connection has closed by now: what its backend used is not in the PostgreSQL figure.
    ...around(loader.cpuSeconds),
  };
}
