import { and, asc, desc, eq, lte, sql } from "ponder";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { db } from "../api/db";
import { decodeCheckpoint } from "../network/chains";
import { indexed } from "../network/indexed";
import { operationState, type OperationState, proposalState } from "./state";
import { quorumOf, type Tally } from "./tally";

const { proposal, proposalTally, timelockOperation, totalSupplyChange, votingPowerChange, quorumNumeratorChange } = schema;

export type ProposalRow = typeof proposal.$inferSelect;
export type OperationRow = typeof timelockOperation.$inferSelect;

/** The governor chain's clock as indexed: its latest block number and timestamp. */
export async function indexedClock(chainId: number): Promise<{ blockNumber: bigint; timestamp: bigint }> {
  const { rows } = await db.execute(sql`SELECT chain_id, latest_checkpoint FROM _ponder_checkpoint`);
  const row = (rows as { chain_id: string | number; latest_checkpoint: string }[]).find((r) => Number(r.chain_id) === chainId);
  const at = row ? decodeCheckpoint(row.latest_checkpoint) : { blockNumber: 0, timestamp: 0 };
  return { blockNumber: BigInt(at.blockNumber), timestamp: BigInt(at.timestamp) };
}

export const governorOf = (address: Hex) => indexed.manifest.governors.find((g) => g.governor === address);

/** getPastTotalSupply(t): the supply after the last mint or burn at or before block t. */
export async function pastTotalSupply(token: Hex, timepoint: bigint): Promise<bigint> {
  const [row] = await db
    .select({ totalSupply: totalSupplyChange.totalSupply })
    .from(totalSupplyChange)
    .where(and(eq(totalSupplyChange.token, token), lte(totalSupplyChange.blockNumber, timepoint)))
    .orderBy(desc(totalSupplyChange.blockNumber), desc(totalSupplyChange.logIndex))
    .limit(1);
  return row?.totalSupply ?? 0n;
}

/** getPastVotes(account, t) for every account: its last DelegateVotesChanged at or before block t. */
export async function pastVotes(token: Hex, timepoint: bigint): Promise<Map<Hex, bigint>> {
  const rows = await db
    .select()
    .from(votingPowerChange)
    .where(and(eq(votingPowerChange.token, token), lte(votingPowerChange.blockNumber, timepoint)))
    .orderBy(asc(votingPowerChange.blockNumber), asc(votingPowerChange.logIndex));
  return new Map(rows.map((r) => [r.account, r.newVotes]));
}

/**
 * quorumNumerator(t): the last QuorumNumeratorUpdated at or before block t (the constructor logs
 * the first); the manifest's numerator when none is indexed (a Governor indexed from later on).
 */
export async function pastQuorumNumerator(governor: Hex, timepoint: bigint): Promise<bigint> {
  const [row] = await db
    .select({ numerator: quorumNumeratorChange.newNumerator })
    .from(quorumNumeratorChange)
    .where(and(eq(quorumNumeratorChange.governor, governor), lte(quorumNumeratorChange.blockNumber, timepoint)))
    .orderBy(desc(quorumNumeratorChange.blockNumber), desc(quorumNumeratorChange.logIndex))
    .limit(1);
  return row?.numerator ?? BigInt(governorOf(governor)!.quorumNumerator);
}

/** GovernorVotesQuorumFraction.quorum(voteStart), from the indexed supply and numerator histories. */
export async function quorumAt(p: ProposalRow): Promise<bigint> {
  const g = governorOf(p.governor)!;
  const [supply, numerator] = await Promise.all([pastTotalSupply(g.token, p.voteStart), pastQuorumNumerator(p.governor, p.voteStart)]);
  return quorumOf(supply, numerator, BigInt(g.quorumDenominator));
}

/** TimelockController.getOperationState at `now`: a done operation is 1, a cancelled one is gone. */
export function operationStateOf(op: OperationRow | undefined, nowSeconds: bigint): OperationState {
  if (!op || op.cancelledTxHash !== null) return "Unset";
  return operationState(op.executedTxHash !== null ? 1n : op.readyAt, nowSeconds);
}

export async function loadOperation(id: Hex | null): Promise<OperationRow | undefined> {
  if (id === null) return undefined;
  const [op] = await db.select().from(timelockOperation).where(eq(timelockOperation.id, id));
  return op;
}

export async function loadTally(id: Hex): Promise<Tally & { voters: number }> {
  const [t] = await db.select().from(proposalTally).where(eq(proposalTally.id, id));
  return t ?? { againstVotes: 0n, forVotes: 0n, abstainVotes: 0n, voters: 0 };
}

/** Everything Governor.state() reads, from the rows, at the indexed clock. */
export async function derive(p: ProposalRow, clock: { blockNumber: bigint; timestamp: bigint }) {
  const [tally, quorum, op] = await Promise.all([loadTally(p.id), quorumAt(p), loadOperation(p.timelockOperationId)]);
  const state = proposalState({
    clock: clock.blockNumber,
    voteStart: p.voteStart,
    voteEnd: p.voteEnd,
    tally,
    quorum,
    etaSeconds: p.etaSeconds ?? 0n,
    executed: p.executedTxHash !== null,
    canceled: p.canceledTxHash !== null,
    timelockOperation: operationStateOf(op, clock.timestamp),
  });
  return { state, tally, quorum, operation: op, operationState: operationStateOf(op, clock.timestamp) };
}
