/** OpenZeppelin Governor (5.4.0; v4 and Compound Bravo share these topic0s): the proposal lifecycle and votes. */
export const GovernorAbi = [
  {
    type: "event",
    name: "ProposalCreated",
    inputs: [
      { name: "proposalId", type: "uint256", indexed: false },
      { name: "proposer", type: "address", indexed: false },
      { name: "targets", type: "address[]", indexed: false },
      { name: "values", type: "uint256[]", indexed: false },
      { name: "signatures", type: "string[]", indexed: false },
      { name: "calldatas", type: "bytes[]", indexed: false },
      { name: "voteStart", type: "uint256", indexed: false },
      { name: "voteEnd", type: "uint256", indexed: false },
      { name: "description", type: "string", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "VoteCast",
    inputs: [
      { name: "voter", type: "address", indexed: true },
      { name: "proposalId", type: "uint256", indexed: false },
      { name: "support", type: "uint8", indexed: false },
      { name: "weight", type: "uint256", indexed: false },
      { name: "reason", type: "string", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "VoteCastWithParams",
    inputs: [
      { name: "voter", type: "address", indexed: true },
      { name: "proposalId", type: "uint256", indexed: false },
      { name: "support", type: "uint8", indexed: false },
      { name: "weight", type: "uint256", indexed: false },
      { name: "reason", type: "string", indexed: false },
      { name: "params", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ProposalQueued",
    inputs: [
      { name: "proposalId", type: "uint256", indexed: false },
      { name: "etaSeconds", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ProposalExecuted",
    inputs: [
      { name: "proposalId", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ProposalCanceled",
    inputs: [
      { name: "proposalId", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
] as const;

/** GovernorVotesQuorumFraction (OpenZeppelin 5.4.0): the quorum numerator, checkpointed in the clock. */
export const GovernorQuorumAbi = [
  {
    type: "event",
    name: "QuorumNumeratorUpdated",
    inputs: [
      { name: "oldQuorumNumerator", type: "uint256", indexed: false },
      { name: "newQuorumNumerator", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
] as const;
