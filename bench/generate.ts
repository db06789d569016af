import { type Address, encodeFunctionData, type Hex, toEventSelector } from "viem";
import { devnetAccount, RELAYER } from "../devnet/accounts";
import type { Apps } from "../devnet/apps";
import { gasForPayment, hyperlaneAbi } from "../devnet/hyperlane";
import { dispatchGasLimit, recipientOn, standardHookMetadata } from "../devnet/messaging";
import { chainNamed, type DevChain, type Network } from "../devnet/network";
import { shuffle } from "../devnet/random";
import { type MessageSpec, makeScenario } from "../devnet/scenario";
import { MailboxAbi } from "../abis/Mailbox";
import { loadManifest } from "../src/network/load";
import type { Manifest } from "../src/network/manifest";
import { dispatchMessage, fromAnnouncement, indexedEvents, type RpcLog, scanLogs } from "./logs";
import { rpc, rpcBatch, toQuantity } from "./rpc";
import { BRIDGE_TX_PER_BLOCK, planBridgeTraffic } from "./bridges";
import { registeredEvents } from "./registered";
import { DEFAULT_TOKEN_SHARES, planTokenTraffic, planWarpReturns, type TokenItem, type TokenShares, type TokenSummary } from "./tokens";

/**
 * Bulk traffic on the devnet's real Hyperlane contracts, fast: automine off, each block's
 * transactions sent in one JSON-RPC batch (anvil signs for its own dev accounts, with the
 * nonces given here), then one anvil_mine. The message mix is the devnet scenario's
 * (makeScenario): ~10% unpaid through the unpaid hook, the rest paid to the IGP in the
 * dispatch transaction, some topped up later with payForGas, most delivered by the relayer.
 * With `apps` (devnet/apps.ts deployApps), a share of the messages are token and Metalayer
 * traffic instead (bench/tokens.ts), sent and delivered the same way.
 */

export type GenerateOptions = {
  messages: number;
  seed: number;
  txPerBlock: number;
  /** Mined after the traffic: Ponder backfills only to head − 30 on unknown chain ids. */
  emptyBlocks: number;
  /** The indexer's manifest (with the apps, when there are): the events counted are those its indexing files register. */
  manifestPath: string;
  /** The deployed applications: token and Metalayer traffic replaces a share of the plain messages. */
  apps?: Apps;
  tokenShares?: TokenShares;
  /** Seconds deployApps took (reported with the traffic). */
  appsDeploySeconds?: number;
  onProgress?: (line: string) => void;
};

export type ChainTraffic = {
  name: string;
  chainId: number;
  rpcUrl: string;
  /** The head after the empty blocks: what the indexer must reach. */
  head: number;
  startBlock: number;
  transactions: number;
  /** Logs of every event the project indexes, by event name. */
  events: Record<string, number>;
};

export type Traffic = {
  seconds: number;
  chains: ChainTraffic[];
  /** Every dispatched message id, in no particular order. */
  messageIds: Hex[];
  expected: {
    messages: number;
    delivered: number;
    gasPayments: number;
    events: number;
    dispatches: number;
    /** Rows of the `transfer` table (0 without tokens), how many of them delivered, and Metalayer messages. */
    transfers?: number;
    transfersDelivered?: number;
    metalayerMessages?: number;
    /** Native bridge transfers sent (deposits and withdrawals), each a `bridge_transfer` row */
    bridgeTransfers?: number;
  };
  /** The transactions that initiated them. */
  bridgeTxHashes?: Hex[];
  /** Absent when the run had no token traffic (--tokens off). */
  tokens?: TokenSummary;
};

// Explicit gas, so anvil never estimates. process() stores the body in TestRecipient (up to
// ~2.6M gas for a 4 KB body the first time its slots are written).
const GAS = { dispatch: 1_500_000n, payForGas: 300_000n, process: 6_000_000n };
const GAS_PRICE = 3_000_000_000n;

type Tx = { from: Address; to: Address; data: Hex; value: bigint; gas: bigint };

/** One transaction that dispatches exactly one message: a plain Mailbox.dispatch or an app's send. */
type Item = { origin: string; destination: string; tx: Tx; deliver: boolean; plain?: MessageSpec; token?: TokenItem };

