import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Hex, keccak256, parseAbiItem, toEventSelector } from "viem";
import { type Indexer, startIndexer } from "../../devnet/indexer";
import { dispatchPayment, quoteGasPayment } from "../../devnet/hyperlane";
import type { DevChain } from "../../devnet/network";
import { deliver, dispatch, payForGas } from "../../devnet/messaging";
import { mulberry32, randomBytes } from "../../devnet/random";
import { deliverWarpTransfers, type SentWarpTransfer, sendWarpTransfers, type WarpTransferSpec } from "../../devnet/warp";
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
/** Each fault test starts several indexers; on a loaded machine a Ponder start alone can take a minute. */
const LONG = FULL ? 3_600_000 : 900_000;
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
}, 900_000);

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
  }, LONG);
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
  }, LONG);

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
  }, LONG);
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
  }, LONG);
});

describe("reorgs", () => {
  const DEPTHS = FULL ? [1, 5, 15, 29, 2, 7, 20, 29] : [1, 5, 15, 29];

  it(`reorgs of depth ${DEPTHS.join(", ")} on every chain while live, removing dispatches, deliveries, payments and transfers, some re-included: the tables equal a fresh index of the final chains`, async () => {
    const random = mulberry32(SEED + 3);
    const { network } = world;
    const chains = network.chains;
    // Automine only: every transaction is one block, so each branch is exactly as deep as asked.
    await Promise.all(chains.map(async (c) => {
      await c.testClient.setIntervalMining({ interval: 0 });
      await c.testClient.setAutomine(true);
    }));
    const schema = world.schema("reorged");
    const indexer = await indexUpTo({ manifestPath: world.manifest(), databaseUrl: DATABASE_URL, schema }, await heads(network));
    indexers.push(indexer);
    const removed = { dispatches: 0, deliveries: 0, payments: 0, transfers: 0 };
    let reincluded = 0;
    const body = () => randomBytes(random, 1 + Math.floor(random() * 200));

    for (const [round, depth] of DEPTHS.entries()) {
      // On the canonical chain, before the fork: a paid message from each chain to the next.
      const before = await Promise.all(
        chains.map((c, i) => dispatch(c, { destination: chains[(i + 1) % chains.length]!, body: body(), sender: 2 + (round % 8), payment: dispatchPayment(100_000n) })),
      );
      const fork = await heads(network);
      await indexer.waitForBlocks(fork, 120_000);
      const snapshots = await Promise.all(chains.map((c) => c.testClient.snapshot()));

      // Each chain's transactions on a branch, in order, at most `depth` of them.
      const plan = chains.map((_, i) => (i % 2 === 0 ? ["deliver", "dispatch", "pay", "transfer"] : ["dispatch", "deliver", "pay", "transfer"]).slice(0, depth));
      const specs: { id?: Hex; destination: DevChain; body: Hex; sender: number; payment: bigint }[] = chains.map((_, i) => ({
        destination: chains[(i + 1) % chains.length]!,
        body: body(),
        sender: 2 + ((round + i) % 8),
        payment: dispatchPayment(BigInt(50 + Math.floor(random() * 300)) * 1_000n),
      }));
      const transfer: WarpTransferSpec = { route: "ERA", origin: "settlement", destination: "opchain", amount: BigInt(1 + round) * 10n ** 18n, sender: 2 + (round % 8), deliver: true };
      const runBranch = async (keep: (chain: number, op: string) => boolean) => {
        const done = chains.map(() => new Set<string>());
        for (let step = 0; step < 4; step++) {
          await Promise.all(
            chains.map(async (c, i) => {
              const op = plan[i]![step];
              if (!op || !keep(i, op)) return;
              if (op === "deliver") await deliver(c, before[(i + chains.length - 1) % chains.length]!.dispatched.message);
              if (op === "dispatch") specs[i]!.id = (await dispatch(c, specs[i]!)).dispatched.id;
              if (op === "pay") {
                if (!done[i]!.has("dispatch")) return;
                await payForGas(c, { id: specs[i]!.id!, destinationDomain: specs[i]!.destination.domainId, payment: quoteGasPayment(20_000n), payer: specs[i]!.sender });
              }
              if (op === "transfer" && c.name !== "settlement" && c.name !== "opchain") await dispatch(c, { ...specs[i]!, body: body(), payment: undefined });
              if (op === "transfer" && c.name === "settlement") sentTransfer = (await sendWarpTransfers(network, world.warp, [transfer]))[0];
              done[i]!.add(op);
            }),
          );
          // The transfer's delivery on opchain follows its dispatch on the settlement chain.
          if (step === 3 && sentTransfer && plan[1]![3] && keep(1, "transfer")) {
            await deliverWarpTransfers(network, [sentTransfer]);
            done[1]!.add("transfer");
          }
        }
        return done;
      };
      let sentTransfer: SentWarpTransfer | undefined;
      const mineTo = async (blocks: Record<string, bigint>) => {
        for (const c of chains) {
          const head = await c.publicClient.getBlockNumber();
          if (head > blocks[c.name]!) throw new Error(`${c.name}: the branch is ${head - fork[c.name]!} blocks deep, over ${depth}`);
          if (head < blocks[c.name]!) await c.testClient.mine({ blocks: Number(blocks[c.name]! - head) });
        }
      };
      const at = (extra: number) => Object.fromEntries(chains.map((c) => [c.name, fork[c.name]! + BigInt(extra)]));

      // The branch that will be dropped, indexed live.
      const first = await runBranch(() => true);
      await mineTo(at(depth));
      await indexer.waitForBlocks(at(depth), 120_000);
      for (const [i, ops] of first.entries()) {
        removed.deliveries += Number(ops.has("deliver")) + Number(i === 1 && ops.has("transfer"));
        removed.dispatches += Number(ops.has("dispatch")) + Number(ops.has("transfer") && i !== 1);
        removed.payments += Number(ops.has("dispatch")) + Number(ops.has("pay")) + Number(i === 0 && ops.has("transfer"));
        removed.transfers += Number(i === 0 && ops.has("transfer"));
      }
      const dropped = specs.filter((s) => s.id).map((s) => s.id!);
      expect((await getJson(`${indexer.url}/api/messages/${dropped[0]}`)).status).toBe(200);

      // The fork: back to the snapshot, and a longer branch that re-includes some of it.
      await Promise.all(chains.map((c, i) => c.testClient.revert({ id: snapshots[i]! })));
      for (const s of specs) s.id = undefined;
      sentTransfer = undefined;
      const second = await runBranch(() => random() < 0.5);
      reincluded += second.reduce((sum, ops) => sum + ops.size, 0);
      await mineTo(at(depth + 1));
      await indexer.waitForBlocks(at(depth + 1), 120_000);
      for (const id of dropped.filter((id) => !specs.some((s) => s.id === id))) {
        expect((await getJson(`${indexer.url}/api/messages/${id}`)).status, `message ${id} of the dropped branch`).toBe(404);
      }
    }
    await indexer.stop();
    const target = await heads(network);
    await clearSyncCache(world.chainIds);
    const freshSchema = world.schema("fresh");
    const fresh = await indexUpTo({ manifestPath: world.manifest(), databaseUrl: DATABASE_URL, schema: freshSchema }, target);
    indexers.push(fresh);
    await fresh.stop();
    await keepMining(network);
    const { rows, count, differences } = compareDumps(await dumpTables(schema), await dumpTables(freshSchema));
    report(
      `reorgs: ${DEPTHS.length} on each of ${chains.length} chains (depths ${DEPTHS.join(", ")}), removing ${removed.dispatches} dispatches, ${removed.deliveries} deliveries, ${removed.payments} payments, ${removed.transfers} transfers; ${reincluded} transactions re-included; ${rows} rows compared, ${count} differences`,
    );
    expect(differences).toEqual([]);
  }, LONG);
});
