import { type Address, encodeAbiParameters, type Hex, keccak256, type Log, parseEventLogs, zeroHash } from "viem";
import { RELAYER } from "../accounts";
import type { ChainClients } from "../clients";
import { bedrockArtifact } from "./artifacts";
import { applyL1ToL2Alias } from "./alias";
import { call, callAs } from "./call";
import { type OpStackRollup, opPredeploys } from "./opstack";

/**
 * What an OP Stack node and its proposer would do, done by hand: deposits replayed on L2 as the
 * aliased L1 messenger (derivation would run them there), outputs proposed from the L2's real
 * state, withdrawals proven with eth_getProof against those outputs and then finalised.
 */

export type OpDeposit = { nonce: bigint; sender: Address; target: Address; value: bigint; gasLimit: bigint; message: Hex; l1Tx: Hex };

/** SentMessage + SentMessageExtension1 from the L1 messenger, paired by log order. */
export function opDepositsIn(logs: Log[], l1CrossDomainMessenger: Address): OpDeposit[] {
  const ours = logs.filter((log) => log.address.toLowerCase() === l1CrossDomainMessenger.toLowerCase());
  const parsed = parseEventLogs({ abi: bedrockArtifact("L1CrossDomainMessenger").abi, logs: ours }) as unknown as {
    eventName: string;
    args: Record<string, unknown>;
    transactionHash: Hex;
  }[];
  const deposits: OpDeposit[] = [];
  parsed.forEach((event, i) => {
    const extension = parsed[i + 1];
    if (event.eventName !== "SentMessage" || extension?.eventName !== "SentMessageExtension1") return;
    const a = event.args as { target: Address; sender: Address; message: Hex; messageNonce: bigint; gasLimit: bigint };
    deposits.push({
      nonce: a.messageNonce,
      sender: a.sender,
      target: a.target,
      value: (extension.args as { value: bigint }).value,
      gasLimit: a.gasLimit,
      message: a.message,
      l1Tx: event.transactionHash,
    });
  });
  return deposits;
}

/**
 * The deposit as derivation would execute it: relayMessage from the aliased L1 messenger, value
 * minted to it. The gas is fixed, as a deposit's is: the messenger catches a target that runs
 * out of gas (FailedRelayedMessage), so an estimate would settle for the failure.
 */
export function relayOpDeposit(rollup: ChainClients, op: OpStackRollup, deposit: OpDeposit) {
  return callAs(
    rollup,
    applyL1ToL2Alias(op.l1CrossDomainMessenger),
    opPredeploys.L2CrossDomainMessenger,
    bedrockArtifact("L2CrossDomainMessenger").abi,
    "relayMessage",
    [deposit.nonce, deposit.sender, deposit.target, deposit.value, deposit.gasLimit, deposit.message],
    { value: deposit.value, gas: deposit.gasLimit * 2n + 1_000_000n },
  );
}

export type OpWithdrawal = { nonce: bigint; sender: Address; target: Address; value: bigint; gasLimit: bigint; data: Hex; withdrawalHash: Hex; l2Block: bigint };

export function opWithdrawalsIn(logs: Log[]): OpWithdrawal[] {
  const ours = logs.filter((log) => log.address.toLowerCase() === opPredeploys.L2ToL1MessagePasser.toLowerCase());
  return (parseEventLogs({ abi: bedrockArtifact("L2ToL1MessagePasser").abi, logs: ours, eventName: "MessagePassed" }) as unknown as {
    args: Omit<OpWithdrawal, "l2Block">;
    blockNumber: bigint;
  }[]).map((event) => ({ ...event.args, l2Block: event.blockNumber }));
}

/** The output root of an L2 block (Hashing.hashOutputRootProof, version 0) and its parts. */
export async function outputRootProofAt(rollup: ChainClients, l2Block: bigint, slots: Hex[] = []) {
  const [block, proof] = await Promise.all([
    rollup.publicClient.getBlock({ blockNumber: l2Block }),
    rollup.publicClient.getProof({ address: opPredeploys.L2ToL1MessagePasser, storageKeys: slots, blockNumber: l2Block }),
  ]);
  const outputRootProof = { version: zeroHash, stateRoot: block.stateRoot, messagePasserStorageRoot: proof.storageHash, latestBlockhash: block.hash };
  const outputRoot = keccak256(
    encodeAbiParameters(
      [{ type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "bytes32" }],
      [outputRootProof.version, outputRootProof.stateRoot, outputRootProof.messagePasserStorageRoot, outputRootProof.latestBlockhash],
    ),
  );
  return { outputRoot, outputRootProof, storageProof: proof.storageProof };
}

