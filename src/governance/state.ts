import { quorumReached, type Tally, voteSucceeded } from "./tally";

/**
 * A proposal's state as OpenZeppelin 5.4.0 computes it (Governor.state() refined by
 * GovernorTimelockControl.state()). Only ProposalCreated, ProposalQueued, ProposalExecuted and
 * ProposalCanceled are logged: Pending, Active, Defeated and Succeeded exist only in this
 * derivation, from the clock.
 */

/** IGovernor.ProposalState, in enum order: `state(id)` returns the index. */
export const PROPOSAL_STATES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/** TimelockController.OperationState, in enum order: `getOperationState(id)` returns the index. */
export const OPERATION_STATES = ["Unset", "Waiting", "Ready", "Done"] as const;
export type OperationState = (typeof OPERATION_STATES)[number];

export function proposalStateName(index: number): ProposalState {
  const name = PROPOSAL_STATES[index];
  if (name === undefined) throw new RangeError(`${index} is not an IGovernor.ProposalState (0 to ${PROPOSAL_STATES.length - 1})`);
  return name;
}

export function operationStateName(index: number): OperationState {
  const name = OPERATION_STATES[index];
  if (name === undefined) throw new RangeError(`${index} is not a TimelockController.OperationState (0 to ${OPERATION_STATES.length - 1})`);
  return name;
}

/** TimelockController marks a done operation with timestamp 1 (_DONE_TIMESTAMP). */
const DONE_TIMESTAMP = 1n;

/**
 * TimelockController.getOperationState from the operation's timestamp: 0 when never scheduled
 * or cancelled (cancel deletes it), 1 once executed, otherwise the time it becomes ready.
 */
export function operationState(readyAtSeconds: bigint, nowSeconds: bigint): OperationState {
  if (readyAtSeconds === 0n) return "Unset";
  if (readyAtSeconds === DONE_TIMESTAMP) return "Done";
  return readyAtSeconds > nowSeconds ? "Waiting" : "Ready";
}

export type ProposalFacts = {
  /** The token's clock now: a block number (CLOCK_MODE "mode=blocknumber&from=default"). */
  clock: bigint;
  /** ProposalCreated.voteStart: proposalSnapshot(id). */
  voteStart: bigint;
  /** ProposalCreated.voteEnd: proposalDeadline(id). */
  voteEnd: bigint;
  tally: Tally;
  /** quorum(voteStart). */
  quorum: bigint;
  /** ProposalQueued.etaSeconds: proposalEta(id); 0 while not queued. */
  etaSeconds: bigint;
  /** A ProposalExecuted log was seen. */
  executed: boolean;
  /** A ProposalCanceled log was seen. */
  canceled: boolean;
  /** The timelock operation the queue scheduled; read only once the proposal is queued. */
  timelockOperation: OperationState;
};

export class NonexistentProposalError extends Error {
  override name = "NonexistentProposalError";
}

/** Governor.state(): the flags, then the clock against the snapshot and deadline, then the vote. */
function governorState(facts: ProposalFacts): ProposalState {
  if (facts.executed) return "Executed";
  if (facts.canceled) return "Canceled";
  if (facts.voteStart === 0n) throw new NonexistentProposalError("a proposal's voteStart is never 0 (GovernorNonexistentProposal)");
  // Votes are counted from the block after the snapshot, and still in the deadline's block.
  if (facts.voteStart >= facts.clock) return "Pending";
  if (facts.voteEnd >= facts.clock) return "Active";
  if (!quorumReached(facts.tally, facts.quorum) || !voteSucceeded(facts.tally)) return "Defeated";
  if (facts.etaSeconds === 0n) return "Succeeded";
  return "Queued";
}

/**
 * GovernorTimelockControl.state(): a queued proposal follows its timelock operation, which
 * can be executed or cancelled on the timelock directly, with no Governor log.
 * Expired is never returned: OpenZeppelin 5's TimelockController has no grace period.
 */
export function proposalState(facts: ProposalFacts): ProposalState {
  const state = governorState(facts);
  if (state !== "Queued") return state;
  switch (facts.timelockOperation) {
    case "Waiting":
    case "Ready":
      return "Queued";
    case "Done":
      return "Executed";
    case "Unset":
      return "Canceled";
  }
}
