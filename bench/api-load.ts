import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import http from "node:http";
import { mulberry32, pick } from "../devnet/random";
import { cpuProfile } from "./runs";

/**
 * Closed-loop load: `connections` workers on keep-alive sockets, each sending its next request
 * as soon as the previous answer is read, until `requests` are sent or `seconds` are up.
 */

export type LoadOptions = {
  url: string;
  /** Request paths to draw from at random. */
  paths: readonly string[];
  connections: number;
  requests: number;
  seconds: number;
  seed?: number;
};

export type LoadResult = {
  requests: number;
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  statuses: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
};

function get(agent: http.Agent, url: URL, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ agent, host: url.hostname, port: url.port, path }, (response) => {
      response.on("data", () => undefined);
      response.on("end", () => resolve(response.statusCode ?? 0));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const round = (value: number) => Math.round(value * 100) / 100;

export async function loadTest(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const random = mulberry32(options.seed ?? 7);
  const latencies = new Float64Array(options.requests);
  const statuses: Record<string, number> = {};
  let sent = 0;
  let done = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  const worker = async () => {
    while (sent < options.requests && performance.now() < deadline) {
      sent++;
      const path = pick(random, options.paths);
      const t = performance.now();
      const status = await get(agent, url, path).catch(() => 0);
      latencies[done++] = performance.now() - t;
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = latencies.subarray(0, done).sort();
  const mean = sorted.reduce((a, b) => a + b, 0) / Math.max(done, 1);
  return {
    requests: done,
    connections: options.connections,
    seconds: round(seconds),
    requestsPerSecond: Math.round(done / seconds),
    statuses,
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted[sorted.length - 1] ?? 0),
      mean: round(mean),
    },
  };
}

export type ApiBenchmark = {
  /** One connection: what a request costs when nothing queues. */
  single: LoadResult;
  /** `connections` connections: throughput, and latency under queueing. */
  loaded: LoadResult;
  /** CPU seconds during the loaded phase: the indexer serving, and this process generating the load. */
  indexerCpuSeconds?: number;
  generatorCpuSeconds: number;
};

async function ponderCpuSeconds(url: string): Promise<number | undefined> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const match = /^process_cpu_seconds_total\s+(\S+)/m.exec(text);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Message-by-id lookups of known ids against a running indexer, after checking one answer. */
export async function benchmarkMessageApi(
  url: string,
  ids: readonly string[],
  options: { connections: number; requests: number; seconds: number },
): Promise<ApiBenchmark> {
  const sample = ids[0];
  const body = (await (await fetch(`${url}/api/messages/${sample}`)).json()) as { id?: string };
  if (body.id !== sample) throw new Error(`GET /api/messages/${sample} answered ${JSON.stringify(body).slice(0, 300)}`);
  const paths = ids.map((id) => `/api/messages/${id}`);
  const single = await loadTest({ url, paths, connections: 1, requests: Math.min(2_000, options.requests), seconds: 5, seed: 3 });
  const cpuBefore = await ponderCpuSeconds(url);
  const selfBefore = process.cpuUsage();
  const loaded = await loadTest({ url, paths, connections: options.connections, requests: options.requests, seconds: options.seconds });
  const self = process.cpuUsage(selfBefore);
  const cpuAfter = await ponderCpuSeconds(url);
  return {
    single,
    loaded,
    indexerCpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : round(cpuAfter - cpuBefore),
    generatorCpuSeconds: round((self.user + self.system) / 1e6),
  };
}

/** The minimal Hono + pg lookup server (lookup-server.ts) as its own process; resolves once it listens. */
export async function startLookupServer(options: { databaseUrl: string; schema: string; port: number; poolMax: number; root: string }) {
  const child = spawn(
    process.execPath,
    [...(cpuProfile("lookup-server") ?? []), "--import", "tsx", "bench/lookup-server.ts", options.databaseUrl, options.schema, String(options.port), String(options.poolMax)],
    { cwd: options.root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("listening") && resolve());
    child.once("exit", (code) => reject(new Error(`lookup server exited (${code}): ${stderr}`)));
  });
  const cpuSeconds = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  return {
    url: `http://127.0.0.1:${options.port}`,
    cpuSeconds,
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", () => resolve()), child.kill("SIGTERM")))),
  };
}

export type LookupComparison = { connections: number; project: LoadResult; minimal: LoadResult; share: number };

/** The project's lookup and the minimal server's, by turns, at each connection count. */
export async function compareLookups(
  projectUrl: string,
  minimalUrl: string,
  ids: readonly string[],
  options: { connections: readonly number[]; requests: number; seconds: number },
): Promise<LookupComparison[]> {
  const paths = ids.map((id) => `/api/messages/${id}`);
  const out: LookupComparison[] = [];
  for (const connections of options.connections) {
    const run = (url: string) => loadTest({ url, paths, connections, requests: options.requests, seconds: options.seconds, seed: connections });
    // A short warm-up of each, so neither pays for its first plans and connections in the figures.
    await loadTest({ url: projectUrl, paths, connections, requests: 1_000, seconds: 3 });
    await loadTest({ url: minimalUrl, paths, connections, requests: 1_000, seconds: 3 });
    const project = await run(projectUrl);
    const minimal = await run(minimalUrl);
    out.push({ connections, project, minimal, share: Math.round((1000 * project.requestsPerSecond) / minimal.requestsPerSecond) / 1000 });
  }
  return out;
}
