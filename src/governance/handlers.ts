import { type Context, ponder } from "ponder:registry";
import schema from "ponder:schema";
import { type Hex, numberToHex, zeroAddress } from "viem";
import { indexed } from "../network/indexed";
import { addTo, readScratch, writeScratch } from "../store";
import { addVote, emptyTally } from "./tally";

const {
  proposal,
  proposalExecution,
  proposalTally,
  vote,
  delegate,
  delegation,
  votingPowerChange,
  tokenSupply,
  totalSupplyChange,
  timelockOperation,
  scheduling,
  roleChange,
  remoteCall,
  interchainAccount,
  quorumNumeratorChange,
} = schema;

/** uint256 proposal ids as the 32-byte hex the API and search take. */
export const proposalKey = (id: bigint): Hex => numberToHex(id, { size: 32 });
const logKey = (chainId: number, event: { transaction: { hash: Hex }; log: { logIndex: number } }) =>
  `${chainId}:${event.transaction.hash}:${event.log.logIndex}`;
const accountKey = (chainId: number, token: string, account: string) => `${chainId}:${token.toLowerCase()}:${account.toLowerCase()}`;
const lower = (a: string) => a.toLowerCase() as Hex;

ponder.on("governance/Governor:ProposalCreated", async ({ event, context }) => {
  const a = event.args;
  const id = proposalKey(a.proposalId);
  await context.db.insert(proposal).values({
    id,
    chainId: context.chain.id,
    governor: lower(event.log.address),
    proposer: lower(a.proposer),
    targets: a.targets.map(lower),
    values: [...a.values],
    signatures: [...a.signatures],
    calldatas: [...a.calldatas],
    description: a.description,
    voteStart: a.voteStart,
    voteEnd: a.voteEnd,
    createdTxHash: event.transaction.hash,
    createdBlock: event.block.number,
    createdTimestamp: Number(event.block.timestamp),
  });
  await addTo(context.db, proposalTally, { id }, { ...emptyTally(), voters: 0 });
});

type VoteArgs = { voter: Hex; proposalId: bigint; support: number; weight: bigint; reason: string; params?: Hex };

async function castVote(context: Context, event: {
  args: VoteArgs;
  transaction: { hash: Hex };
  log: { logIndex: number; address: Hex };
  block: { number: bigint; timestamp: bigint };
}) {
  const a = event.args;
  const id = proposalKey(a.proposalId);
  await context.db.insert(vote).values({
    id: logKey(context.chain.id, event),
    proposalId: id,
    voter: lower(a.voter),
    support: a.support,
    weight: a.weight,
    reason: a.reason,
    params: a.params ?? null,
    txHash: event.transaction.hash,
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
  });
  await addTo(context.db, proposalTally, { id }, { ...addVote(emptyTally(), a.support, a.weight), voters: 1 });
  const p = await context.db.find(proposal, { id });
  if (!p) return;
  const token = tokenOfGovernor(p.governor);
  if (token) {
    const key = { id: accountKey(context.chain.id, token, a.voter), chainId: context.chain.id, token, account: lower(a.voter) };
    await addTo(context.db, delegate, key, { votes: 1 });
  }
}

const tokenOfGovernor = (governor: string): Hex | undefined =>
  indexed.manifest.governors.find((g) => g.governor === governor.toLowerCase())?.token;

ponder.on("governance/Governor:VoteCast", ({ event, context }) => castVote(context, event));
ponder.on("governance/Governor:VoteCastWithParams", ({ event, context }) => castVote(context, event));

ponder.on("governance/Governor:ProposalQueued", async ({ event, context }) => {
  const id = proposalKey(event.args.proposalId);
  // GovernorTimelockControl schedules the batch on the timelock just before it logs the queue.
  const scheduled = await readScratch<{ timelockOperationId: Hex }>(context.db, scheduling, context.chain.id, event.transaction.hash);
  await context.db.update(proposal, { id }).set({
    etaSeconds: event.args.etaSeconds,
    queuedTxHash: event.transaction.hash,
    queuedTimestamp: Number(event.block.timestamp),
    timelockOperationId: scheduled?.timelockOperationId ?? null,
  });
  if (scheduled) {
    const op = await context.db.find(timelockOperation, { id: scheduled.timelockOperationId });
    if (op) await context.db.update(timelockOperation, { id: scheduled.timelockOperationId }).set({ proposalId: id });
  }
});

