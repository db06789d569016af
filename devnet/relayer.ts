import type { Hex } from "viem";
import { devnetGasPricing } from "./hyperlane";
import { decodeDispatches, decodeGasPayments, deliver, isDelivered, processReverts } from "./messaging";
import type { DevChain, Network } from "./network";
import { mulberry32, randomInt } from "./random";
import type { Delivery } from "./scenario";

/**
 * A relayer with Hyperlane's rule, minus the validators (TestIsm accepts any delivery):
 * a message is delivered once its origin IGP has been paid for more gas than the destination
 * overhead (a payment that buys no gas for `handle` is too little), after a random delay; a
 * message never paid waits for ever. As a real relayer does, it simulates `process` first and
 * leaves a message whose delivery would revert (its recipient has no code, or its `handle`
 * reverts) pending. Which messages get delivered is therefore fixed by the payments and the
 * recipients; only the timing is random.
 */
export type RelayerOptions = {
  seed: number;
  minDelayMs: number;
  maxDelayMs: number;
  pollIntervalMs?: number;
  onDeliver?: (delivery: Delivery & { origin: string }) => void;
  /** Failed deliveries are retried; this only reports them. */
  onError?: (error: unknown) => void;
};

export type Relayer = { stop(): Promise<void> };

type Pending = { id: Hex; origin: DevChain; destination: DevChain; message: Hex };

/** A bound on one eth_getLogs range: viem refuses responses over 10 MB. */
const MAX_BLOCK_RANGE = 2_000n;
const MAX_ATTEMPTS = 5;

export function startRelayer(network: Network, options: RelayerOptions): Relayer {
  const random = mulberry32(options.seed);
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const byDomain = new Map(network.chains.map((chain) => [chain.domainId, chain]));
  const unpaid = new Map<Hex, Pending>();
  const paidGas = new Map<Hex, bigint>();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const later = (ms: number, task: () => Promise<void>) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const running = task().finally(() => inFlight.delete(running));
      inFlight.add(running);
    }, ms);
    timers.add(timer);
  };

  const relay = async (pending: Pending, attempt: number): Promise<void> => {
    try {
      // The scenario, or an earlier attempt whose receipt we lost, may have delivered it already.
      if (await isDelivered(pending.destination, pending.id)) return;
      if (await processReverts(pending.destination, pending.message)) return;
      const delivery = await deliver(pending.destination, pending.message);
      options.onDeliver?.({ ...delivery, destination: pending.destination.name, origin: pending.origin.name });
    } catch (error) {
      if (stopped) return;
      // Losing a race to another deliverer is not a failure.
      if (await isDelivered(pending.destination, pending.id).catch(() => false)) return;
      options.onError?.(error);
      if (attempt < MAX_ATTEMPTS) later(options.maxDelayMs, () => relay(pending, attempt + 1));
    }
  };

  const scheduleIfPaid = (pending: Pending) => {
    if ((paidGas.get(pending.id) ?? 0n) <= devnetGasPricing.gasOverhead) return;
    unpaid.delete(pending.id);
    later(randomInt(random, options.minDelayMs, options.maxDelayMs), () => relay(pending, 1));
  };

  const watch = (origin: DevChain) => {
    let nextBlock = BigInt(origin.hyperlane.startBlock);
    const poll = async () => {
      const head = await origin.publicClient.getBlockNumber();
      if (head < nextBlock) return;
      const toBlock = head - nextBlock >= MAX_BLOCK_RANGE ? nextBlock + MAX_BLOCK_RANGE - 1n : head;
      const logs = await origin.publicClient.getLogs({
        address: [origin.hyperlane.mailbox, origin.hyperlane.interchainGasPaymaster],
        fromBlock: nextBlock,
        toBlock,
      });
      nextBlock = toBlock + 1n;
      for (const payment of decodeGasPayments(logs, origin.hyperlane.interchainGasPaymaster)) {
        paidGas.set(payment.id, (paidGas.get(payment.id) ?? 0n) + payment.gasAmount);
      }
      for (const dispatched of decodeDispatches(logs, origin.hyperlane.mailbox)) {
        const destination = byDomain.get(dispatched.destinationDomain);
        if (destination) unpaid.set(dispatched.id, { id: dispatched.id, origin, destination, message: dispatched.message });
      }
      // Payments can come after the dispatch, in a later poll: every waiting message is rechecked.
      for (const pending of [...unpaid.values()]) scheduleIfPaid(pending);
    };
    const loop = async () => {
      try {
        await poll();
      } catch (error) {
        if (!stopped) options.onError?.(error);
      }
      later(pollIntervalMs, loop);
    };
    later(0, loop);
  };

  network.chains.forEach(watch);

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