const oracleAbi = () => bedrockArtifact("L2OutputOracle").abi;

/**
 * Proposes every output the oracle expects up to the L2 head, one per submission interval
 * (the oracle accepts only the next one, so none can be skipped). Returns how many it proposed.
 */
export async function proposeOpOutputs(parent: ChainClients, rollup: ChainClients, op: OpStackRollup, upTo?: bigint): Promise<number> {
  let head = await rollup.publicClient.getBlockNumber();
  if (upTo !== undefined) {
    // The L2 sequencer keeps making blocks; an idle devnet rollup is pushed to the block the
    // next output needs.
    const next = (await parent.publicClient.readContract({ address: op.l2OutputOracle, abi: oracleAbi(), functionName: "nextBlockNumber" })) as bigint;
    const target = next + ((upTo > next ? upTo - next + op.submissionInterval - 1n : 0n) / op.submissionInterval) * op.submissionInterval;
    if (target > head) await rollup.testClient.mine({ blocks: Number(target - head) });
    head = target > head ? target : head;
  }
  let proposed = 0;
  for (;;) {
    const next = (await parent.publicClient.readContract({ address: op.l2OutputOracle, abi: oracleAbi(), functionName: "nextBlockNumber" })) as bigint;
    if (next > head) return proposed;
    const { outputRoot } = await outputRootProofAt(rollup, next);
    await call(parent, RELAYER, op.l2OutputOracle, oracleAbi(), "proposeL2Output", [outputRoot, next, zeroHash, 0n]);
    proposed++;
  }
}

/** Storage slot of `sentMessages[withdrawalHash]` in L2ToL1MessagePasser (mapping at slot 0). */
export const sentMessagesSlot = (withdrawalHash: Hex) =>
  keccak256(encodeAbiParameters([{ type: "bytes32" }, { type: "uint256" }], [withdrawalHash, 0n]));

const withdrawalTx = (w: OpWithdrawal) => ({ nonce: w.nonce, sender: w.sender, target: w.target, value: w.value, gasLimit: w.gasLimit, data: w.data });

/** Proves against the first output at or after the withdrawal's block; null while none is proposed yet. */
export async function proveOpWithdrawal(parent: ChainClients, rollup: ChainClients, op: OpStackRollup, withdrawal: OpWithdrawal) {
  const latest = (await parent.publicClient.readContract({ address: op.l2OutputOracle, abi: oracleAbi(), functionName: "latestBlockNumber" })) as bigint;
  if (latest < withdrawal.l2Block) return null;
  const outputIndex = (await parent.publicClient.readContract({
    address: op.l2OutputOracle,
    abi: oracleAbi(),
    functionName: "getL2OutputIndexAfter",
    args: [withdrawal.l2Block],
  })) as bigint;
  const output = (await parent.publicClient.readContract({ address: op.l2OutputOracle, abi: oracleAbi(), functionName: "getL2Output", args: [outputIndex] })) as {
    l2BlockNumber: bigint;
  };
  const { outputRootProof, storageProof } = await outputRootProofAt(rollup, output.l2BlockNumber, [sentMessagesSlot(withdrawal.withdrawalHash)]);
  const proof = storageProof[0];
  if (!proof || proof.value !== 1n) throw new Error(`withdrawal ${withdrawal.withdrawalHash} is not in the message passer at L2 block ${output.l2BlockNumber}`);
  return call(parent, RELAYER, op.optimismPortal, bedrockArtifact("OptimismPortal").abi, "proveWithdrawalTransaction", [
    withdrawalTx(withdrawal),
    outputIndex,
    outputRootProof,
    proof.proof,
  ]);
}

/** Succeeds only once the finalization period has passed since both the proof and the output. */
export const finalizeOpWithdrawal = (parent: ChainClients, op: OpStackRollup, withdrawal: OpWithdrawal) =>
  call(parent, RELAYER, op.optimismPortal, bedrockArtifact("OptimismPortal").abi, "finalizeWithdrawalTransaction", [withdrawalTx(withdrawal)]);

/** The portal's record of a proof: zero timestamp when unproven. */
export async function opProvenAt(parent: ChainClients, op: OpStackRollup, withdrawalHash: Hex): Promise<bigint> {
  const [, timestamp] = (await parent.publicClient.readContract({
    address: op.optimismPortal,
    abi: bedrockArtifact("OptimismPortal").abi,
    functionName: "provenWithdrawals",
    args: [withdrawalHash],
  })) as readonly [Hex, bigint, bigint];
  return timestamp;
}

