import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chownSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { freePort, HOST } from "../../devnet/ports";
import { tempDir } from "../e2e/harness";

/**
 * A throwaway PostgreSQL server of the test's own (initdb into a temporary directory, Debian's
 * binaries), so that a test can stop, kill and restart it under a running indexer: the machine's
 * shared server is never touched. PostgreSQL refuses to run as root; as root (CI), the server
 * runs as the `postgres` user the Debian package creates.
 */
export type Postgres = {
  url: string;
  /** Stops the server: "fast" (SIGINT, what `pg_ctl stop` does) or "kill" (SIGKILL of every process of it, a crash). */
  stop(how: "fast" | "kill"): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes nothing the OS temp directory would not. */
  close(): Promise<void>;
};

function binDir(): string {
  const root = "/usr/lib/postgresql";
  if (existsSync(root)) {
    const versions = readdirSync(root).filter((v) => existsSync(join(root, v, "bin", "postgres"))).sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return join(root, versions[0], "bin");
  }
  return execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
}

export async function startPostgres(): Promise<Postgres> {
  const bin = binDir();
  const dir = tempDir("faults-pg");
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const as = (command: string, args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]) as [string, string[]];
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }));
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }));
    chownSync(dir, uid, gid);
  }
  execFileSync(...as(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]), { stdio: "pipe" });
  const port = await freePort();
  const url = `postgres://postgres@${HOST}:${port}/postgres`;

  let server: ChildProcess | undefined;
  let log = "";
  const start = async () => {
    const child = spawn(...as(join(bin, "postgres"), ["-D", data, "-p", String(port), "-k", dir, "-c", `listen_addresses=${HOST}`, "-c", "max_connections=200"]), {
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    child.stdout!.on("data", (chunk) => (log = (log + chunk).slice(-4_000)));
    child.stderr!.on("data", (chunk) => (log = (log + chunk).slice(-4_000)));
    server = child;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`postgres exited (${child.exitCode}):\n${log}`);
      const client = new pg.Client({ connectionString: url });
      const up = await client.connect().then(
        () => true,
        () => false,
      );
      await client.end().catch(() => {});
      if (up) return;
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections within 60 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async (how: "fast" | "kill") => {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once("exit", done));
    if (how === "kill") {
      process.kill(-child.pid!, "SIGKILL");
    } else {
      // The postmaster itself (under runuser, a child of it): its pid is the first line of postmaster.pid.
      const postmaster = Number(readFileSync(join(data, "postmaster.pid"), "utf8").split("\n")[0]);
      process.kill(postmaster, "SIGINT");
    }
    await exited;
    // After a kill, the server's backends die with it (same process group); wait until the port is free.
    for (let i = 0; i < 100 && existsSync(join(dir, `.s.PGSQL.${port}.lock`)) && how === "fast"; i++) await new Promise((r) => setTimeout(r, 100));
  };
  await start();
  return { url, start, stop, close: () => stop("fast") };
}
