import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";

/**
 * CPU accounting from /proc (Linux): the anvils this process started, and the whole machine,
 * so a result can say whether it ran alone on its cores.
 */

const CLOCK_TICKS_PER_SECOND = 100;

type ProcStat = { pid: number; comm: string; ppid: number; cpuSeconds: number };

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is in parentheses and may contain spaces: split after the last ')'.
    const close = text.lastIndexOf(")");
    const comm = text.slice(text.indexOf("(") + 1, close);
    const fields = text.slice(close + 2).split(" ");
    // fields[0] is state (field 3); utime and stime are fields 14 and 15.
    return { pid, comm, ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

function sumProcesses(matches: (stat: ProcStat, pid: number) => boolean): number {
  if (process.platform !== "linux") return Number.NaN;
  let sum = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && matches(stat, Number(entry))) sum += stat.cpuSeconds;
  }
  return sum;
}

/** CPU seconds used so far by this process's anvil children. */
export const anvilCpuSeconds = () => sumProcesses((stat) => stat.ppid === process.pid && stat.comm === "anvil");

/** CPU seconds so far of every PostgreSQL server process, by pid. */
export function postgresSnapshot(): Map<number, number> {
  const snapshot = new Map<number, number>();
  sumProcesses((stat, pid) => {
    if (stat.comm === "postgres") snapshot.set(pid, stat.cpuSeconds);
    return false;
  });
  return snapshot;
}

/**
 * CPU seconds the PostgreSQL server (backends, WAL writer, checkpointer, autovacuum) used since
 * `from`. Processes that exited meanwhile are not counted: read it while the run's pools are
 * still open. The server is shared: other clients' work counts too.
 */
export function postgresCpuSince(from: Map<number, number>): number {
  let sum = 0;
  for (const [pid, cpu] of postgresSnapshot()) sum += cpu - (from.get(pid) ?? 0);
  return sum;
}

/** This process's own CPU seconds (the benchmark's polling, or the API load generator). */
export const selfCpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Busy and total CPU time of every core, in clock ticks. */
export type MachineSnapshot = { busy: number; total: number };

export function machineSnapshot(): MachineSnapshot {
  if (process.platform !== "linux") return { busy: 0, total: 0 };
  const [, ...ticks] = (readFileSync("/proc/stat", "utf8").split("\n")[0] ?? "").trim().split(/\s+/).map(Number);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Share of all cores busy between two snapshots (1 = every core busy all the time). */
export const busyShare = (from: MachineSnapshot, to: MachineSnapshot) =>
  to.total > from.total ? Math.round(((to.busy - from.busy) / (to.total - from.total)) * 100) / 100 : Number.NaN;

/** CPU seconds all processes used between two snapshots. */
export const busySeconds = (from: MachineSnapshot, to: MachineSnapshot) => (to.busy - from.busy) / CLOCK_TICKS_PER_SECOND;

export const loadAverage1m = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

export type Quiet = { waitedSeconds: number; quiet: boolean; otherCores: number };

/**
 * Waits, up to `maxSeconds`, until processes other than this one and its anvils use less than
 * `threshold` of a core over a 3 s window: on a shared machine a run that starts while
 * something else compiles or tests is measured against half the CPU.
 */
export async function waitForQuiet(maxSeconds: number, threshold = 0.3): Promise<Quiet> {
  const started = performance.now();
  let otherCores = Number.NaN;
  do {
    const machine = machineSnapshot();
    const ours = anvilCpuSeconds() + selfCpuSeconds();
    const windowStart = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const windowSeconds = (performance.now() - windowStart) / 1000;
    otherCores = (busySeconds(machine, machineSnapshot()) - (anvilCpuSeconds() + selfCpuSeconds() - ours)) / windowSeconds;
    if (otherCores < threshold) break;
  } while (performance.now() - started < maxSeconds * 1000);
  return {
    waitedSeconds: Math.round((performance.now() - started) / 100) / 10,
    quiet: otherCores < threshold,
    otherCores: Math.round(otherCores * 100) / 100,
  };
}
