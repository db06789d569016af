import { type Address, encodeFunctionData, getAddress, type Hex, hexToBigInt, hexToBytes, type Log, parseEventLogs, size, slice, zeroHash } from "viem";
import { decodeInboxMessage } from "../../src/rollups/inboxMessage";
import { retryableTicketId } from "../../src/rollups/retryable";
import { DEPLOYER, RELAYER } from "../accounts";
import type { ChainClients } from "../clients";
import { fixtureArtifact } from "../solc";
import { deployContract } from "../transact";
import { nitroArtifact } from "./artifacts";
import { call, callAs, sendAs, sendAsUnmined } from "./call";
import type { OrbitRollup } from "./orbit";

/**
 * What ArbOS and a validator would do for an Orbit rollup, done by hand: delayed messages from
 * the Inbox applied on the rollup anvil (ETH deposits credited, retryables executed as their
 * aliased sender), and L2→L1 sends from the ArbSys fixture executed through the real Outbox
 * under a send root posted as the rollup contract.
 */

export const ARB_SYS = "0x0000000000000000000000000000000000000064" as const;
export const ARB_GAS_INFO = "0x000000000000000000000000000000000000006C" as const;
export const ARB_RETRYABLE_TX = "0x000000000000000000000000000000000000006e" as const;
/** ArbOS's own address (nitro arbos/util's ArbosAddress): the sender of what the chain itself does. */
export const ARBOS = "0x00000000000000000000000000000000000A4B05" as const;

/** L1MessageType (nitro-contracts libraries/MessageTypes.sol). */
export const L1_MESSAGE_TYPE = { l2Message: 3, l2FundedByL1: 7, submitRetryableTx: 9, ethDeposit: 12 } as const;

/** Places a fixture's runtime code at a precompile address: deployed once, then copied. */
async function installPrecompile(rollup: ChainClients, address: Address, fixture: string): Promise<void> {
  const existing = await rollup.publicClient.getCode({ address });
  if (existing && existing !== "0x") return;
  const { address: deployed } = await deployContract(rollup, DEPLOYER, fixtureArtifact(fixture));
  const code = await rollup.publicClient.getCode({ address: deployed });
  if (!code) throw new Error(`the ${fixture} fixture deployed no code`);
  await rollup.testClient.setCode({ address, bytecode: code });
}

/**
 * ArbSys at 0x64 (withdrawals), ArbGasInfo at 0x6c (what nitro-contracts reads on an Arbitrum
 * host) and ArbRetryableTx at 0x6e (deposits' tickets and redeem attempts).
 */
export async function installArbitrumPrecompiles(rollup: ChainClients): Promise<void> {
  await installPrecompile(rollup, ARB_SYS, "ArbSysPrecompile");
  await installPrecompile(rollup, ARB_GAS_INFO, "ArbGasInfoPrecompile");
  await installPrecompile(rollup, ARB_RETRYABLE_TX, "ArbRetryableTxPrecompile");
}

export type OrbitDelayedMessage = { messageNum: bigint; kind: number; sender: Address; baseFeeL1: bigint; data: Hex; l1Tx: Hex };

/** InboxMessageDelivered (the data) joined with the Bridge's MessageDelivered (kind, aliased sender) by message number. */
export function orbitMessagesIn(logs: Log[], orbit: OrbitRollup): OrbitDelayedMessage[] {
  const inboxLogs = logs.filter((log) => log.address.toLowerCase() === orbit.inbox.toLowerCase());
  const bridgeLogs = logs.filter((log) => log.address.toLowerCase() === orbit.bridge.toLowerCase());
  const delivered = parseEventLogs({ abi: nitroArtifact("v3", "bridge/Bridge").abi, logs: bridgeLogs, eventName: "MessageDelivered" }) as unknown as {
    args: { messageIndex: bigint; kind: number; sender: Address; baseFeeL1: bigint };
  }[];
  const byIndex = new Map(delivered.map((event) => [event.args.messageIndex, event.args]));
  const inboxed = parseEventLogs({ abi: nitroArtifact("v3", "bridge/Inbox").abi, logs: inboxLogs, eventName: "InboxMessageDelivered" }) as unknown as {
    args: { messageNum: bigint; data: Hex };
    transactionHash: Hex;
  }[];
  return inboxed.flatMap((event) => {
    const bridged = byIndex.get(event.args.messageNum);
    return bridged ? [{ messageNum: event.args.messageNum, kind: bridged.kind, sender: bridged.sender, baseFeeL1: bridged.baseFeeL1, data: event.args.data, l1Tx: event.transactionHash }] : [];
  });
}

