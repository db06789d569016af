import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DEVNET_MNEMONIC } from "./accounts";
import { freePort, HOST, isPortFree } from "./ports";

export type Anvil = {
  chainId: number;
  port: number;
  rpcUrl: string;
  stop(): Promise<void>;
  /** Freezes the node (SIGSTOP): it stops answering, as an RPC that is down does; `resume` thaws it. */
  pause(): void;
  resume(): void;
};

export type AnvilOptions = {
  chainId: number;
  /** First port to try; a port in use is skipped. Without it the OS picks a free one. */
  port?: number;
  /** Interval mining; without it every transaction is mined at once (automine). */
  blockTimeSeconds?: number;
};

export class AnvilStartError extends Error {
  override name = "AnvilStartError";
}

const PORT_ATTEMPTS = 20;
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 3_000;
/** anvil exits within ~50 ms when its port is taken. */
const BIND_FAILURE_MS = 150;
/** anvil's own words when its port is taken (os error 98 on Linux, 48 on macOS). */
const ADDRESS_IN_USE = /address already in use|EADDRINUSE/i;

const require = createRequire(import.meta.url);

/**
 * The native binary of the platform package that @foundry-rs/anvil installs. Spawning it
 * directly, rather than the package's bin.mjs wrapper, leaves no node process between us and
 * anvil, so a kill reaches anvil itself. The wrapper stays the fallback.
 */
export function anvilCommand(): { command: string; prefixArgs: string[] } {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const binary = process.platform === "win32" ? "anvil.exe" : "anvil";
  try {
    const native = require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/bin/${binary}`);
    if (existsSync(native)) return { command: native, prefixArgs: [] };
  } catch {
    // no platform package: use the wrapper below
  }
  const wrapper = join(dirname(require.resolve("@foundry-rs/anvil/package.json")), "bin.mjs");
  return { command: process.execPath, prefixArgs: [wrapper] };
}

// ---------------------------------------------------------------------------------------------
// Every anvil this process spawned, so that none outlives it.

const running = new Set<ChildProcess>();
let exitHooksRegistered = false;

function killAll(signal: NodeJS.Signals): void {
  for (const child of running) child.kill(signal);
}

/**
 * On a signal, anvils are killed and the process exits as it would by default, unless the
 * program has its own handler (devnet/start.ts shuts down in order and exits itself; the
 * 'exit' hook then kills whatever is left).
 */
function registerExitHooks(): void {
  if (exitHooksRegistered) return;
  exitHooksRegistered = true;
  process.once("exit", () => killAll("SIGKILL"));
  const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [signal, code] of Object.entries(exitCodes) as [NodeJS.Signals, number][]) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      killAll("SIGKILL");
      process.exit(code);
    };
    process.on(signal, onSignal);
  }
}

// ---------------------------------------------------------------------------------------------

async function candidatePort(requested: number | undefined, attempt: number): Promise<number | undefined> {
  if (requested === undefined) return freePort();
  const port = requested + attempt;
  return port <= 65_535 && (await isPortFree(port)) ? port : undefined;
}

function anvilArgs(options: AnvilOptions, port: number): string[] {
  const args = ["--host", HOST, "--port", String(port), "--chain-id", String(options.chainId), "--silent"];
  args.push("--mnemonic", DEVNET_MNEMONIC);
  if (options.blockTimeSeconds !== undefined) args.push("--block-time", String(options.blockTimeSeconds));
  return args;
}

async function answersChainId(rpcUrl: string): Promise<number | undefined> {
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
    });
    const { result } = (await response.json()) as { result?: string };
    return result === undefined ? undefined : Number(result);
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Spawned = { ok: true; anvil: Anvil } | { ok: false; portInUse: boolean; detail: string };

async function spawnOn(options: AnvilOptions, port: number): Promise<Spawned> {
  const { command, prefixArgs } = anvilCommand();
  // Own process group: a terminal's Ctrl-C reaches only us, and we stop anvil after whatever
  // still talks to it.
  const child = spawn(command, [...prefixArgs, ...anvilArgs(options, port)], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  running.add(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    running.delete(child);
  });
  child.once("error", (error) => {
    stderr += String(error);
  });

  const rpcUrl = `http://${HOST}:${port}`;
  const stop = async () => {
    if (hasExited) return;
    child.kill("SIGCONT");
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline && !hasExited) {
    const chainId = await answersChainId(rpcUrl);
    if (chainId !== undefined) {
      // The answer may come from someone else's node that took the port after our probe (other
      // devnets use the same chain ids); ours would then exit, having failed to bind.
      await sleep(BIND_FAILURE_MS);
      if (chainId === options.chainId && !hasExited) return { ok: true, anvil: { chainId, port, rpcUrl, stop, pause: () => child.kill("SIGSTOP"), resume: () => child.kill("SIGCONT") } };
      await stop();
      return { ok: false, portInUse: true, detail: `port ${port} is taken by another node (chain id ${chainId})` };
    }
    await sleep(25);
  }
  await stop();
  return {
    ok: false,
    portInUse: ADDRESS_IN_USE.test(stderr),
    detail: hasExited ? stderr.trim() || "anvil exited" : `no answer to eth_chainId within ${READY_TIMEOUT_MS} ms`,
  };
}

export async function startAnvil(options: AnvilOptions): Promise<Anvil> {
  registerExitHooks();
  let lastDetail = "";
  for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
    const port = await candidatePort(options.port, attempt);
    if (port === undefined) {
      lastDetail = `ports from ${options.port} to ${(options.port ?? 0) + attempt} are in use`;
      continue;
    }
    const spawned = await spawnOn(options, port);
    if (spawned.ok) return spawned.anvil;
    lastDetail = spawned.detail;
    if (!spawned.portInUse) break;
  }
  throw new AnvilStartError(`anvil for chain ${options.chainId} did not start: ${lastDetail}`);
}
