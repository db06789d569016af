import type { Address, Hex, Log } from "viem";
import type { ChainClients } from "../clients";
import { chainNamed, type Network, passTime } from "../network";
import { mulberry32, type Random } from "../random";
import type { OpStackRollupDeployment, OrbitRollupDeployment, RollupsDeployment } from "./deploy";
import { finalizeOpWithdrawal, type OpWithdrawal, opDepositsIn, opWithdrawalsIn, proposeOpOutputs, proveOpWithdrawal, relayOpDeposit } from "./relayOp";
import { ARB_SYS, applyOrbitMessage, L1_MESSAGE_TYPE, executeOrbitWithdrawal, type OrbitWithdrawal, orbitMessagesIn, orbitWithdrawalsIn } from "./relayOrbit";

/**
 * The native bridges' relaying, both ways, for every running rollup: deposits are always
 * applied on the rollup (derivation does not choose); each withdrawal is drawn, from the seed
 * and its order on its rollup, to stay where it is, to be proven only (OP) or to complete.
 * OP finalisation waits for `settle()`, which passes the finalization period on the network.
 */
export type WithdrawalFate = "unproven" | "proven" | "finalized";

export type BridgeRelayerOptions = {
  seed: number;
  /** Share of withdrawals never proven (OP) or never executed (Orbit). */
  unprovenShare?: number;
  /** Share of OP withdrawals proven and then left unfinalised. */
  provenOnlyShare?: number;
  /** Share of Orbit retryable deposits whose auto-redeem fails (the ticket left open). */
  failedRedeemShare?: number;
  pollIntervalMs?: number;
  onRelay?: (event: RelayEvent) => void;
  onError?: (error: unknown) => void;
};

export type RelayEvent =
  | { kind: "deposit"; rollup: string; stack: "opstack" | "orbit"; l1Tx: Hex; l2Tx?: Hex; ticketId?: Hex; redeemed?: boolean }
  | { kind: "withdrawal"; rollup: string; stack: "opstack"; withdrawalHash: Hex; fate: WithdrawalFate; step: "drawn" | "proven" | "finalized"; l1Tx?: Hex }
  | { kind: "withdrawal"; rollup: string; stack: "orbit"; position: bigint; fate: WithdrawalFate; step: "drawn" | "executed"; l1Tx?: Hex };

export type BridgeRelayer = {
  /**
   * Relays everything up to the chains' current heads, then passes the OP finalization period
   * on the whole network and finalises the withdrawals drawn for it. Returns how many.
   */
  settle(): Promise<number>;
  stop(): Promise<void>;
};

const MAX_BLOCK_RANGE = 2_000n;

function drawFate(random: Random, unproven: number, provenOnly: number): WithdrawalFate {
  const roll = random();
  return roll < unproven ? "unproven" : roll < unproven + provenOnly ? "proven" : "finalized";
}

/** Reads a chain's logs of `addresses` in bounded ranges, from where the last read stopped. */
function logCursor(clients: ChainClients, addresses: Address[], fromBlock: bigint) {
  let next = fromBlock;
  return async (): Promise<Log[]> => {
    const head = await clients.publicClient.getBlockNumber();
    const logs: Log[] = [];
    while (next <= head) {
      const to = head - next >= MAX_BLOCK_RANGE ? next + MAX_BLOCK_RANGE - 1n : head;
      logs.push(...(await clients.publicClient.getLogs({ address: addresses, fromBlock: next, toBlock: to })));
      next = to + 1n;
    }
    return logs;
  };
}

type Watcher = { poll(): Promise<void>; finalize(): Promise<number> };

function opWatcher(network: Network, rollup: OpStackRollupDeployment & { chain: string }, random: Random, options: BridgeRelayerOptions): Watcher {
  const parent = chainNamed(network, rollup.parent);
  const chain = chainNamed(network, rollup.chain);
  const op = rollup.contracts;
  const deposits = logCursor(parent, [op.l1CrossDomainMessenger], BigInt(op.startBlock));
  const withdrawals = logCursor(chain, [rollup.predeploys.L2ToL1MessagePasser], 0n);
  const toProve: { withdrawal: OpWithdrawal; fate: WithdrawalFate }[] = [];
  const toFinalize: OpWithdrawal[] = [];
  const report = options.onRelay ?? (() => undefined);
  return {
    async poll() {
      for (const deposit of opDepositsIn(await deposits(), op.l1CrossDomainMessenger)) {
        const receipt = await relayOpDeposit(chain, op, deposit);
        report({ kind: "deposit", rollup: rollup.chain, stack: "opstack", l1Tx: deposit.l1Tx, l2Tx: receipt.transactionHash });
      }
      for (const withdrawal of opWithdrawalsIn(await withdrawals())) {
        const fate = drawFate(random, options.unprovenShare ?? 0.25, options.provenOnlyShare ?? 0.25);
        report({ kind: "withdrawal", rollup: rollup.chain, stack: "opstack", withdrawalHash: withdrawal.withdrawalHash, fate, step: "drawn" });
        if (fate !== "unproven") toProve.push({ withdrawal, fate });
      }
      while (toProve.length > 0) {
        const { withdrawal, fate } = toProve[0] as (typeof toProve)[number];
        await proposeOpOutputs(parent, chain, op, withdrawal.l2Block);
        const receipt = await proveOpWithdrawal(parent, chain, op, withdrawal);
        if (!receipt) return;
        toProve.shift();
        report({ kind: "withdrawal", rollup: rollup.chain, stack: "opstack", withdrawalHash: withdrawal.withdrawalHash, fate, step: "proven", l1Tx: receipt.transactionHash });
        if (fate === "finalized") toFinalize.push(withdrawal);
      }
    },
    async finalize() {
      let finalized = 0;
      while (toFinalize.length > 0) {
        const withdrawal = toFinalize[0] as OpWithdrawal;
        const receipt = await finalizeOpWithdrawal(parent, op, withdrawal);
        toFinalize.shift();
        finalized++;
        report({ kind: "withdrawal", rollup: rollup.chain, stack: "opstack", withdrawalHash: withdrawal.withdrawalHash, fate: "finalized", step: "finalized", l1Tx: receipt.transactionHash });
      }
      return finalized;
    },
  };
}

