import { defaultChains, type Network } from "./network";
import { mulberry32, pick, type Random } from "./random";
import { type MessageKind, orderedPairs, randomMessageSpec, sendMessages } from "./scenario";

/**
 * Endless messages between random ordered pairs of chains, drawn like a scenario's. Nothing
 * here delivers: the relayer does, for the paid ones.
 */
/** One more thing sent, drawn with `random` (a warp transfer, a Metalayer message, …). */
export type TrafficStep = (random: Random) => Promise<unknown>;

export type TrafficOptions = {
  seed: number;
  intervalMs: number;
  /** Other kinds of traffic, taken in turn with plain messages. */
  steps?: TrafficStep[];
  unpaidShare?: number;
  multiPaidShare?: number;
  /** Ticks are skipped while this many messages are still being sent (slow blocks). */
  maxInFlight?: number;
  onSend?: (sent: unknown) => void;
  onError?: (error: unknown) => void;
};

export type Traffic = { stop(): Promise<void> };

function drawKind(random: Random, unpaidShare: number, multiPaidShare: number): MessageKind {
  const roll = random();
  return roll < unpaidShare ? "unpaid" : roll < unpaidShare + multiPaidShare ? "multiPaid" : "paid";
}

/** How long stopping waits for the steps in flight. */
const STOP_WAIT_MS = 3_000;

export function startTraffic(network: Network, options: TrafficOptions): Traffic {
  const random = mulberry32(options.seed);
  const { unpaidShare = 0.1, multiPaidShare = 0.1, maxInFlight = 16 } = options;
  const pairs = orderedPairs(network.chains.map((chain) => chain.name));
  if (pairs.length === 0) throw new Error(`traffic needs at least two chains, e.g. ${defaultChains.map((c) => c.name).join(", ")}`);
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const message: TrafficStep = (random) =>
    sendMessages(network, [randomMessageSpec(random, pick(random, pairs), drawKind(random, unpaidShare, multiPaidShare), true)]);
  const steps = [message, ...(options.steps ?? [])];
  let turn = 0;

  const tick = () => {
    if (stopped || inFlight.size >= maxInFlight) return;
    const step = steps[turn++ % steps.length]!;
    const sending = step(random)
      .then((sent) => options.onSend?.(sent))
      .catch((error: unknown) => {
        if (!stopped) options.onError?.(error);
      })
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };

  const timer = setInterval(tick, options.intervalMs);
  tick();

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      // Transactions being sent are waited for; a step waiting for blocks (a proposal's
      // lifecycle lasts tens of them) is left to end with the chains.
      let timeout: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timeout = setTimeout(resolve, STOP_WAIT_MS)));
      await Promise.race([Promise.allSettled([...inFlight]), waited]);
      clearTimeout(timeout);
    },
  };
}
