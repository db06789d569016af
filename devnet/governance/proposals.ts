import { type Address, encodeFunctionData, getAddress, type Hex, isAddressEqual, keccak256, numberToHex, parseEventLogs, toHex, type TransactionReceipt } from "viem";
import { GovernorAbi } from "../../abis/Governor";
import { type DevChain, type Network, passTime } from "../network";
import { transact } from "../transact";
import { governanceAbi } from "./abi";

/**
 * One proposal's life on the real Governor: propose, vote, queue on the timelock, execute or
 * cancel, each a transaction of a devnet account, with the clock moved on in between.
 */

export type ProposalAction = { target: Address; value: bigint; calldata: Hex };

export type SubmittedProposal = {
  id: bigint;
  proposer: Address;
  actions: ProposalAction[];
  description: string;
  descriptionHash: Hex;
  /** From ProposalCreated: the snapshot and the deadline, block numbers. */
  voteStart: bigint;
  voteEnd: bigint;
  /** The TimelockController operation the queue schedules. */
  timelockOperationId: Hex;
  txHash: Hex;
  blockNumber: bigint;
};

/** "mine": anvil mines the blocks (and passes the time) a step waits for; "wait": blocks come by themselves. */
export type Advance = "mine" | "wait";

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until the chain's head is at least `block`: the next transaction is mined after it. */
export async function untilBlock(chain: DevChain, block: bigint, advance: Advance): Promise<void> {
  for (;;) {
    const head = await chain.publicClient.getBlockNumber();
    if (head >= block) return;
    if (advance === "mine") await chain.testClient.mine({ blocks: Number(block - head) });
    else await sleep(POLL_MS);
  }
}

/** Until the head block's timestamp is at least `seconds`; "mine" moves every chain's clock together. */
export async function untilTimestamp(network: Pick<Network, "chains">, chain: DevChain, seconds: bigint, advance: Advance): Promise<void> {
  for (;;) {
    const head = await chain.publicClient.getBlock();
    if (head.timestamp >= seconds) return;
    if (advance === "mine") {
      await passTime(network, Number(seconds - head.timestamp));
      await chain.testClient.mine({ blocks: 1 });
    } else await sleep(POLL_MS);
  }
}

/** GovernorTimelockControl._timelockSalt: the governor's address, left-aligned, xor the description hash. */
export function timelockSalt(governor: Address, descriptionHash: Hex): Hex {
  return numberToHex((BigInt(governor) << 96n) ^ BigInt(descriptionHash), { size: 32 });
}

const columns = (actions: readonly ProposalAction[]) =>
  [actions.map((a) => a.target), actions.map((a) => a.value), actions.map((a) => a.calldata)] as const;

export type GovernorContracts = { governor: Address; timelock: Address };

export async function propose(
  chain: DevChain,
  gov: GovernorContracts,
  proposer: number,
  actions: readonly ProposalAction[],
  description: string,
): Promise<SubmittedProposal> {
  const data = encodeFunctionData({ abi: governanceAbi.governor, functionName: "propose", args: [...columns(actions), description] });
  const receipt = await transact(chain, proposer, { to: gov.governor, data });
  const [created] = parseEventLogs({
    abi: GovernorAbi,
    eventName: "ProposalCreated",
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, gov.governor)),
  });
  if (!created) throw new Error(`propose ${receipt.transactionHash} emitted no ProposalCreated`);
  const descriptionHash = keccak256(toHex(description));
  const timelockOperationId = await chain.publicClient.readContract({
    address: gov.timelock,
    abi: governanceAbi.timelock,
    functionName: "hashOperationBatch",
    args: [...columns(actions), `0x${"00".repeat(32)}`, timelockSalt(gov.governor, descriptionHash)],
  });
  return {
    id: created.args.proposalId,
    proposer: getAddress(created.args.proposer),
    actions: [...actions],
    description,
    descriptionHash,
    voteStart: created.args.voteStart,
    voteEnd: created.args.voteEnd,
    timelockOperationId,
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  };
}

export type VoteSpec = { voter: number; support: 0 | 1 | 2; reason?: string; params?: Hex };

/** castVote, castVoteWithReason or castVoteWithReasonAndParams, whichever the spec asks for. */
export function castVote(chain: DevChain, gov: GovernorContracts, proposal: SubmittedProposal, vote: VoteSpec): Promise<TransactionReceipt> {
  const data =
    vote.params !== undefined
      ? encodeFunctionData({
          abi: governanceAbi.governor,
          functionName: "castVoteWithReasonAndParams",
          args: [proposal.id, vote.support, vote.reason ?? "", vote.params],
        })
      : vote.reason !== undefined
        ? encodeFunctionData({ abi: governanceAbi.governor, functionName: "castVoteWithReason", args: [proposal.id, vote.support, vote.reason] })
        : encodeFunctionData({ abi: governanceAbi.governor, functionName: "castVote", args: [proposal.id, vote.support] });
  return transact(chain, vote.voter, { to: gov.governor, data });
}

type LifecycleCall = "queue" | "execute" | "cancel";

export function lifecycle(chain: DevChain, gov: GovernorContracts, proposal: SubmittedProposal, call: LifecycleCall, account: number): Promise<TransactionReceipt> {
  const data = encodeFunctionData({
    abi: governanceAbi.governor,
    functionName: call,
    args: [...columns(proposal.actions), proposal.descriptionHash],
  });
  return transact(chain, account, { to: gov.governor, data });
}

/** The eta the queue set (ProposalQueued.etaSeconds), from the Governor's view. */
export const etaOf = (chain: DevChain, gov: GovernorContracts, proposal: SubmittedProposal) =>
  chain.publicClient.readContract({ address: gov.governor, abi: governanceAbi.governor, functionName: "proposalEta", args: [proposal.id] });
