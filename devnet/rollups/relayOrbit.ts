import { type Address, getAddress, type Hex, hexToBigInt, type Log, parseEventLogs, size, slice, zeroHash } from "viem";
import { DEPLOYER, RELAYER } from "../accounts";
import type { ChainClients } from "../clients";
import { fixtureArtifact } from "../solc";
import { deployContract } from "../transact";
import { nitroArtifact } from "./artifacts";
import { call, callAs, sendAs } from "./call";
import type { OrbitRollup } from "./orbit";

/**
 * What ArbOS and a validator would do for an Orbit rollup, done by hand: delayed messages from
 * the Inbox applied on the rollup anvil (ETH deposits credited, retryables executed as their
 * aliased sender), and L2→L1 sends from the ArbSys fixture executed through the real Outbox
 * under a send root posted as the rollup contract.
 */

export const ARB_SYS = "0x0000000000000000000000000000000000000064" as const;
export const ARB_GAS_INFO = "0x000000000000000000000000000000000000006C" as const;

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

/** ArbSys at 0x64 (withdrawals) and ArbGasInfo at 0x6c (what nitro-contracts reads on an Arbitrum host). */
export async function installArbitrumPrecompiles(rollup: ChainClients): Promise<void> {
  await installPrecompile(rollup, ARB_SYS, "ArbSysPrecompile");
  await installPrecompile(rollup, ARB_GAS_INFO, "ArbGasInfoPrecompile");
}

export type OrbitDelayedMessage = { messageNum: bigint; kind: number; sender: Address; data: Hex; l1Tx: Hex };

/** InboxMessageDelivered (the data) joined with the Bridge's MessageDelivered (kind, aliased sender) by message number. */
export function orbitMessagesIn(logs: Log[], orbit: OrbitRollup): OrbitDelayedMessage[] {
  const inboxLogs = logs.filter((log) => log.address.toLowerCase() === orbit.inbox.toLowerCase());
  const bridgeLogs = logs.filter((log) => log.address.toLowerCase() === orbit.bridge.toLowerCase());
  const delivered = parseEventLogs({ abi: nitroArtifact("v3", "bridge/Bridge").abi, logs: bridgeLogs, eventName: "MessageDelivered" }) as unknown as {
    args: { messageIndex: bigint; kind: number; sender: Address };
  }[];
  const byIndex = new Map(delivered.map((event) => [event.args.messageIndex, event.args]));
  const inboxed = parseEventLogs({ abi: nitroArtifact("v3", "bridge/Inbox").abi, logs: inboxLogs, eventName: "InboxMessageDelivered" }) as unknown as {
    args: { messageNum: bigint; data: Hex };
    transactionHash: Hex;
  }[];
  return inboxed.flatMap((event) => {
    const bridged = byIndex.get(event.args.messageNum);
    return bridged ? [{ messageNum: event.args.messageNum, kind: bridged.kind, sender: bridged.sender, data: event.args.data, l1Tx: event.transactionHash }] : [];
  });
}

const word = (data: Hex, i: number) => hexToBigInt(slice(data, i * 32, i * 32 + 32));

/**
 * Applies one delayed message on the rollup. ETH deposits (kind 12, data = dest ‖ amount) are
 * credited as ArbOS mints them; retryables (kind 9: nine words, then the calldata) run their
 * call at once as the aliased sender, as auto-redeem does. Other kinds are not the devnet's.
 */
export async function applyOrbitMessage(rollup: ChainClients, message: OrbitDelayedMessage): Promise<"credited" | "executed" | "ignored"> {
  if (message.kind === L1_MESSAGE_TYPE.ethDeposit) {
    const dest = getAddress(slice(message.data, 0, 20));
    const amount = hexToBigInt(slice(message.data, 20, 52));
    const balance = await rollup.publicClient.getBalance({ address: dest });
    await rollup.testClient.setBalance({ address: dest, value: balance + amount });
    return "credited";
  }
  if (message.kind === L1_MESSAGE_TYPE.submitRetryableTx) {
    const to = getAddress(slice(message.data, 12, 32));
    const l2CallValue = word(message.data, 1);
    const gasLimit = word(message.data, 6);
    const dataLength = Number(word(message.data, 8));
    const calldata = size(message.data) > 9 * 32 ? slice(message.data, 9 * 32, 9 * 32 + dataLength) : "0x";
    await sendAs(rollup, message.sender, { to, data: calldata, value: l2CallValue, gas: gasLimit + 500_000n });
    return "executed";
  }
  return "ignored";
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