function orbitWatcher(network: Network, rollup: OrbitRollupDeployment & { chain: string }, random: Random, options: BridgeRelayerOptions, depositRandom: Random): Watcher {
  const parent = chainNamed(network, rollup.parent);
  const chain = chainNamed(network, rollup.chain);
  const orbit = rollup.contracts;
  const messages = logCursor(parent, [orbit.inbox, orbit.bridge], BigInt(orbit.creationBlock));
  const sends = logCursor(chain, [ARB_SYS], 0n);
  const toExecute: OrbitWithdrawal[] = [];
  const report = options.onRelay ?? (() => undefined);
  return {
    async poll() {
      for (const message of orbitMessagesIn(await messages(), orbit)) {
        const fate = message.kind === L1_MESSAGE_TYPE.submitRetryableTx && depositRandom() < (options.failedRedeemShare ?? 0.25) ? "failed" : "redeemed";
        const applied = await applyOrbitMessage(chain, Number(orbit.chainId), message, fate);
        if (applied.result === "credited") report({ kind: "deposit", rollup: rollup.chain, stack: "orbit", l1Tx: message.l1Tx });
        if (applied.result === "redeemed" || applied.result === "failed") {
          report({ kind: "deposit", rollup: rollup.chain, stack: "orbit", l1Tx: message.l1Tx, l2Tx: applied.retryTx, ticketId: applied.ticketId, redeemed: applied.result === "redeemed" });
        }
      }
      for (const withdrawal of orbitWithdrawalsIn(await sends())) {
        // Orbit has no separate proof step: a send is executed or it is not.
        const fate = drawFate(random, options.unprovenShare ?? 0.25, 0) === "unproven" ? "unproven" : "finalized";
        report({ kind: "withdrawal", rollup: rollup.chain, stack: "orbit", position: withdrawal.position, fate, step: "drawn" });
        if (fate === "finalized") toExecute.push(withdrawal);
      }
      while (toExecute.length > 0) {
        const withdrawal = toExecute[0] as OrbitWithdrawal;
        const receipt = await executeOrbitWithdrawal(parent, orbit, withdrawal);
        toExecute.shift();
        report({ kind: "withdrawal", rollup: rollup.chain, stack: "orbit", position: withdrawal.position, fate: "finalized", step: "executed", l1Tx: receipt.transactionHash });
      }
    },
    finalize: async () => 0,
  };
}

export function startBridgeRelayer(network: Network, deployment: RollupsDeployment, options: BridgeRelayerOptions): BridgeRelayer {
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const watchers: Watcher[] = deployment.rollups.flatMap((rollup, i): Watcher[] => {
    // One stream of draws per rollup: a rollup's fates do not depend on the others' timing.
    const random = mulberry32(options.seed + i * 7919);
    if (rollup.chain === undefined) return [];
    const running = { ...rollup, chain: rollup.chain };
    // Deposits' fates draw from a stream of their own: withdrawals' draws stay as they were.
    const depositRandom = mulberry32(options.seed + i * 7919 + 1);
    return [running.stack === "opstack" ? opWatcher(network, running, random, options) : orbitWatcher(network, running, random, options, depositRandom)];
  });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  // One pass at a time over every watcher: settle() and the timer never interleave.
  let pass: Promise<void> = Promise.resolve();
  const runPass = () => {
    pass = pass.then(async () => {
      for (const watcher of watchers) {
        try {
          await watcher.poll();
        } catch (error) {
          if (!stopped) options.onError?.(error);
        }
      }
    });
    return pass;
  };
  const loop = () => {
    if (stopped) return;
    runPass().finally(() => {
      if (!stopped) timer = setTimeout(loop, pollIntervalMs);
    });
  };
  loop();

  return {
    async settle() {
      await runPass();
      let finalized = 0;
      const period = Math.max(
        0,
        ...deployment.rollups.filter((r): r is OpStackRollupDeployment => r.stack === "opstack").map((r) => Number(r.contracts.finalizationPeriodSeconds)),
      );
      await (pass = pass.then(async () => {
        await passTime(network, period + 1);
        // The time is only seen by the next block: mine one on every chain.
        await Promise.all(network.chains.map((chain) => chain.testClient.mine({ blocks: 1 })));
        for (const watcher of watchers) finalized += await watcher.finalize();
      }));
      return finalized;
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await pass.catch(() => undefined);
    },
  };
}
