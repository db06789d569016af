import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../devnet/indexer";
import { tempDir } from "./harness";

/**
 * `npm start` itself, as a process manager runs it (docker stop, systemd): it is stopped by a
 * SIGTERM sent to npm alone, not to its process group, and everything it started must go with it,
 * in order and in time, whatever its traffic was doing.
 */

/** Every process below `pid`, from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      parents.set(Number(name), Number(readFileSync(`/proc/${name}/stat`, "utf8").split(") ")[1]!.split(" ")[1]));
    } catch {
      // gone meanwhile
    }
  }
  const below = (p: number): number[] => [...parents].filter(([, parent]) => parent === p).flatMap(([child]) => [child, ...below(child)]);
  return below(pid);
}

const alive = (pid: number) => {
  try {
    return process.kill(pid, 0);
  } catch {
    return false;
  }
};

let npm: ChildProcess | undefined;

afterAll(() => {
  // Whatever is left (a failed test): the whole group, at once.
  if (npm?.pid && alive(npm.pid)) process.kill(-npm.pid, "SIGKILL");
});

describe("npm start", () => {
  it("starts the network and the API, and a SIGTERM to npm alone stops every process it started", async () => {
    npm = spawn("npm", ["start"], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DEVNET_DIR: tempDir("devnet"), PORT: "42470" },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let stopping = false;
    // Its last lines, for a failure's message; and whether it said it was stopping.
    const hear = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      stopping ||= output.includes("[devnet] stopping…");
    };
    npm.stderr!.on("data", hear);
    const dashboard = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no dashboard line in 300 s:\n${output}`)), 300_000);
      npm!.stdout!.on("data", (chunk: Buffer) => {
        hear(chunk);
        const url = /\[devnet\] dashboard (\S+)/.exec(output)?.[1];
        if (url) (clearTimeout(timer), resolve(url));
      });
      npm!.once("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    });
    const api = new URL("/api/chains", dashboard);
    expect((await fetch(api)).status).toBe(200);

    const started = descendants(npm.pid!);
    expect(started.length).toBeGreaterThan(5); // node, the anvils, Ponder
    const exited = new Promise<number | null>((resolve) => npm!.once("exit", (code) => resolve(code)));
    const t0 = Date.now();
    process.kill(npm.pid!, "SIGTERM");
    const code = await exited;
    for (const deadline = Date.now() + 5_000; started.some(alive) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    const seconds = (Date.now() - t0) / 1000;
    console.log(`[start] ${started.length} processes started; after a SIGTERM to npm: exit ${code} in ${seconds.toFixed(1)} s, ${started.filter(alive).length} left`);
    expect(started.filter(alive)).toEqual([]);
    expect(stopping).toBe(true);
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(15);
  }, 420_000);
});
