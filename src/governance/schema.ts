import { index, onchainTable, relations } from "ponder";
import { message } from "../messaging/schema";
import { chainNumber, scratchKey } from "../network/columns";

/**
 * Governance as its logs tell it. A proposal's state is never stored: it is derived at request
 * time from these rows and the indexed clock (src/governance/state.ts), as Governor.state() does.
 */
export const proposal = onchainTable(
  "proposal",
  (t) => ({
    /** The proposal id (uint256 hashProposal) as 32-byte hex */
    id: t.hex().primaryKey(),
    chainId: chainNumber().notNull(),
    governor: t.hex().notNull(),
    proposer: t.hex().notNull(),
    targets: t.hex().array().notNull(),
    values: t.bigint().array().notNull(),
    signatures: t.text().array().notNull(),
    calldatas: t.hex().array().notNull(),
    description: t.text().notNull(),
    /** In the token's clock (block numbers here): proposalSnapshot and proposalDeadline */
    voteStart: t.bigint().notNull(),
    voteEnd: t.bigint().notNull(),
    createdTxHash: t.hex().notNull(),
    createdBlock: t.bigint().notNull(),
    createdTimestamp: t.int8({ mode: "number" }).notNull(),
    etaSeconds: t.bigint(),
    queuedTxHash: t.hex(),
    queuedTimestamp: t.int8({ mode: "number" }),
    /** The timelock operation the queue scheduled */
    timelockOperationId: t.hex(),
    executedTxHash: t.hex(),
    executedTimestamp: t.int8({ mode: "number" }),
    canceledTxHash: t.hex(),
    canceledTimestamp: t.int8({ mode: "number" }),
  }),
  (table) => ({ byTime: index().on(table.createdTimestamp, table.id), byProposer: index().on(table.proposer) }),
);

/** GovernorCountingSimple's proposalVotes(id), added to vote by vote. */
export const proposalTally = onchainTable("proposal_tally", (t) => ({
  id: t.hex().primaryKey(),
  againstVotes: t.bigint().notNull().default(0n),
  forVotes: t.bigint().notNull().default(0n),
  abstainVotes: t.bigint().notNull().default(0n),
  voters: t.integer().notNull().default(0),
}));

export const vote = onchainTable(
  "vote",
  (t) => ({
    /** chainId:txHash:logIndex */
    id: t.text().primaryKey(),
    proposalId: t.hex().notNull(),
    voter: t.hex().notNull(),
    /** 0 against, 1 for, 2 abstain */
    support: t.integer().notNull(),
    weight: t.bigint().notNull(),
    reason: t.text().notNull(),
    params: t.hex(),
    txHash: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.int8({ mode: "number" }).notNull(),
  }),
  (table) => ({ byProposal: index().on(table.proposalId), byVoter: index().on(table.voter), byTx: index().on(table.txHash) }),
);

/** An account votes are delegated to, per token: its voting power now (getVotes). */
export const delegate = onchainTable("delegate", (t) => ({
  /** chainId:token:account */
  id: t.text().primaryKey(),
  chainId: chainNumber().notNull(),
  token: t.hex().notNull(),
  account: t.hex().notNull(),
  votingPower: t.bigint().notNull().default(0n),
  delegators: t.integer().notNull().default(0),
  /** Proposals it voted on */
  votes: t.integer().notNull().default(0),
}));

/** Who an account delegates to now (ERC20Votes.delegates). */
export const delegation = onchainTable("delegation", (t) => ({
  /** chainId:token:delegator */
  id: t.text().primaryKey(),
  chainId: chainNumber().notNull(),
  token: t.hex().notNull(),
  delegator: t.hex().notNull(),
  delegate: t.hex().notNull(),
  txHash: t.hex().notNull(),
  blockNumber: t.bigint().notNull(),
}));

/** DelegateVotesChanged, one row each: getPastVotes(account, t) is the last row at or before t. */
export const votingPowerChange = onchainTable(
  "voting_power_change",
  (t) => ({
    /** chainId:txHash:logIndex */
    id: t.text().primaryKey(),
    chainId: chainNumber().notNull(),
    token: t.hex().notNull(),
    account: t.hex().notNull(),
    previousVotes: t.bigint().notNull(),
    newVotes: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.int8({ mode: "number" }).notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ byAccount: index().on(table.account, table.blockNumber) }),
);

/** A token's total supply now, kept by its mints and burns. */
export const tokenSupply = onchainTable("token_supply", (t) => ({
  /** chainId:token */
  id: t.text().primaryKey(),
  totalSupply: t.bigint().notNull().default(0n),
}));

/** The supply after each mint or burn: getPastTotalSupply(t) is the last row at or before t, for quorum. */
export const totalSupplyChange = onchainTable(
  "total_supply_change",
  (t) => ({
    /** chainId:txHash:logIndex */
    id: t.text().primaryKey(),
    chainId: chainNumber().notNull(),
    token: t.hex().notNull(),
    totalSupply: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ byToken: index().on(table.token, table.blockNumber) }),
);

/** GovernorVotesQuorumFraction's numerator history: quorumNumerator(t) is the last change at or before t. */
export const quorumNumeratorChange = onchainTable(
  "quorum_numerator_change",
  (t) => ({
    /** chainId:txHash:logIndex */
    id: t.text().primaryKey(),
    chainId: chainNumber().notNull(),
    governor: t.hex().notNull(),
    oldNumerator: t.bigint().notNull(),
    newNumerator: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    txHash: t.hex().notNull(),
  }),
  (table) => ({ byGovernor: index().on(table.governor, table.blockNumber) }),
);

