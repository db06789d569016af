import type { Hex } from "viem";
import { summarizeCall } from "./calldata";
import type { derive, ProposalRow } from "./queries";

/** bigints (call arguments) as decimal strings, for JSON. */
export const jsonSafe = <T>(value: T): unknown => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));

const s = (v: bigint | null) => (v === null ? null : v.toString());

/** A proposal as the API serves it: amounts as decimal strings, each call summarised. */
export function presentProposal(p: ProposalRow, d: Awaited<ReturnType<typeof derive>>) {
  return {
    id: p.id,
    proposalId: BigInt(p.id).toString(),
    chainId: p.chainId,
    governor: p.governor,
    proposer: p.proposer,
    description: p.description,
    state: d.state,
    voteStart: s(p.voteStart),
    voteEnd: s(p.voteEnd),
    eta: s(p.etaSeconds),
    tally: { for: s(d.tally.forVotes), against: s(d.tally.againstVotes), abstain: s(d.tally.abstainVotes), voters: d.tally.voters },
    quorum: s(d.quorum),
    calls: p.targets.map((target, i) => ({
      target,
      value: s(p.values[i] ?? 0n),
      calldata: p.calldatas[i],
      summary: jsonSafe(summarizeCall(target, (p.calldatas[i] ?? "0x") as Hex)),
    })),
    timelockOperation: d.operation ? { id: d.operation.id, state: d.operationState, readyAt: s(d.operation.readyAt) } : null,
    timeline: [
      { event: "created", txHash: p.createdTxHash, timestamp: p.createdTimestamp },
      ...(p.queuedTxHash ? [{ event: "queued", txHash: p.queuedTxHash, timestamp: p.queuedTimestamp }] : []),
      ...(p.executedTxHash ? [{ event: "executed", txHash: p.executedTxHash, timestamp: p.executedTimestamp }] : []),
      ...(p.canceledTxHash ? [{ event: "canceled", txHash: p.canceledTxHash, timestamp: p.canceledTimestamp }] : []),
    ],
  };
}