/** What a retryable's auto-redeem does: runs, or fails (out of gas, as when the L2 gas price outran the limit). */
export type RedeemFate = "redeemed" | "failed";

export type AppliedMessage = { result: "credited" | "ignored" } | { result: "redeemed" | "failed"; ticketId: Hex; submissionTx: Hex; retryTx: Hex };

/**
 * The least gas a call with this calldata is accepted with: its intrinsic gas (EIP-2028), or
 * Prague's calldata floor (EIP-7623, 10 per token, a non-zero byte being 4 tokens) where that is
 * more. A limit just above it leaves the call a few thousand gas: it runs out.
 */
function leastGas(data: Hex): bigint {
  const bytes = hexToBytes(data);
  const zeros = BigInt(bytes.filter((b) => b === 0).length);
  const nonZeros = BigInt(bytes.length) - zeros;
  const intrinsic = 21_000n + 4n * zeros + 16n * nonZeros;
  const floor = 21_000n + 10n * (zeros + 4n * nonZeros);
  return intrinsic > floor ? intrinsic : floor;
}

/**
 * Applies one delayed message on the rollup. ETH deposits (kind 12, data = dest ‖ amount) are
 * credited as ArbOS mints them. A retryable (kind 9) is submitted as ArbOS would: one block holding
 * the submission, in which the ArbRetryableTx fixture emits TicketCreated(ticketId) and the
 * auto-redeem's RedeemScheduled, and the retry itself, its call run as the aliased sender with the
 * message's gas limit, or (fate "failed", a retryable with calldata) with too little gas, so it
 * reverts and the ticket stays open. Other kinds are not the devnet's.
 */
export async function applyOrbitMessage(rollup: ChainClients, l2ChainId: number, message: OrbitDelayedMessage, fate: RedeemFate = "redeemed"): Promise<AppliedMessage> {
  if (message.kind === L1_MESSAGE_TYPE.ethDeposit) {
    const dest = getAddress(slice(message.data, 0, 20));
    const amount = hexToBigInt(slice(message.data, 20, 52));
    const balance = await rollup.publicClient.getBalance({ address: dest });
    await rollup.testClient.setBalance({ address: dest, value: balance + amount });
    return { result: "credited" };
  }
  if (message.kind !== L1_MESSAGE_TYPE.submitRetryableTx) return { result: "ignored" };
  const m = decodeInboxMessage(message.kind, message.data);
  if (!m.ok || m.kind !== "retryable") throw new Error(`message ${message.messageNum} is not a retryable: ${JSON.stringify(m)}`);
  const ticketId = retryableTicketId({ l2ChainId, messageNum: message.messageNum, sender: message.sender, l1BaseFee: message.baseFeeL1, message: m });
  // A plain value transfer runs on its intrinsic gas: only a call can be starved of gas.
  const outcome: RedeemFate = fate === "failed" && m.data !== "0x" ? "failed" : "redeemed";
  const gas = outcome === "failed" ? leastGas(m.data) + 2_000n : m.gasLimit + 500_000n;
  await rollup.testClient.setAutomine(false);
  let retryTx: Hex;
  let submissionTx: Hex;
  try {
    retryTx = await sendAsUnmined(rollup, message.sender, { to: m.to, data: m.data, value: m.l2CallValue, gas });
    const data = encodeFunctionData({
      abi: fixtureArtifact("ArbRetryableTxPrecompile").abi,
      functionName: "submitted",
      args: [ticketId, retryTx, m.gasLimit, m.excessFeeRefundAddress, m.gasLimit * m.maxFeePerGas, m.maxSubmissionCost],
    });
    // The submission before its retry, as ArbOS orders them: a higher tip sorts it first.
    submissionTx = await sendAsUnmined(rollup, ARBOS, { to: ARB_RETRYABLE_TX, data, gas: 200_000n, maxFeePerGas: 10n ** 11n, maxPriorityFeePerGas: 10n ** 10n });
    await rollup.testClient.mine({ blocks: 1 });
  } finally {
    await rollup.testClient.setAutomine(true);
  }
  const [submission, retry] = await Promise.all([submissionTx, retryTx].map((hash) => rollup.publicClient.waitForTransactionReceipt({ hash })));
  if (submission?.status !== "success") throw new Error(`the submission of ticket ${ticketId} reverted: ${submissionTx}`);
  // What the receipt says, whatever was meant: a starved call that still ran is redeemed.
  const ran = retry?.status === "success";
  if (!ran && outcome === "redeemed") throw new Error(`ticket ${ticketId}'s retry ${retryTx} reverted with the message's own gas limit`);
  return { result: ran ? "redeemed" : "failed", ticketId, submissionTx, retryTx };
}

