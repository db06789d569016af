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
  /** Options for node itself, before Ponder's script (e.g. `--cpu-prof`, which NODE_OPTIONS refuses). */
  nodeArgs?: string[];
};

export type ChainStatus = Record<string, { id: number; block: { number: number; timestamp: number } }>;

export type Indexer = PonderProcess & {
  /** How many times it exited asking to be started again (75) and was (see `supervise`). */
  restarts: number;
  /** Resolves with its exit code once it exits for good (not to be started again). */
  done: Promise<number | null>;
  /** Resolves when the HTTP server answers /ready with 200 (historical backfill done). */
  waitForReady(timeoutMs?: number): Promise<void>;
  /** Resolves when every named chain is indexed up to at least the given block. */
  waitForBlocks(blocks: Record<string, number | bigint>, timeoutMs?: number): Promise<void>;
  status(): Promise<ChainStatus>;
};

const running = new Set<ChildProcess>();
process.once("exit", () => running.forEach((child) => child.kill("SIGKILL")));

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

/** Runs `ponder start` on a manifest: the indexer and its API, as `npm start` and the tests use it. */
export async function startIndexer(options: IndexerOptions, attempts = 3): Promise<Indexer> {
  try {
    return await launch(options);
  } catch (error) {
    if (!(error instanceof IndexerExitError && error.code === RETRYABLE_EXIT && attempts > 1)) throw error;
    return startIndexer(options, attempts - 1);
  }
}

async function launch(options: IndexerOptions): Promise<Indexer> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    NETWORK_MANIFEST: resolve(options.manifestPath),
    INDEXER_ORDERING: options.ordering ?? "multichain",
  };
  delete env.DATABASE_URL;
  delete env.DATABASE_PRIVATE_URL;
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  if (options.pgliteDir) env.PGLITE_DIR = resolve(options.pgliteDir);
  const spawnAt = (port: number) => spawnPonder({ dir: PROJECT_ROOT, port, schema: options.schema ?? "public", env, log: options.log, nodeArgs: options.nodeArgs });
  const ponder = supervise(await spawnAt(options.port ?? 42069), spawnAt);
  const poll = async (what: string, timeoutMs: number, done: () => Promise<boolean>) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (ponder.ended) throw new Error(`indexer exited (${ponder.process.exitCode}) while waiting for ${what}:\n${ponder.output()}`);
      if (await done().catch(() => false)) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`indexer: timed out waiting for ${what}:\n${ponder.output()}`);
  };
  const status = async () => (await (await fetch(`${ponder.url}/status`)).json()) as ChainStatus;

  const waits: Pick<Indexer, "status" | "waitForReady" | "waitForBlocks"> = {
    status,
    waitForReady: (timeoutMs = 120_000) =>
      poll("/ready", timeoutMs, async () => (await fetch(`${ponder.url}/ready`)).status === 200),
    waitForBlocks: (blocks, timeoutMs = 120_000) =>
      poll(`blocks ${JSON.stringify(blocks, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`, timeoutMs, async () => {
        const current = await status();
        return Object.entries(blocks).every(([name, block]) => (current[name]?.block.number ?? -1) >= Number(block));
      }),
  };
  return Object.assign(ponder, waits);
}

/**
 * An indexer that exits with 75 once serving (it asks to be started again: Ponder's retryable
 * errors, and src/api/durability.ts after a database server restart) is started again on its
 * port, as a process manager would; `restarts` counts it. A stop, a kill or another exit ends it.
 */
function supervise(first: PonderProcess, spawnAt: (port: number) => Promise<PonderProcess>) {
  let current = first;
  let stopped = false;
  let restarting: Promise<void> | undefined;
  let end!: (code: number | null) => void;
  const handle = {
    restarts: 0,
    done: new Promise<number | null>((resolve) => (end = resolve)),
    get url() {
      return current.url;
    },
    get port() {
      return current.port;
    },
    get process() {
      return current.process;
    },
    /** True once it exited for good (not to be started again). */
    get ended() {
      return restarting === undefined && (current.process.exitCode !== null || current.process.signalCode !== null);
    },
    output: () => current.output(),
    async stop() {
      stopped = true;
      await restarting;
      await current.stop();
    },
    async kill() {
      stopped = true;
      await restarting;
      await current.kill();
    },
  };
  const watch = (child: ChildProcess) =>
    child.once("exit", (code) => {
      if (stopped || code !== RETRYABLE_EXIT) return end(code);
      restarting = spawnAt(current.port).then(
        (next) => {
          current = next;
          handle.restarts++;
          restarting = undefined;
          watch(next.process);
        },
        () => ((restarting = undefined), end(code)),
      );
    });
  watch(first.process);
  return handle;
}

/** An API-only replica (`ponder serve`) reading an indexer's tables on PostgreSQL. */
export const startReplica = (options: { manifestPath: string; databaseUrl: string; schema: string }): Promise<PonderProcess> =>
  spawnPonder({
    dir: PROJECT_ROOT,
    command: "serve",
    port: 42269,
    schema: options.schema,
    env: { ...process.env, NETWORK_MANIFEST: resolve(options.manifestPath), DATABASE_URL: options.databaseUrl },
  });

