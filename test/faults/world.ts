import { writeFileSync } from "node:fs";
import type { ManifestInput } from "../../src/network/manifest";
import { freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { makeScenario, mineEmpty, runScenario } from "../../devnet/scenario";
import { TRAFFIC_SENDERS } from "../../devnet/accounts";
import { mulberry32, pick } from "../../devnet/random";
import {
  deliverWarpTransfers,
  deployWarpRoutes,
  makeWarpScenario,
  runWarpScenario,
  sendWarpTransfers,
  type WarpDeployment,
  type WarpTransferSpec,
} from "../../devnet/warp";
import { dropSchema, dumpTables, freshSchema, tempDir, withPg } from "../e2e/harness";
import { type RpcProxy, type ProxyOptions, startRpcProxy } from "./proxy";

/**
 * The fault harness's world: the local network with the seeded messaging and warp-transfer
 * scenarios on it, manifests pointing the indexer at the chains directly or through proxies,
 * and the table comparison every fault test ends with. Also used by the bench.
 */

/** `FAULTS=full` (`npm run faults -- --full`): the long run; otherwise the short one `npm test` runs. */
export const FULL = process.env.FAULTS === "full";
export const SEED = Number(process.env.FAULTS_SEED ?? 20_260_101);

export type World = {
  network: Network;
  warp: WarpDeployment;
  /** A manifest with the given RPC URL per chain (default: each anvil's own), written to a file. */
  manifest(options?: { rpc?: Record<string, string | string[]>; rpcRepeat?: number; pollingIntervalMs?: number }): string;
  chainIds: number[];
  /** A fresh PostgreSQL schema, dropped by `stop`. */
  schema(label: string): string;
  stop(): Promise<void>;
};

export type WorldOptions = { seed?: number; messages?: number; transfers?: number };

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const seed = options.seed ?? SEED;
  const network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  const schemas: string[] = [];
  try {
    await runScenario(network, makeScenario({ seed, count: options.messages ?? 60 }));
    const warp = await deployWarpRoutes(network);
    await runWarpScenario(network, warp, makeWarpScenario({ seed: seed + 1, count: options.transfers ?? 30 }));
    await mineEmpty(network, 40);
    const dir = tempDir("faults");
    let written = 0;
    return {
      network,
      warp,
      chainIds: network.chains.map((c) => c.chainId),
      manifest({ rpc, rpcRepeat, pollingIntervalMs } = {}) {
        const manifest: ManifestInput = structuredClone({ ...network.manifest, warpRoutes: warp.routes });
        for (const chain of manifest.chains) {
          if (rpc?.[chain.name]) chain.rpc = rpc[chain.name]!;
          if (rpcRepeat !== undefined) chain.rpcRepeat = rpcRepeat;
          if (pollingIntervalMs !== undefined) chain.pollingIntervalMs = pollingIntervalMs;
        }
        const path = `${dir}/manifest-${written++}.json`;
        writeFileSync(path, JSON.stringify(manifest));
        return path;
      },
      schema(label) {
        const name = freshSchema(label);
        schemas.push(name);
        return name;
      },
      async stop() {
        await network.stop();
        for (const name of schemas) await dropSchema(name);
      },
    };
  } catch (error) {
    await network.stop();
    throw error;
  }
}

/**
 * More of the seeded traffic, for a live indexer to follow: `messages` messages (paid, unpaid,
 * topped up; most delivered) and half as many warp transfers out of the settlement chain (ERA
 * collateral and native ETH, to each rollup), most delivered.
 */
export async function sendTraffic(world: Pick<World, "network" | "warp">, seed: number, messages: number) {
  const random = mulberry32(seed);
  await runScenario(world.network, makeScenario({ seed, count: messages }));
  const rollups = world.network.chains.filter((c) => c.name !== "settlement").map((c) => c.name);
  const specs: WarpTransferSpec[] = Array.from({ length: Math.ceil(messages / 2) }, () => {
    const route = pick(random, ["ERA", "ETH"] as const);
    return {
      route,
      origin: "settlement",
      destination: pick(random, rollups),
      amount: BigInt(1 + Math.floor(random() * 999)) * 10n ** (route === "ERA" ? 15n : 12n),
      sender: pick(random, TRAFFIC_SENDERS),
      deliver: random() < 0.8,
    };
  });
  const sent = await sendWarpTransfers(world.network, world.warp, specs);
  await deliverWarpTransfers(world.network, sent.filter((t) => t.deliver));
}

/** One proxy per chain, seeded from `seed` and the chain's position; keyed by chain name. */
export async function proxyChains(network: Network, options: Omit<ProxyOptions, "target" | "seed"> & { seed: number }) {
  const proxies: Record<string, RpcProxy> = {};
  for (const [i, chain] of network.chains.entries()) {
    proxies[chain.name] = await startRpcProxy({ ...options, target: chain.rpcUrl, seed: options.seed * 31 + i });
  }
  return {
    proxies,
    rpc: Object.fromEntries(Object.entries(proxies).map(([name, p]) => [name, p.url])),
    faults: () => Object.values(proxies).reduce((sum, p) => sum + p.faults(), 0),
    calls: () => Object.values(proxies).reduce((sum, p) => sum + p.stats.calls, 0),
    lies: () => Object.values(proxies).reduce((sum, p) => sum + p.stats.lies, 0),
    stop: () => Promise.all(Object.values(proxies).map((p) => p.stop())),
  };
}

/**
 * Forgets what Ponder cached of these chains (blocks, logs, RPC results in `ponder_sync`), so the
 * next indexer reads them from its RPC again: a reference run must not reuse what a faulted run
 * fetched, nor a faulted run what a clean run did.
 */
export async function clearSyncCache(chainIds: number[]) {
  await withPg(async (client) => {
    const { rows } = await client.query(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'ponder_sync' AND column_name IN ('chain_id', 'chainId')",
    );
    for (const { table_name, column_name } of rows) {
      await client.query(`DELETE FROM ponder_sync."${table_name}" WHERE "${column_name}"::numeric = ANY($1::numeric[])`, [chainIds.map(String)]);
    }
  });
}

export type Dump = Awaited<ReturnType<typeof dumpTables>>;

const rowKey = (row: unknown) => JSON.stringify(row, (_, v) => (typeof v === "bigint" ? v.toString() : v));

/** Rows compared and rows that differ (in one dump and not the other, per table, as multisets). */
export function compareDumps(actual: Dump, expected: Dump) {
  let rows = 0;
  const differences: { table: string; missing: string[]; extra: string[] }[] = [];
  for (const table of new Set([...Object.keys(actual), ...Object.keys(expected)])) {
    const counts = new Map<string, number>();
    for (const row of expected[table] ?? []) counts.set(rowKey(row), (counts.get(rowKey(row)) ?? 0) + 1);
    const extra: string[] = [];
    for (const row of actual[table] ?? []) {
      const key = rowKey(row);
      const left = counts.get(key) ?? 0;
      if (left > 0) counts.set(key, left - 1);
      else extra.push(key);
    }
    const missing = [...counts].flatMap(([key, n]) => Array<string>(n).fill(key));
    rows += Math.max(actual[table]?.length ?? 0, expected[table]?.length ?? 0);
    if (missing.length || extra.length) differences.push({ table, missing, extra });
  }
  const count = differences.reduce((sum, d) => sum + d.missing.length + d.extra.length, 0);
  return { rows, differences, count };
}

/** One line of the figures each fault test reports (collected in the run's output). */
export function report(line: string) {
  console.log(`[faults] ${line}`);
}