export type OrbitWithdrawal = {
  caller: Address;
  destination: Address;
  hash: bigint;
  position: bigint;
  arbBlockNum: bigint;
  ethBlockNum: bigint;
  timestamp: bigint;
  callvalue: bigint;
  data: Hex;
  l2BlockHash: Hex;
};

export function orbitWithdrawalsIn(logs: Log[]): OrbitWithdrawal[] {
  const ours = logs.filter((log) => log.address.toLowerCase() === ARB_SYS);
  return (parseEventLogs({ abi: fixtureArtifact("ArbSysPrecompile").abi, logs: ours, eventName: "L2ToL1Tx" }) as unknown as {
    args: Omit<OrbitWithdrawal, "l2BlockHash">;
    blockHash: Hex;
  }[]).map((event) => ({ ...event.args, l2BlockHash: event.blockHash }));
}

/** A fixed-depth path of zero siblings: every leaf position gets a root of its own. */
const PROOF = Array.from({ length: 32 }, () => zeroHash);

const outboxAbi = () => nitroArtifact("v3", "bridge/Outbox").abi;

/**
 * Posts the send root the validator's assertion would confirm (computed by the Outbox's own
 * calculateMerkleRoot for this leaf), then executes the send: OutBoxTransactionExecuted.
 */
export async function executeOrbitWithdrawal(parent: ChainClients, orbit: OrbitRollup, withdrawal: OrbitWithdrawal) {
  const w = withdrawal;
  const item = (await parent.publicClient.readContract({
    address: orbit.outbox,
    abi: outboxAbi(),
    functionName: "calculateItemHash",
    args: [w.caller, w.destination, w.arbBlockNum, w.ethBlockNum, w.timestamp, w.callvalue, w.data],
  })) as Hex;
  const root = (await parent.publicClient.readContract({ address: orbit.outbox, abi: outboxAbi(), functionName: "calculateMerkleRoot", args: [PROOF, w.position, item] })) as Hex;
  await callAs(parent, orbit.rollup, orbit.outbox, outboxAbi(), "updateSendRoot", [root, w.l2BlockHash]);
  return call(parent, RELAYER, orbit.outbox, outboxAbi(), "executeTransaction", [
    PROOF,
    w.position,
    w.caller,
    w.destination,
    w.arbBlockNum,
    w.ethBlockNum,
    w.timestamp,
    w.callvalue,
    w.data,
  ]);
}

export const orbitWithdrawalSpent = (parent: ChainClients, orbit: OrbitRollup, position: bigint) =>
  parent.publicClient.readContract({ address: orbit.outbox, abi: outboxAbi(), functionName: "isSpent", args: [position] }) as Promise<boolean>;