export type PonderProcess = {
  url: string;
  port: number;
  process: ChildProcess;
  /** Ponder's last output lines (all of them are also shown with log: "inherit"). */
  output(): string;
  /** Graceful stop (SIGTERM, then SIGKILL after 15 s). */
  stop(): Promise<void>;
  /** SIGKILL, no shutdown: what a crash looks like. */
  kill(): Promise<void>;
};

/** Ponder colours its log when stdout is a terminal or CI is set; the port is read without the colours. */
const ANSI_ESCAPE = /\x1b\[[0-9;]*m/g;
export const servedPort = (line: string): number | undefined => {
  const port = /Created HTTP server.* port=(\d+)/.exec(line.replace(ANSI_ESCAPE, ""))?.[1];
  return port === undefined ? undefined : Number(port);
};

const SERVE_TIMEOUT_MS = 120_000;

/**
 * Node's flags for every Ponder process started here (the indexer, the bench's bare apps). The
 * young generation's semi-space at 64 MB, not 16: each store call allocates short-lived copies,
 * proxies and rows, and a small young generation promotes many of them to the old one, whose
 * collections walk the whole in-memory indexing cache. The bench measured it (bench/README.md).
 */
export const PONDER_NODE_FLAGS = ["--max-semi-space-size=64"];

type SpawnOptions = {
  dir: string;
  command?: "start" | "serve";
  port: number;
  schema: string;
  env: NodeJS.ProcessEnv;
  log?: "inherit" | "pipe";
  nodeArgs?: string[];
};

/** Ponder's bind failed: another process took the port between the probe and the bind. */
class PortTakenError extends Error {
  override name = "PortTakenError";
}
const PORT_TAKEN = /EADDRINUSE/;
const BIND_ATTEMPTS = 5;

/**
 * `ponder start` (or `ponder serve`: the API alone) in `dir`; resolves once its HTTP server is
 * up, on the port it logged. A port taken at the bind (a race with other processes probing
 * ports) is tried again on the next free one.
 */
export async function spawnPonder(options: SpawnOptions, attempts = BIND_ATTEMPTS): Promise<PonderProcess> {
  try {
    return await spawnOnce(options);
  } catch (error) {
    if (!(error instanceof PortTakenError) || attempts <= 1) throw error;
    return spawnPonder({ ...options, port: options.port + 1 + Math.floor(Math.random() * 50) }, attempts - 1);
  }
}

async function spawnOnce(options: SpawnOptions): Promise<PonderProcess> {
  const port = await portFrom(options.port);
  const bin = join(options.dir, "node_modules/ponder/dist/esm/bin/ponder.js");
  const env = { PONDER_LOG_LEVEL: "info", ...options.env, PONDER_TELEMETRY_DISABLED: "true" };
  const args = [...PONDER_NODE_FLAGS, ...(options.nodeArgs ?? []), bin, options.command ?? "start", "--port", String(port), "--hostname", HOST, "--schema", options.schema];
  const child = spawn(process.execPath, args, { cwd: options.dir, env, stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  const exited = new Promise<void>((done) => child.once("exit", () => (running.delete(child), done())));

  // Ponder moves to the next port when its own is taken between our probe and its bind:
  // the port it logs is the one it serves on.
  let lines: string[] = [];
  let partial = "";
  let served: (port: number) => void;
  let taken: (error: Error) => void;
  const listening = new Promise<number>((resolve, reject) => ((served = resolve), (taken = reject)));
  const keep = (sink: NodeJS.WriteStream) => (chunk: Buffer) => {
    if (options.log === "inherit") sink.write(chunk);
    const complete = (partial + chunk.toString()).split("\n");
    partial = complete.pop() ?? "";
    lines = lines.concat(complete).slice(-200);
    for (const line of complete) {
      const port = servedPort(line);
      if (port !== undefined) served(port);
      else if (PORT_TAKEN.test(line)) taken(new PortTakenError(line));
    }
  };
  child.stdout.on("data", keep(process.stdout));
  child.stderr.on("data", keep(process.stderr));
  const output = () => [...lines, partial].join("\n").replace(ANSI_ESCAPE, "");
  let timer: NodeJS.Timeout | undefined;
  const exitedEarly = exited.then(() => {
    throw new IndexerExitError(child.exitCode, output());
  });
  // Once served, or given up on, an exit is no rejection anyone waits for.
  exitedEarly.catch(() => undefined);
  const actualPort = await Promise.race([
    listening,
    exitedEarly,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`ponder logged no HTTP server within ${SERVE_TIMEOUT_MS / 1000} s:\n${output()}`));
      }, SERVE_TIMEOUT_MS);
    }),
  ])
    .catch(async (error: unknown) => {
      if (error instanceof PortTakenError) {
        child.kill("SIGKILL");
        await exited;
      }
      throw error;
    })
    .finally(() => clearTimeout(timer));
  return {
    url: `http://${HOST}:${actualPort}`,
    port: actualPort,
    process: child,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
