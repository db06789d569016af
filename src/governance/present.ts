import type { Hex } from "viem";
import { z } from "zod";
import { address, bytes32, decimalString, hex, int, unixTime } from "../api/shapes";
import { summarizeCall } from "./calldata";
import type { derive, ProposalRow } from "./queries";
import { OPERATION_STATES, PROPOSAL_STATES } from "./state";
import { VOTE_SUPPORT } from "./tally";

/** bigints (call arguments) as decimal strings, for JSON. */
export const jsonSafe = <T>(value: T): unknown => JSON.parse(JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v)));

function s(v: bigint): string;
function s(v: bigint | null): string | null;
function s(v: bigint | null) {
  return v === null ? null : v.toString();
}

export const proposalSchema = z.object({
  id: bytes32,
  proposalId: decimalString,
  chainId: int,
  governor: address,
  proposer: address,
  description: z.string(),
  state: z.enum(PROPOSAL_STATES).describe("derived at request time from the indexed clock, as Governor.state() does"),
  voteStart: decimalString.describe("a block"),
  voteEnd: decimalString.describe("a block"),
  eta: decimalString.nullable(),
  tally: z.object({ for: decimalString, against: decimalString, abstain: decimalString, voters: int }),
  quorum: decimalString.nullable().describe("at the snapshot, from the indexed total supply"),
  calls: z.array(z.object({ target: address, value: decimalString, calldata: hex.optional(), summary: z.unknown().describe("the call decoded, where its ABI is known") })),
  timelockOperation: z.object({ id: bytes32, state: z.enum(OPERATION_STATES), readyAt: decimalString }).nullable(),
  timeline: z.array(z.object({ event: z.enum(["created", "queued", "executed", "canceled"]), txHash: bytes32, timestamp: unixTime.nullable() })),
});

export const voteSchema = z.object({
  id: z.string(),
  proposalId: bytes32,
  voter: address,
  support: z.enum(VOTE_SUPPORT),
  weight: decimalString,
  reason: z.string(),
  params: hex.nullable(),
  txHash: bytes32,
  blockNumber: decimalString,
  timestamp: unixTime,
});

export const presentVote = <V extends { support: number; weight: bigint; blockNumber: bigint }>(v: V) => ({
  ...v,
  support: VOTE_SUPPORT[v.support]!,
  weight: v.weight.toString(),
  blockNumber: v.blockNumber.toString(),
});

/** A proposal as the API serves it: amounts as decimal strings, each call summarised. */
export function presentProposal(p: ProposalRow, d: Awaited<ReturnType<typeof derive>>): z.input<typeof proposalSchema> {
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
      ...(p.queuedTxHash ? [{ event: "queued" as const, txHash: p.queuedTxHash, timestamp: p.queuedTimestamp }] : []),
      ...(p.executedTxHash ? [{ event: "executed" as const, txHash: p.executedTxHash, timestamp: p.executedTimestamp }] : []),
      ...(p.canceledTxHash ? [{ event: "canceled" as const, txHash: p.canceledTxHash, timestamp: p.canceledTimestamp }] : []),
    ],
  };
}