/** A TimelockController operation: scheduled, executed or cancelled, and the proposal that queued it. */
export const timelockOperation = onchainTable(
  "timelock_operation",
  (t) => ({
    /** The operation id (hashOperation / hashOperationBatch) */
    id: t.hex().primaryKey(),
    chainId: chainNumber().notNull(),
    timelock: t.hex().notNull(),
    calls: t.integer().notNull(),
    predecessor: t.hex().notNull(),
    salt: t.hex(),
    delay: t.bigint().notNull(),
    /** block timestamp + delay: the operation's timestamp until done */
    readyAt: t.bigint().notNull(),
    scheduledTxHash: t.hex().notNull(),
    scheduledTimestamp: t.int8({ mode: "number" }).notNull(),
    executedTxHash: t.hex(),
    executedTimestamp: t.int8({ mode: "number" }),
    cancelledTxHash: t.hex(),
    cancelledTimestamp: t.int8({ mode: "number" }),
    proposalId: t.hex(),
  }),
  (table) => ({ byProposal: index().on(table.proposalId), byExecutedTx: index().on(table.executedTxHash) }),
);

/** The operation a transaction is scheduling now: the Governor's ProposalQueued follows its CallScheduled logs. */
export const scheduling = onchainTable("scheduling", (t) => ({
  ...scratchKey(),
  timelockOperationId: t.hex().notNull(),
}));

/** AccessControl RoleGranted/RoleRevoked on a timelock (or any watched AccessControl contract). */
export const roleChange = onchainTable("role_change", (t) => ({
  /** chainId:txHash:logIndex */
  id: t.text().primaryKey(),
  chainId: chainNumber().notNull(),
  contract: t.hex().notNull(),
  kind: t.text({ enum: ["granted", "revoked"] }).notNull(),
  role: t.hex().notNull(),
  account: t.hex().notNull(),
  sender: t.hex().notNull(),
  txHash: t.hex().notNull(),
  blockNumber: t.bigint().notNull(),
  timestamp: t.int8({ mode: "number" }).notNull(),
}));

/** InterchainAccountRouter RemoteCallDispatched: calls sent for an owner's account on another chain (the message follows in the same transaction). */
export const remoteCall = onchainTable(
  "remote_call",
  (t) => ({
    /** chainId:txHash:logIndex */
    id: t.text().primaryKey(),
    chainId: chainNumber().notNull(),
    router: t.hex().notNull(),
    destinationDomain: chainNumber().notNull(),
    owner: t.hex().notNull(),
    /** The destination router and ISM (bytes32), and the account's salt (null before core 7.1.3) */
    remoteRouter: t.hex().notNull(),
    ism: t.hex().notNull(),
    salt: t.hex(),
    txHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ byTx: index().on(table.txHash) }),
);

/** InterchainAccountCreated: the account a router deployed for a remote owner, on its first message. */
export const interchainAccount = onchainTable(
  "interchain_account",
  (t) => ({
    /** chainId:account */
    id: t.text().primaryKey(),
    chainId: chainNumber().notNull(),
    account: t.hex().notNull(),
    router: t.hex().notNull(),
    originDomain: chainNumber().notNull(),
    /** The owner on the origin chain (bytes32) */
    owner: t.hex().notNull(),
    ism: t.hex().notNull(),
    salt: t.hex(),
    txHash: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.int8({ mode: "number" }).notNull(),
  }),
  (table) => ({ byTx: index().on(table.txHash) }),
);

/**
 * A proposal's execution, by its transaction: what GraphQL joins the messages it dispatched, its
 * remote calls and (src/audit/schema.ts) the admin changes it made on. Its transaction hash is
 * never null, so a row whose own hash is null (a message seen only at its delivery) joins none.
 */
export const proposalExecution = onchainTable(
  "proposal_execution",
  (t) => ({
    /** The proposal id, as `proposal.id` */
    id: t.hex().primaryKey(),
    chainId: chainNumber().notNull(),
    txHash: t.hex().notNull(),
    timestamp: t.int8({ mode: "number" }).notNull(),
  }),
  (table) => ({ byTx: index().on(table.txHash) }),
);

export const proposalRelations = relations(proposal, ({ one, many }) => ({
  tally: one(proposalTally, { fields: [proposal.id], references: [proposalTally.id] }),
  votes: many(vote),
  operation: one(timelockOperation, { fields: [proposal.timelockOperationId], references: [timelockOperation.id] }),
  execution: one(proposalExecution, { fields: [proposal.id], references: [proposalExecution.id] }),
}));

export const proposalExecutionRelations = relations(proposalExecution, ({ one, many }) => ({
  proposal: one(proposal, { fields: [proposalExecution.id], references: [proposal.id] }),
  /** The messages its transaction dispatched: the trace's messages */
  messages: many(message, { relationName: "execution" }),
  remoteCalls: many(remoteCall, { relationName: "execution" }),
}));

export const messageExecutionRelations = relations(message, ({ one }) => ({
  /** The proposal execution that dispatched it, if one did */
  execution: one(proposalExecution, { fields: [message.dispatchTxHash], references: [proposalExecution.txHash], relationName: "execution" }),
}));

export const remoteCallRelations = relations(remoteCall, ({ one }) => ({
  execution: one(proposalExecution, { fields: [remoteCall.txHash], references: [proposalExecution.txHash], relationName: "execution" }),
}));

export const voteRelations = relations(vote, ({ one }) => ({
  proposal: one(proposal, { fields: [vote.proposalId], references: [proposal.id] }),
}));
