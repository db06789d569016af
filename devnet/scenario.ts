import { type Address, type Hex, stringToHex } from "viem";
import { TRAFFIC_SENDERS } from "./accounts";
import { dispatchPayment, quoteGasPayment } from "./hyperlane";
import { deliver, dispatch, type GasPaid, payForGas } from "./messaging";
import { chainNamed, defaultChains, type DevChain, type Network } from "./network";
import { chance, mulberry32, pick, type Random, randomBytes, randomInt, shuffle } from "./random";
import { inChainStreams } from "./transact";

/**
 * What a test asks the devnet to do, and the ground truth of what happened. Specs are plain
 * data, drawn from a seed; the outcome is read back from the real contracts' logs.
 */
export type MessageSpec = {
  origin: string;
  destination: string;
  body: Hex;
  /**
   * Wei paid to the IGP. [] unpaid (never delivered); [p] paid at dispatch with msg.value p;
   * [p, q, …] then topped up with payForGas in later transactions. A dispatch payment must
   * cover the destination overhead: price one with dispatchPayment(gasLimit).
   */
  payments: bigint[];
  deliver: boolean;
  /** Account index, 2..9 (accounts.ts); defaults to the first traffic sender. */
  sender?: number;
};

export type SentMessage = {
  id: Hex;
  origin: string;
  destination: string;
  originDomain: number;
  destinationDomain: number;
  nonce: number;
  sender: Address;
  /** bytes32, as in the message */
  recipient: Hex;
  body: Hex;
  message: Hex;
  dispatch: { txHash: Hex; blockNumber: bigint };
  /** From the IGP's GasPayment logs, in order; the first shares the dispatch transaction. */
  payments: { txHash: Hex; blockNumber: bigint; gasAmount: bigint; payment: bigint }[];
};

export type Delivery = { id: Hex; destination: string; txHash: Hex; blockNumber: bigint; relayer: Address };

// ---------------------------------------------------------------------------------------------
// Drawing specs

export type MessageKind = "unpaid" | "paid" | "multiPaid";

/** Empty, short text, a few hundred bytes, a few KB: how bodies vary on a real network. */
export function randomBody(random: Random, label: string): Hex {
  const roll = random();
  const length =
    roll < 0.1 ? 0 : roll < 0.55 ? randomInt(random, 1, 64) : roll < 0.9 ? randomInt(random, 65, 1024) : randomInt(random, 1025, 4096);
  if (length === 0 || chance(random, 0.5)) return randomBytes(random, length);
  return stringToHex(`${label} `.repeat(Math.ceil(length / (label.length + 1))).slice(0, length));
}

/** Gas limits in whole thousands, so payments read as round numbers of gwei. */
export function randomPayments(random: Random, kind: MessageKind): bigint[] {
  if (kind === "unpaid") return [];
  const atDispatch = dispatchPayment(BigInt(randomInt(random, 50, 400) * 1_000));
  const topUps = kind === "multiPaid" ? randomInt(random, 1, 3) : 0;
  return [atDispatch, ...Array.from({ length: topUps }, () => quoteGasPayment(BigInt(randomInt(random, 10, 200) * 1_000)))];
}

export function randomMessageSpec(
  random: Random,
  route: { origin: string; destination: string },
  kind: MessageKind,
  deliver: boolean,
): MessageSpec {
  return {
    ...route,
    body: randomBody(random, `${route.origin} to ${route.destination}`),
    payments: randomPayments(random, kind),
    deliver: kind !== "unpaid" && deliver,
    sender: pick(random, TRAFFIC_SENDERS),
  };
}

export function orderedPairs(names: readonly string[]): { origin: string; destination: string }[] {
  return names.flatMap((origin) => names.filter((destination) => destination !== origin).map((destination) => ({ origin, destination })));
}

export type ScenarioOptions = {
  seed: number;
  count: number;
  unpaidShare?: number;
  multiPaidShare?: number;
  /** Paid but never delivered: the pending-paid state. */
  undeliveredPaidShare?: number;
  chains?: readonly string[];
};

