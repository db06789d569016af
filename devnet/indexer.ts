import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Ordering } from "../src/network/ponder";
import { HOST, portFrom } from "./ports";

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ponderBin = join(PROJECT_ROOT, "node_modules/ponder/dist/esm/bin/ponder.js");

export type IndexerOptions = {
  manifestPath: string;
  /** Preferred port; taken ports are skipped. Default 42069. */
  port?: number;
  /** PostgreSQL; without it the indexer runs on embedded PGlite in `pgliteDir`. */
  databaseUrl?: string;
  schema?: string;
  pgliteDir?: string;
  ordering?: Ordering;
  /** "inherit" shows Ponder's own output; "pipe" keeps its last lines for `output()`. */
  log?: "inherit" | "pipe";
  env?: Record<string, string>;
};

export type ChainStatus = Record<string, { id: number; block: { number: number; timestamp: number } }>;

export type Indexer = {
  url: string;
  port: number;
  process: ChildProcess;
  /** Resolves when the HTTP server answers /ready with 200 (historical backfill done). */
  waitForReady(timeoutMs?: number): Promise<void>;
  /** Resolves when every named chain is indexed up to at least the given block. */
  waitForBlocks(blocks: Record<string, number | bigint>, timeoutMs?: number): Promise<void>;
  status(): Promise<ChainStatus>;
  /** Ponder's last output lines (with log: "pipe"). */
  output(): string;
  /** Graceful stop (SIGTERM, then SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** SIGKILL, no shutdown: what a crash looks like. */
  kill(): Promise<void>;
};

const running = new Set<ChildProcess>();
process.once("exit", () => running.forEach((child) => child.kill("SIGKILL")));

/** Runs `ponder start` on a manifest: the indexer and its API, as `npm start` and the tests use it. */
/** Ponder exits with 75 (EX_TEMPFAIL) on an error it calls retryable: it asks to be started again. */
const RETRYABLE_EXIT = 75;

export class IndexerExitError extends Error {
  override name = "IndexerExitError";
  constructor(
    readonly code: number | null,
    output: string,
  ) {
    super(`indexer exited (${code}) before serving:\n${output}`);
  }
}

export async function startIndexer(options: IndexerOptions, attempts = 3): Promise<Indexer> {
  try {
    return await launch(options);
  } catch (error) {
    if (!(error instanceof IndexerExitError && error.code === RETRYABLE_EXIT && attempts > 1)) throw error;
    return startIndexer(options, attempts - 1);
  }
}

async function launch(options: IndexerOptions): Promise<Indexer> {
  const port = await portFrom(options.port ?? 42069);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NETWORK_MANIFEST: resolve(options.manifestPath),
    INDEXER_ORDERING: options.ordering ?? "multichain",
    PONDER_TELEMETRY_DISABLED: "true",
    PONDER_LOG_LEVEL: process.env.PONDER_LOG_LEVEL ?? "info",
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.pgliteDir) env.PGLITE_DIR = resolve(options.pgliteDir);
  const args = [ponderBin, "start", "--port", String(port), "--hostname", HOST, "--schema", options.schema ?? "public"];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const exited = new Promise<void>((done) => child.once("exit", () => (running.delete(child), done())));

  // Ponder moves to the next port when its own is taken between our probe and its bind:
  // the port it logs is the one it serves on.
  let lines: string[] = [];
  let served: (port: number) => void;
  const listening = new Promise<number>((resolve) => (served = resolve));
  const keep = (sink: NodeJS.WriteStream) => (chunk: Buffer) => {
    if (options.log === "inherit") sink.write(chunk);
    lines = lines.concat(chunk.toString().split("\n")).slice(-200);
    const port = /Created HTTP server port=(\d+)/.exec(chunk.toString())?.[1];
    if (port) served(Number(port));
  };
  child.stdout.on("data", keep(process.stdout));
  child.stderr.on("data", keep(process.stderr));
  const output = () => lines.join("\n");
  const actualPort = await Promise.race([
    listening,
    exited.then(() => {
      throw new IndexerExitError(child.exitCode, output());
    }),
  ]);

  const url = `http://${HOST}:${actualPort}`;
  const poll = async (what: string, timeoutMs: number, done: () => Promise<boolean>) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`indexer exited (${child.exitCode}) while waiting for ${what}:\n${output()}`);
      if (await done().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`indexer: timed out waiting for ${what}:\n${output()}`);
  };
  const status = async () => (await (await fetch(`${url}/status`)).json()) as ChainStatus;

  return {
    url,
    port: actualPort,
    process: child,
    output,
    status,
    waitForReady: (timeoutMs = 120_000) =>
      poll("/ready", timeoutMs, async () => (await fetch(`${url}/ready`)).status === 200),
    waitForBlocks: (blocks, timeoutMs = 120_000) =>
      poll(`blocks ${JSON.stringify(blocks, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`, timeoutMs, async () => {
        const current = await status();
        return Object.entries(blocks).every(([name, block]) => (current[name]?.block.number ?? -1) >= Number(block));
      }),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
