/**
 * GovernorCountingSimple's bookkeeping: a vote's support, the tally it adds to, and the two
 * tests Governor.state() applies once the vote is over.
 */

/** `support` as GovernorCountingSimple.VoteType numbers it. */
export const VOTE_SUPPORT = ["Against", "For", "Abstain"] as const;
export type VoteSupport = (typeof VOTE_SUPPORT)[number];

export class InvalidVoteTypeError extends Error {
  override name = "InvalidVoteTypeError";
}

export function voteSupport(support: number): VoteSupport {
  const name = VOTE_SUPPORT[support];
  // GovernorCountingSimple reverts on any other value (GovernorInvalidVoteType), so no log carries one.
  if (name === undefined) throw new InvalidVoteTypeError(`support ${support} is not a GovernorCountingSimple vote type: 0 against, 1 for, 2 abstain`);
  return name;
}

/** proposalVotes(id), in its order. */
export type Tally = { againstVotes: bigint; forVotes: bigint; abstainVotes: bigint };

export const emptyTally = (): Tally => ({ againstVotes: 0n, forVotes: 0n, abstainVotes: 0n });

export function addVote(tally: Tally, support: number, weight: bigint): Tally {
  switch (voteSupport(support)) {
    case "Against":
      return { ...tally, againstVotes: tally.againstVotes + weight };
    case "For":
      return { ...tally, forVotes: tally.forVotes + weight };
    case "Abstain":
      return { ...tally, abstainVotes: tally.abstainVotes + weight };
  }
}

/** GovernorCountingSimple._quorumReached: abstentions count towards the quorum. */
export const quorumReached = (tally: Tally, quorum: bigint): boolean => quorum <= tally.forVotes + tally.abstainVotes;

/** GovernorCountingSimple._voteSucceeded: strictly more for than against; a tie fails. */
export const voteSucceeded = (tally: Tally): boolean => tally.forVotes > tally.againstVotes;

/** GovernorVotesQuorumFraction.quorum: the past total supply times the numerator, rounded down. */
export const quorumOf = (pastTotalSupply: bigint, quorumNumerator: bigint, quorumDenominator = 100n): bigint =>
  (pastTotalSupply * quorumNumerator) / quorumDenominator;

/** Why a finished vote failed, in the order Governor.state() tests: the quorum first. */
export function defeatReason(tally: Tally, quorum: bigint): "quorum" | "votes" | null {
  if (!quorumReached(tally, quorum)) return "quorum";
  if (!voteSucceeded(tally)) return "votes";
  return null;
}