class NonceBook {
  private readonly next = new Map<string, number>();
  constructor(private readonly rpcUrl: string) {}
  async take(from: Address): Promise<number> {
    let nonce = this.next.get(from);
    if (nonce === undefined) nonce = Number.parseInt(await rpc<string>(this.rpcUrl, "eth_getTransactionCount", [from, "pending"]), 16);
    this.next.set(from, nonce + 1);
    return nonce;
  }
}

/** Sends `txs` in blocks of `perBlock`, mining each; returns the transaction hashes in order. */
async function sendInBlocks(chain: DevChain, txs: readonly Tx[], perBlock: number, nonces: NonceBook): Promise<Hex[]> {
  const hashes: Hex[] = [];
  for (let i = 0; i < txs.length; i += perBlock) {
    const chunk = txs.slice(i, i + perBlock);
    const calls = [];
    for (const tx of chunk) {
      calls.push({
        method: "eth_sendTransaction",
        params: [
          {
            from: tx.from,
            to: tx.to,
            data: tx.data,
            value: toQuantity(tx.value),
            gas: toQuantity(tx.gas),
            gasPrice: toQuantity(GAS_PRICE),
            nonce: toQuantity(await nonces.take(tx.from)),
          },
        ],
      });
    }
    hashes.push(...(await rpcBatch<Hex>(chain.rpcUrl, calls)));
    await rpc(chain.rpcUrl, "anvil_mine", ["0x1"]);
  }
  // Whatever did not fit in its block (it should all fit: see the gas limit below) goes now.
  for (let attempt = 0; attempt < 100; attempt++) {
    const { pending } = await rpc<{ pending: Hex }>(chain.rpcUrl, "txpool_status");
    if (Number(pending) === 0) return hashes;
    await rpc(chain.rpcUrl, "anvil_mine", ["0x1"]);
  }
  throw new Error(`${chain.name}: transactions still pending after 100 extra blocks`);
}

const head = async (chain: DevChain) => Number.parseInt(await rpc<string>(chain.rpcUrl, "eth_blockNumber"), 16);

function dispatchTx(origin: DevChain, destination: DevChain, spec: MessageSpec): Tx {
  const from = devnetAccount(spec.sender ?? 2).address;
  const target = [destination.domainId, recipientOn(destination), spec.body] as const;
  const payment = spec.payments[0];
  const data =
    payment === undefined
      ? encodeFunctionData({ abi: hyperlaneAbi.mailbox, functionName: "dispatch", args: [...target, "0x", origin.hyperlane.unpaidHook] })
      : encodeFunctionData({ abi: hyperlaneAbi.mailbox, functionName: "dispatch", args: [...target, standardHookMetadata(dispatchGasLimit(payment), from)] });
  return { from, to: origin.hyperlane.mailbox, data, value: payment ?? 0n, gas: GAS.dispatch };
}

type Dispatched = { item: Item; id: Hex; message: Hex };

/** Each chain's Dispatch logs, paired with the item whose transaction emitted it and the id from DispatchId. */
async function readDispatches(chain: DevChain, itemByTx: Map<Hex, Item>, fromBlock: number, toBlock: number): Promise<Dispatched[]> {
  const dispatchTopic = toEventSelector(MailboxAbi.find((e) => e.name === "Dispatch")!);
  const dispatchIdTopic = toEventSelector(MailboxAbi.find((e) => e.name === "DispatchId")!);
  const found: Dispatched[] = [];
  const messageByTx = new Map<Hex, Hex>();
  await scanLogs(chain.rpcUrl, { address: [chain.hyperlane.mailbox], topic0s: [dispatchTopic, dispatchIdTopic] }, fromBlock, toBlock, (logs: RpcLog[]) => {
    for (const log of logs) {
      if (log.topics[0] === dispatchTopic) messageByTx.set(log.transactionHash, dispatchMessage(log));
      else {
        const item = itemByTx.get(log.transactionHash);
        const message = messageByTx.get(log.transactionHash);
        if (item && message) found.push({ item, id: log.topics[1] as Hex, message });
      }
    }
  });
  return found;
}

