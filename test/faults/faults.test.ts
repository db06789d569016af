import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Hex, keccak256, parseAbiItem, toEventSelector } from "viem";
import { type Indexer, startIndexer } from "../../devnet/indexer";
import { mulberry32 } from "../../devnet/random";
import { DATABASE_URL, dumpTables, getJson, heads, indexUpTo, keepMining } from "../e2e/harness";
import { FAULT_KINDS, type JsonRpcRequest } from "./proxy";
import { clearSyncCache, compareDumps, type Dump, FULL, proxyChains, report, SEED, sendTraffic, startWorld, type World } from "./world";

/**
 * The seeded scenarios indexed through RPC proxies that fail a share of the calls (default 20 %):
 * the tables must end equal to a clean run's. Then proxies that lie, well-formed but wrong.
 */

let world: World;
let target: Record<string, bigint>;
let reference: Dump;
const indexers: Indexer[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const FAIL_SHARE = Number(process.env.FAULTS_FAIL_SHARE ?? 0.2);
const RUNS = FULL ? 4 : 1;
/** A timeout holds a call past Ponder's 10 s: rare in the short run, as common as the others at full length. */
const WEIGHTS = FULL ? {} : { timeout: 0.1 };

const dispatchEvent = parseAbiItem("event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)");
const DISPATCH = toEventSelector(dispatchEvent);

beforeAll(async () => {
  world = await startWorld(FULL ? { messages: 300, transfers: 100 } : {});
  target = await heads(world.network);
  await keepMining(world.network);
  const schema = world.schema("clean");
  const clean = await indexUpTo({ manifestPath: world.manifest(), databaseUrl: DATABASE_URL, schema }, target);
  reference = await dumpTables(schema);
  await clean.stop();
});

afterAll(async () => {
  await Promise.all(indexers.map((i) => i.stop()));
  await world?.stop();
});

describe("an RPC that fails", () => {
  it(`${(FAIL_SHARE * 100).toFixed(0)} % of calls failing (JSON-RPC errors, 429, 5xx, timeouts, drops, cut bodies): the tables equal a clean run's`, async () => {
    for (let run = 0; run < RUNS; run++) {
      await clearSyncCache(world.chainIds);
      const proxies = await proxyChains(world.network, { seed: SEED + run, failShare: FAIL_SHARE, weights: WEIGHTS });
      try {
        const schema = world.schema(`faulted${run}`);
        const started = Date.now();
        const indexer = await indexUpTo({ manifestPath: world.manifest({ rpc: proxies.rpc }), databaseUrl: DATABASE_URL, schema }, target);
        indexers.push(indexer);
        const seconds = (Date.now() - started) / 1000;
        await indexer.stop();
        const { rows, count, differences } = compareDumps(await dumpTables(schema), reference);
        const byKind = FAULT_KINDS.map((k) => `${k} ${Object.values(proxies.proxies).reduce((s, p) => s + p.stats.faults[k], 0)}`).join(", ");
        report(`rpc faults run ${run + 1}/${RUNS}: ${proxies.calls()} calls, ${proxies.faults()} failed (${byKind}), indexed in ${seconds.toFixed(1)} s; ${rows} rows compared, ${count} differences`);
        expect(differences).toEqual([]);
        expect(reference.message!.length).toBeGreaterThan(0);
        expect(proxies.faults()).toBeGreaterThan(proxies.calls() * FAIL_SHARE * 0.5);
      } finally {
        await proxies.stop();
      }
    }
  });
});

describe("an RPC that lies", () => {
  it("a Dispatch log left out of every eth_getLogs answer: the indexer cannot tell, and loses that message", async () => {
    await clearSyncCache(world.chainIds);
    const proxies = await proxyChains(world.network, { seed: SEED, failShare: 0 });
    const settlement = proxies.proxies.settlement!;
    // The first Dispatch the settlement chain's node is asked for, left out of that answer and every later one.
    let hidden: string | undefined;
    settlement.setLie((request: JsonRpcRequest, result) => {
      if (request.method !== "eth_getLogs" || !Array.isArray(result)) return undefined;
      const logs = result as { topics: Hex[]; data: Hex; transactionHash: Hex; logIndex: Hex }[];
      const key = (l: (typeof logs)[number]) => `${l.transactionHash}:${l.logIndex}`;
      hidden ??= logs.find((l) => l.topics[0] === DISPATCH) && key(logs.find((l) => l.topics[0] === DISPATCH)!);
      const kept = logs.filter((l) => key(l) !== hidden);
      return kept.length === logs.length ? undefined : kept;
    });
    try {
      const schema = world.schema("omitted");
      const indexer = await indexUpTo({ manifestPath: world.manifest({ rpc: proxies.rpc }), databaseUrl: DATABASE_URL, schema }, target);
      indexers.push(indexer);
      await indexer.stop();
      const { rows, count, differences } = compareDumps(await dumpTables(schema), reference);
      report(`rpc lie "log left out": ${proxies.lies()} answers changed; ${rows} rows compared, ${count} differences (not caught by the indexer)`);
      expect(hidden).toBeDefined();
      expect(proxies.lies()).toBeGreaterThan(0);
      // That message's dispatch is gone, silently: nothing in the run failed. (Delivered, it is still
      // served from its delivery, without its origin side.)
      expect(differences.map((d) => d.table)).toEqual(["message"]);
      const [{ missing, extra }] = differences as [(typeof differences)[number]];
      expect(missing).toHaveLength(1);
      expect(extra.map((row) => JSON.parse(row).id)).toEqual(extra.length ? [JSON.parse(missing[0]!).id] : []);
    } finally {
      await proxies.stop();
    }
  });

  it("a block from another branch answered for a block with logs: the indexer refuses it and retries, writing nothing wrong; once the node answers right, it goes on", async () => {
    await clearSyncCache(world.chainIds);
    const proxies = await proxyChains(world.network, { seed: SEED, failShare: 0 });
    const chain = world.network.chains[1]!;
    const [firstDispatch] = await chain.publicClient.getLogs({ address: chain.hyperlane.mailbox, event: dispatchEvent, fromBlock: 0n, toBlock: "latest" });
    const forged = firstDispatch!.blockNumber;
    proxies.proxies[chain.name]!.setLie((request, result) => {
      if (request.method !== "eth_getBlockByNumber" || !result || typeof result !== "object") return undefined;
      const block = result as { number: Hex; hash: Hex; parentHash: Hex };
      if (BigInt(block.number) !== forged) return undefined;
      // The same height on a sibling branch: another hash, another parent.
      return { ...block, hash: keccak256(block.hash), parentHash: keccak256(block.parentHash) };
    });
    try {
      const schema = world.schema("forged");
      const indexer = await startIndexer({ manifestPath: world.manifest({ rpc: proxies.rpc }), databaseUrl: DATABASE_URL, schema, log: "pipe" });
      indexers.push(indexer);
      const deadline = Date.now() + 120_000;
      while (!/Inconsistent RPC response data/.test(indexer.output()) && Date.now() < deadline) await sleep(250);
      expect(indexer.output()).toMatch(/Inconsistent RPC response data/);
      // Held at the forged block: nothing of it, or after it, is indexed on that chain.
      await sleep(3_000);
      const held = (await indexer.status().catch(() => ({}) as Record<string, { block: { number: number } }>))[chain.name]?.block.number ?? -1;
      expect(held).toBeLessThan(Number(forged));
      expect(indexer.process.exitCode).toBeNull();
      const lies = proxies.lies();

      // The node answers right again: the same process goes on and ends with the clean tables.
      proxies.proxies[chain.name]!.setLie(undefined);
      await indexer.waitForBlocks(target, 180_000);
      await indexer.stop();
      const { rows, count, differences } = compareDumps(await dumpTables(schema), reference);
      report(`rpc lie "block from another branch": ${lies} answers forged, caught (indexer held at block ${held} < ${forged}), then ${rows} rows compared, ${count} differences`);
      expect(lies).toBeGreaterThan(1);
      expect(differences).toEqual([]);
    } finally {
      await proxies.stop();
    }
  });
});

const isReady = async (indexer: Indexer) =>
  indexer.process.exitCode === null && (await getJson(`${indexer.url}/ready`).catch(() => ({ status: 0 }))).status === 200;

describe("SIGKILLs", () => {
  const KILLS = FULL ? 40 : 10;

  it(`${KILLS} SIGKILLs at seeded points of a backfill and of live indexing, each followed by a restart: the tables equal an uninterrupted run's`, async () => {
    const random = mulberry32(SEED + 2);
    await clearSyncCache(world.chainIds);
    const schema = world.schema("killed");
    // One RPC URL per chain, not repeated: Ponder's rate limit keeps the backfill slow enough to interrupt.
    const manifestPath = world.manifest({ rpcRepeat: 1 });
    const killedIn = { backfill: 0, live: 0 };
    let traffic = 0;
    for (let k = 0; k < KILLS; k++) {
      const indexer = await startIndexer({ manifestPath, databaseUrl: DATABASE_URL, schema, log: "pipe" });
      if (k < KILLS / 2) {
        // Somewhere in the first seconds of a (re)started backfill: syncing, indexing or checkpointing.
        await sleep(200 + random() * 4_000);
      } else {
        // Live: traffic under way, the kill lands while its blocks are indexed.
        await indexer.waitForReady(180_000);
        const sending = sendTraffic(world, SEED + 1_000 + k, 2);
        await sleep(random() * 3_000);
        killedIn[(await isReady(indexer)) ? "live" : "backfill"]++;
        await indexer.kill();
        await sending;
        traffic += 3;
        continue;
      }
      killedIn[(await isReady(indexer)) ? "live" : "backfill"]++;
      await indexer.kill();
    }
    const target = await heads(world.network);
    const restarted = await indexUpTo({ manifestPath, databaseUrl: DATABASE_URL, schema }, target);
    indexers.push(restarted);
    await restarted.stop();

    await clearSyncCache(world.chainIds);
    const whole = world.schema("unkilled");
    const uninterrupted = await indexUpTo({ manifestPath: world.manifest(), databaseUrl: DATABASE_URL, schema: whole }, target);
    indexers.push(uninterrupted);
    await uninterrupted.stop();
    const { rows, count, differences } = compareDumps(await dumpTables(schema), await dumpTables(whole));
    report(`SIGKILLs: ${KILLS} kills (${killedIn.backfill} in a backfill, ${killedIn.live} live, ${traffic} messages and transfers sent while live), 1 run; ${rows} rows compared, ${count} differences`);
    expect(differences).toEqual([]);
    expect(killedIn.backfill).toBeGreaterThan(0);
    expect(killedIn.live).toBeGreaterThan(0);
  });
});