ponder.on("governance/Governor:ProposalExecuted", async ({ event, context }) => {
  const id = proposalKey(event.args.proposalId);
  const execution = { txHash: event.transaction.hash, timestamp: Number(event.block.timestamp) };
  await context.db.update(proposal, { id }).set({ executedTxHash: execution.txHash, executedTimestamp: execution.timestamp });
  await context.db.insert(proposalExecution).values({ id, chainId: context.chain.id, ...execution });
});

ponder.on("governance/Governor:ProposalCanceled", async ({ event, context }) => {
  await context.db
    .update(proposal, { id: proposalKey(event.args.proposalId) })
    .set({ canceledTxHash: event.transaction.hash, canceledTimestamp: Number(event.block.timestamp) });
});

ponder.on("governance/Governor:QuorumNumeratorUpdated", async ({ event, context }) => {
  await context.db.insert(quorumNumeratorChange).values({
    id: logKey(context.chain.id, event),
    chainId: context.chain.id,
    governor: lower(event.log.address),
    oldNumerator: event.args.oldQuorumNumerator,
    newNumerator: event.args.newQuorumNumerator,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    txHash: event.transaction.hash,
  });
});

ponder.on("governance/VotesToken:DelegateVotesChanged", async ({ event, context }) => {
  const { delegate: account, previousVotes, newVotes } = event.args;
  const token = lower(event.log.address);
  await context.db.insert(votingPowerChange).values({
    id: logKey(context.chain.id, event),
    chainId: context.chain.id,
    token,
    account: lower(account),
    previousVotes,
    newVotes,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    timestamp: Number(event.block.timestamp),
    txHash: event.transaction.hash,
  });
  await addTo(context.db, delegate, { id: accountKey(context.chain.id, token, account), chainId: context.chain.id, token, account: lower(account) }, {
    votingPower: newVotes - previousVotes,
  });
});

ponder.on("governance/VotesToken:DelegateChanged", async ({ event, context }) => {
  const { delegator, fromDelegate, toDelegate } = event.args;
  const token = lower(event.log.address);
  const key = (account: Hex) => ({ id: accountKey(context.chain.id, token, account), chainId: context.chain.id, token, account: lower(account) });
  if (fromDelegate !== zeroAddress) await addTo(context.db, delegate, key(fromDelegate), { delegators: -1 });
  if (toDelegate !== zeroAddress) await addTo(context.db, delegate, key(toDelegate), { delegators: 1 });
  const values = { delegate: lower(toDelegate), txHash: event.transaction.hash, blockNumber: event.block.number };
  await context.db
    .insert(delegation)
    .values({ id: accountKey(context.chain.id, token, delegator), chainId: context.chain.id, token, delegator: lower(delegator), ...values })
    .onConflictDoUpdate(values);
});

/** Mints and burns move the total supply, whose history quorum(t) reads. */
ponder.on("governance/VotesToken:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const delta = (from === zeroAddress ? value : 0n) - (to === zeroAddress ? value : 0n);
  if (delta === 0n) return;
  const token = lower(event.log.address);
  const id = `${context.chain.id}:${token}`;
  await addTo(context.db, tokenSupply, { id }, { totalSupply: delta });
  const now = await context.db.find(tokenSupply, { id });
  await context.db.insert(totalSupplyChange).values({
    id: logKey(context.chain.id, event),
    chainId: context.chain.id,
    token,
    totalSupply: now!.totalSupply,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
  });
});