/** Every log of every event the indexer watches on `chain`, counted by event name (a Transfer as a mint, burn or move). */
async function countEvents(chain: DevChain, toBlock: number, manifest: Manifest, registered: readonly string[]): Promise<Record<string, number>> {
  const events = await indexedEvents(manifest, chain, toBlock, registered);
  const key = (address: string, topic0: string) => `${address.toLowerCase()}|${topic0}`;
  // A synthetic's Transfers are the route's supply, counted as mints, burns and moves; other
  // tokens' Transfers (the governance token's) by their source.
  const isSupply = (e: (typeof events)[number]) => e.name === "Transfer" && e.source === "tokens/SyntheticToken";
  const nameOf = new Map(events.map((e) => [key(e.address, e.topic0), e.name === "Transfer" && !isSupply(e) ? `Transfer (${e.source})` : e.name]));
  const announcedIn = new Map(events.map((e) => [key(e.address, e.topic0), e.announcedIn]));
  const counts: Record<string, number> = Object.fromEntries(
    events.flatMap((e) => (isSupply(e) ? ["Transfer (mint)", "Transfer (burn)", "Transfer (holders)"] : [nameOf.get(key(e.address, e.topic0))!])).map((name) => [name, 0]),
  );
  const zeroTopic = `0x${"0".repeat(64)}`;
  await scanLogs(
    chain.rpcUrl,
    { address: [...new Set(events.map((e) => e.address))], topic0s: [...new Set(events.map((e) => e.topic0))] },
    chain.hyperlane.startBlock,
    toBlock,
    (logs) => {
      for (const log of logs) {
        const at = key(log.address, log.topics[0] ?? "0x");
        if (!fromAnnouncement(log, announcedIn.get(at))) continue;
        let name = nameOf.get(at);
        if (name === "Transfer") name = log.topics[1] === zeroTopic ? "Transfer (mint)" : log.topics[2] === zeroTopic ? "Transfer (burn)" : "Transfer (holders)";
        if (name) counts[name] = (counts[name] ?? 0) + 1;
      }
    },
    { range: 200, concurrency: 2 },
  );
  return counts;
}

/**
 * Sends each origin chain's items in blocks, reads back their Dispatch logs (ids and message
 * bytes: the nonce in a message depends on the order anvil packed the block in) and checks that
 * every item dispatched its one message.
 */
async function dispatchItems(
  network: Network,
  items: readonly Item[],
  options: { txPerBlock: number; nonces: Map<string, NonceBook>; transactions: Map<string, number>; progress: (line: string) => void; what: string },
): Promise<Dispatched[]> {
  const itemByTx = new Map<Hex, Item>();
  const dispatched = await Promise.all(
    network.chains.map(async (origin) => {
      const mine = items.filter((item) => item.origin === origin.name);
      if (mine.length === 0) return [];
      const fromBlock = (await head(origin)) + 1;
      const hashes = await sendInBlocks(origin, mine.map((item) => item.tx), options.txPerBlock, options.nonces.get(origin.name)!);
      hashes.forEach((hash, i) => itemByTx.set(hash, mine[i] as Item));
      options.transactions.set(origin.name, options.transactions.get(origin.name)! + mine.length);
      options.progress(`${origin.name}: ${mine.length} ${options.what} mined`);
      return readDispatches(origin, itemByTx, fromBlock, await head(origin));
    }),
  );
  const found = dispatched.flat();
  if (found.length !== items.length) {
    const missing = new Map<string, number>();
    const seen = new Set(found.map((d) => d.item));
    for (const item of items) {
      if (seen.has(item)) continue;
      const kind = item.token?.kind ?? "plain";
      missing.set(kind, (missing.get(kind) ?? 0) + 1);
    }
    throw new Error(
      `expected ${items.length} Dispatch logs, found ${found.length}: some transactions reverted (out of gas? underpaid?); missing by kind: ${[...missing].map(([k, n]) => `${k} ${n}`).join(", ")}`,
    );
  }
  return found;
}

const processTx = (destination: DevChain, message: Hex): Tx => ({
  from: devnetAccount(RELAYER).address,
  to: destination.hyperlane.mailbox,
  data: encodeFunctionData({ abi: hyperlaneAbi.mailbox, functionName: "process", args: ["0x", message] }),
  value: 0n,
  gas: GAS.process,
});