/**
 * Deterministic for a seed. The first messages go one per ordered pair of chains, so every
 * route is covered once count reaches the number of pairs; the shares are exact (rounded),
 * spread at random over the messages.
 */
export function makeScenario(options: ScenarioOptions): MessageSpec[] {
  const { seed, count, unpaidShare = 0.1, multiPaidShare = 0.1, undeliveredPaidShare = 0.05 } = options;
  const random = mulberry32(seed);
  const pairs = shuffle(random, orderedPairs(options.chains ?? defaultChains.map((c) => c.name)));
  if (pairs.length === 0) throw new Error("makeScenario: expected at least two chains");
  const unpaid = Math.min(count, Math.round(count * unpaidShare));
  const multiPaid = Math.min(count - unpaid, Math.round(count * multiPaidShare));
  const undelivered = Math.min(count - unpaid, Math.round(count * undeliveredPaidShare));
  const kinds = shuffle(random, [
    ...Array<MessageKind>(unpaid).fill("unpaid"),
    ...Array<MessageKind>(multiPaid).fill("multiPaid"),
    ...Array<MessageKind>(count - unpaid - multiPaid).fill("paid"),
  ]);
  const paidIndexes = kinds.flatMap((kind, i) => (kind === "unpaid" ? [] : [i]));
  const undeliveredIndexes = new Set(shuffle(random, paidIndexes).slice(0, undelivered));
  return kinds.map((kind, i) =>
    randomMessageSpec(random, pairs[i] ?? pick(random, pairs), kind, !undeliveredIndexes.has(i)),
  );
}

// ---------------------------------------------------------------------------------------------
// Sending and delivering

async function sendMessage(network: Network, spec: MessageSpec): Promise<SentMessage> {
  const origin = chainNamed(network, spec.origin);
  const destination = chainNamed(network, spec.destination);
  if (origin === destination) throw new Error(`message from ${spec.origin} to itself: expected two distinct chains`);
  const sender = spec.sender ?? (TRAFFIC_SENDERS[0] as number);
  const [atDispatch, ...topUps] = spec.payments;
  const { dispatched, payments } = await dispatch(origin, { destination, body: spec.body, sender, payment: atDispatch });
  for (const payment of topUps) {
    payments.push(await payForGas(origin, { id: dispatched.id, destinationDomain: destination.domainId, payment, payer: sender }));
  }
  return {
    id: dispatched.id,
    origin: origin.name,
    destination: destination.name,
    originDomain: origin.domainId,
    destinationDomain: destination.domainId,
    nonce: dispatched.nonce,
    sender: dispatched.sender,
    recipient: dispatched.recipient,
    body: spec.body,
    message: dispatched.message,
    dispatch: { txHash: dispatched.txHash, blockNumber: dispatched.blockNumber },
    payments: payments.map(({ txHash, blockNumber, gasAmount, payment }: GasPaid) => ({ txHash, blockNumber, gasAmount, payment })),
  };
}


export function sendMessages(network: Network, specs: readonly MessageSpec[]): Promise<SentMessage[]> {
  return inChainStreams(specs, (spec) => spec.origin, (spec) => sendMessage(network, spec));
}

export function deliverMessages(network: Network, sent: readonly SentMessage[]): Promise<Delivery[]> {
  return inChainStreams(
    sent,
    (message) => message.destination,
    async (message) => ({ ...(await deliver(chainNamed(network, message.destination), message.message)), destination: message.destination }),
  );
}

export async function runScenario(network: Network, specs: readonly MessageSpec[]): Promise<{ sent: SentMessage[]; deliveries: Delivery[] }> {
  const sent = await sendMessages(network, specs);
  const deliveries = await deliverMessages(
    network,
    sent.filter((_, i) => specs[i]?.deliver),
  );
  return { sent, deliveries };
}

/** The indexer backfills only to head − 30 on unknown chain ids: empty blocks push the head on. */
export async function mineEmpty(network: Pick<Network, "chains">, blocks: number): Promise<void> {
  await Promise.all(network.chains.map((chain: DevChain) => chain.testClient.mine({ blocks })));
}