/** One CallScheduled per call of a batch, all with the operation's id. */
ponder.on("governance/Timelock:CallScheduled", async ({ event, context }) => {
  const { id, index: callIndex, predecessor, delay } = event.args;
  const values = {
    chainId: context.chain.id,
    timelock: lower(event.log.address),
    calls: Number(callIndex) + 1,
    predecessor,
    delay,
    readyAt: event.block.timestamp + delay,
    scheduledTxHash: event.transaction.hash,
    scheduledTimestamp: Number(event.block.timestamp),
    // Rescheduled after a cancel: a fresh operation.
    executedTxHash: null,
    executedTimestamp: null,
    cancelledTxHash: null,
    cancelledTimestamp: null,
  };
  await context.db.insert(timelockOperation).values({ id, ...values }).onConflictDoUpdate(values);
  await writeScratch(context.db, scheduling, context.chain.id, event.transaction.hash, { timelockOperationId: id });
});

ponder.on("governance/Timelock:CallSalt", async ({ event, context }) => {
  await context.db.update(timelockOperation, { id: event.args.id }).set({ salt: event.args.salt });
});

ponder.on("governance/Timelock:CallExecuted", async ({ event, context }) => {
  await context.db
    .update(timelockOperation, { id: event.args.id })
    .set({ executedTxHash: event.transaction.hash, executedTimestamp: Number(event.block.timestamp) });
});

ponder.on("governance/Timelock:Cancelled", async ({ event, context }) => {
  await context.db
    .update(timelockOperation, { id: event.args.id })
    .set({ cancelledTxHash: event.transaction.hash, cancelledTimestamp: Number(event.block.timestamp) });
});

for (const kind of ["granted", "revoked"] as const) {
  ponder.on(kind === "granted" ? "governance/Timelock:RoleGranted" : "governance/Timelock:RoleRevoked", async ({ event, context }) => {
    await context.db.insert(roleChange).values({
      id: logKey(context.chain.id, event),
      chainId: context.chain.id,
      contract: lower(event.log.address),
      kind,
      role: event.args.role,
      account: lower(event.args.account),
      sender: lower(event.args.sender),
      txHash: event.transaction.hash,
      blockNumber: event.block.number,
      timestamp: Number(event.block.timestamp),
    });
  });
}

type RemoteCallArgs = { destination: number; owner: Hex; router: Hex; ism: Hex; salt?: Hex };
type AccountArgs = { account: Hex; origin: number; router?: Hex; owner: Hex; ism: Hex; salt?: Hex };
type RouterLog<A> = { args: A; log: { address: Hex; logIndex: number }; transaction: { hash: Hex }; block: { number: bigint; timestamp: bigint } };

async function remoteCallDispatched(context: Context, event: RouterLog<RemoteCallArgs>) {
  const a = event.args;
  await context.db.insert(remoteCall).values({
    id: logKey(context.chain.id, event),
    chainId: context.chain.id,
    router: lower(event.log.address),
    destinationDomain: a.destination,
    owner: lower(a.owner),
    remoteRouter: a.router,
    ism: a.ism,
    salt: a.salt ?? null,
    txHash: event.transaction.hash,
    logIndex: event.log.logIndex,
  });
}

async function accountCreated(context: Context, event: RouterLog<AccountArgs>) {
  const a = event.args;
  await context.db.insert(interchainAccount).values({
    id: `${context.chain.id}:${lower(a.account)}`,
    chainId: context.chain.id,
    account: lower(a.account),
    router: lower(event.log.address),
    originDomain: a.origin,
    owner: a.owner,
    ism: lower(a.ism),
    salt: a.salt ?? null,
    txHash: event.transaction.hash,
    blockNumber: event.block.number,
    timestamp: Number(event.block.timestamp),
  });
}

ponder.on("governance/InterchainAccountRouter:RemoteCallDispatched", ({ event, context }) => remoteCallDispatched(context, event));
ponder.on("governance/LegacyInterchainAccountRouter:RemoteCallDispatched", ({ event, context }) => remoteCallDispatched(context, event));
ponder.on("governance/InterchainAccountRouter:InterchainAccountCreated", ({ event, context }) => accountCreated(context, event));
ponder.on("governance/LegacyInterchainAccountRouter:InterchainAccountCreated", ({ event, context }) => accountCreated(context, event));