export async function generateTraffic(network: Network, options: GenerateOptions): Promise<Traffic> {
  const progress = options.onProgress ?? (() => undefined);
  const started = performance.now();
  const { apps } = options;
  const tokenPlan = apps ? await planTokenTraffic(network, apps, { seed: options.seed, messages: options.messages, shares: options.tokenShares }) : undefined;
  const plainCount = tokenPlan ? tokenPlan.counts.plain : options.messages;
  const specs = makeScenario({ seed: options.seed, count: plainCount, chains: network.chains.map((c) => c.name) });
  const nonces = new Map(network.chains.map((chain) => [chain.name, new NonceBook(chain.rpcUrl)]));
  const transactions = new Map(network.chains.map((chain) => [chain.name, 0]));
  const send = { txPerBlock: options.txPerBlock, nonces, transactions, progress };

  // Every block of the run must hold `txPerBlock` transactions at their gas limits, and stay under
  // half full so the base fee falls rather than climbing past GAS_PRICE.
  const blockGasLimit = BigInt(options.txPerBlock) * GAS.process * 3n;
  await Promise.all(
    network.chains.map(async (chain) => {
      await rpc(chain.rpcUrl, "evm_setBlockGasLimit", [toQuantity(blockGasLimit)]);
      await rpc(chain.rpcUrl, "evm_setAutomine", [false]);
    }),
  );

  // 1. Dispatches (plain messages and the apps' sends, mixed in a seeded order), each chain in its own stream.
  const plainItems: Item[] = specs.map((spec) => ({
    origin: spec.origin,
    destination: spec.destination,
    tx: dispatchTx(chainNamed(network, spec.origin), chainNamed(network, spec.destination), spec),
    deliver: spec.deliver,
    plain: spec,
  }));
  const tokenItems: Item[] = (tokenPlan?.items ?? []).map((token) => ({ origin: token.origin, destination: token.destination, tx: token.tx, deliver: token.deliver, token }));
  const firstRound = tokenPlan ? shuffle(tokenPlan.random, [...plainItems, ...tokenItems]) : plainItems;
  const dispatched = await dispatchItems(network, firstRound, { ...send, what: tokenPlan ? "dispatches and token/Metalayer sends" : "dispatches" });
  const dispatchedSeconds = (performance.now() - started) / 1000;

  // 2. Top-ups on the origin, deliveries on the destination.
  const followUps = new Map<string, Tx[]>(network.chains.map((chain) => [chain.name, []]));
  let topUps = 0;
  let delivered = 0;
  const deliveredItems: Item[] = [];
  for (const { item, id, message } of dispatched) {
    const destination = chainNamed(network, item.destination);
    const origin = chainNamed(network, item.origin);
    const spec = item.plain;
    if (spec) {
      const payer = devnetAccount(spec.sender ?? 2).address;
      for (const payment of spec.payments.slice(1)) {
        followUps.get(origin.name)!.push({
          from: payer,
          to: origin.hyperlane.interchainGasPaymaster,
          data: encodeFunctionData({
            abi: hyperlaneAbi.interchainGasPaymaster,
            functionName: "payForGas",
            args: [id, destination.domainId, gasForPayment(payment), payer],
          }),
          value: payment,
          gas: GAS.payForGas,
        });
        topUps++;
      }
    }
    if (item.deliver) {
      followUps.get(destination.name)!.push(processTx(destination, message));
      deliveredItems.push(item);
      delivered++;
    }
  }
  await Promise.all(
    network.chains.map(async (chain) => {
      const txs = followUps.get(chain.name)!;
      await sendInBlocks(chain, txs, options.txPerBlock, nonces.get(chain.name)!);
      transactions.set(chain.name, transactions.get(chain.name)! + txs.length);
    }),
  );
  progress(`${topUps} gas top-ups and ${delivered} deliveries mined (dispatching took ${dispatchedSeconds.toFixed(1)} s)`);

  // 3. With tokens: warp transfers back to the settlement chain (synthetic burns), from accounts the
  //    deliveries just paid, then their deliveries.
  const returnItems: Item[] = [];
  if (apps && tokenPlan) {
    const returns = planWarpReturns(network, apps, tokenPlan, deliveredItems.flatMap((item) => (item.token ? [item.token] : [])));
    returnItems.push(...returns.map((token) => ({ origin: token.origin, destination: token.destination, tx: token.tx, deliver: token.deliver, token })));
    const back = await dispatchItems(network, returnItems, { ...send, what: "warp returns" });
    const deliveries = new Map<string, Tx[]>(network.chains.map((chain) => [chain.name, []]));
    for (const { item, message } of back) {
      if (!item.deliver) continue;
      deliveries.get(item.destination)!.push(processTx(chainNamed(network, item.destination), message));
      deliveredItems.push(item);
      delivered++;
    }
    await Promise.all(
      network.chains.map(async (chain) => {
        const txs = deliveries.get(chain.name)!;
        await sendInBlocks(chain, txs, options.txPerBlock, nonces.get(chain.name)!);
        transactions.set(chain.name, transactions.get(chain.name)! + txs.length);
      }),
    );
    dispatched.push(...back);
    progress(`${returnItems.length} warp returns sent, ${back.filter((d) => d.item.deliver).length} delivered`);
  }

  // 4. With the rollups: ETH through their native bridges (bench/bridges.ts), each transaction
  //    checked by its receipt.
  const bridgeTxs = apps ? planBridgeTraffic(apps, options.messages, options.seed) : [];
  const bridgeTxHashes: Hex[] = [];
  await Promise.all(
    network.chains.map(async (chain) => {
      const txs = bridgeTxs.filter((b) => b.chain === chain.name).map((b) => b.tx);
      if (txs.length === 0) return;
      const hashes = await sendInBlocks(chain, txs, Math.min(options.txPerBlock, BRIDGE_TX_PER_BLOCK), nonces.get(chain.name)!);
      transactions.set(chain.name, transactions.get(chain.name)! + txs.length);
      for (let i = 0; i < hashes.length; i += 200) {
        const receipts = await rpcBatch<{ status: Hex }>(chain.rpcUrl, hashes.slice(i, i + 200).map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] })));
        const failed = receipts.filter((r) => r?.status !== "0x1").length;
        if (failed > 0) throw new Error(`${chain.name}: ${failed} native bridge transactions reverted`);
      }
      bridgeTxHashes.push(...hashes);
    }),
  );
  if (bridgeTxs.length > 0) {
    const deposits = bridgeTxs.filter((b) => b.direction === "deposit").length;
    progress(`${bridgeTxs.length} native bridge transfers sent (${deposits} deposits, ${bridgeTxs.length - deposits} withdrawals)`);
  }

  // 5. Empty blocks, then the ground truth: every log the indexer watches, counted with eth_getLogs.
  const manifest = loadManifest(options.manifestPath);
  const registered = registeredEvents(options.manifestPath);
  await Promise.all(network.chains.map((chain) => rpc(chain.rpcUrl, "anvil_mine", [toQuantity(options.emptyBlocks)])));
  const chains = await Promise.all(
    network.chains.map(async (chain): Promise<ChainTraffic> => {
      const chainHead = await head(chain);
      return {
        name: chain.name,
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        head: chainHead,
        startBlock: chain.hyperlane.startBlock,
        transactions: transactions.get(chain.name)!,
        events: await countEvents(chain, chainHead, manifest, registered),
      };
    }),
  );
  const total = (name: string) => chains.reduce((sum, c) => sum + (c.events[name] ?? 0), 0);
  const paid = specs.filter((s) => s.payments.length > 0).length;
  const tokenSends = [...tokenItems, ...returnItems];
  const ofKind = (items: readonly Item[], ...kinds: string[]) => items.filter((i) => i.token && kinds.includes(i.token.kind)).length;
  const sentMessages = specs.length + tokenSends.length;
  const expected: Traffic["expected"] = {
    messages: sentMessages,
    dispatches: total("Dispatch"),
    delivered: total("ProcessId"),
    gasPayments: total("GasPayment"),
    events: chains.reduce((sum, c) => sum + Object.values(c.events).reduce((a, b) => a + b, 0), 0),
  };
  const mismatch = [
    expected.dispatches !== sentMessages && `Dispatch logs ${expected.dispatches} ≠ messages ${sentMessages}`,
    expected.delivered !== delivered && `ProcessId logs ${expected.delivered} ≠ deliveries sent ${delivered} (reverted process()?)`,
    // Every app send pays the IGP once, through the Mailbox's default hook.
    expected.gasPayments !== paid + topUps + tokenSends.length && `GasPayment logs ${expected.gasPayments} ≠ payments sent ${paid + topUps + tokenSends.length}`,
    total("InsertedIntoTree") !== sentMessages && `InsertedIntoTree logs ${total("InsertedIntoTree")} ≠ messages ${sentMessages}`,
  ];
  let tokens: TokenSummary | undefined;
  if (tokenPlan) {
    const warpOut = ofKind(tokenSends, "warp");
    const warpBack = ofKind(tokenSends, "warpReturn");
    const warpDelivered = ofKind(deliveredItems, "warp", "warpReturn");
    const outDelivered = ofKind(deliveredItems, "warp");
    const meta = ofKind(tokenSends, "meta");
    const metaDelivered = ofKind(deliveredItems, "meta");
    const metalayer = tokenSends.filter((i) => i.token?.kind === "metalayer");
    const synthetics = apps ? Object.values(apps.warp.contracts).flatMap((routers) => Object.values(routers)).filter((r) => r.kind === "synthetic").length : 0;
    tokens = {
      shares: options.tokenShares ?? DEFAULT_TOKEN_SHARES,
      warp: {
        sent: warpOut + warpBack,
        delivered: warpDelivered,
        era: tokenSends.filter((i) => i.token?.warp?.route === "ERA").length,
        eth: tokenSends.filter((i) => i.token?.warp?.route === "ETH").length,
        returns: warpBack,
        returnsDelivered: ofKind(deliveredItems, "warpReturn"),
      },
      meta: { sent: meta, delivered: metaDelivered },
      metalayer: { sent: metalayer.length, delivered: ofKind(deliveredItems, "metalayer"), reads: metalayer.reduce((sum, i) => sum + (i.token?.reads ?? 0), 0) },
      transfers: warpOut + warpBack + meta,
      transfersDelivered: warpDelivered + metaDelivered,
      deploySeconds: options.appsDeploySeconds ?? 0,
    };
    expected.transfers = tokens.transfers;
    expected.transfersDelivered = tokens.transfersDelivered;
    // MetaERC20 transfers travel through the Metalayer routers too: one metalayer_message each.
    expected.metalayerMessages = metalayer.length + meta;
    mismatch.push(
      total("ReceivedTransferRemote") !== warpDelivered && `ReceivedTransferRemote logs ${total("ReceivedTransferRemote")} ≠ warp deliveries ${warpDelivered}`,
      // Outbound deliveries mint on the rollups' synthetics (and each synthetic's initialize mints its
      // premint, 0, to the owner: a Transfer from 0 all the same); every return burns.
      total("Transfer (mint)") !== outDelivered + synthetics &&
        `synthetic mints ${total("Transfer (mint)")} ≠ outbound warp deliveries ${outDelivered} + ${synthetics} initialisations`,
      total("Transfer (burn)") !== warpBack && `synthetic burns ${total("Transfer (burn)")} ≠ warp returns ${warpBack}`,
      total("MetaERC20Dispatch") !== meta && `MetaERC20Dispatch logs ${total("MetaERC20Dispatch")} ≠ MetaERC20 transfers ${meta}`,
      total("MetaERC20Received") !== metaDelivered && `MetaERC20Received logs ${total("MetaERC20Received")} ≠ MetaERC20 deliveries ${metaDelivered}`,
    );
  }
  const problems = mismatch.filter(Boolean);
  if (problems.length > 0) throw new Error(`generated traffic does not add up: ${problems.join("; ")}`);
  if (bridgeTxs.length > 0) expected.bridgeTransfers = bridgeTxs.length;
  return {
    seconds: (performance.now() - started) / 1000,
    chains,
    messageIds: dispatched.map((d) => d.id),
    expected,
    ...(tokens && { tokens }),
    ...(bridgeTxs.length > 0 && { bridgeTxHashes }),
  };
}
