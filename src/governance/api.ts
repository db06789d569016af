import { Hono } from "hono";
import { and, asc, count, desc, eq, inArray, or } from "ponder";
import schema from "ponder:schema";
import { type Hex, numberToHex } from "viem";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { account, field, limit, oneOf, wholeNumber } from "../api/params";
import { route } from "../api/route";
import { accountOut, address, bytes32, decimalString, int, unixTime } from "../api/shapes";
import type { DomainApi } from "../domain";
import { presentProposal, presentVote, proposalSchema, voteSchema } from "./present";
import { derive, indexedClock, pastVotes, type ProposalRow } from "./queries";
import { PROPOSAL_STATES } from "./state";
import { traceOf, traceSchema } from "./trace";
import { VOTE_SUPPORT } from "./tally";

const { proposal, vote, delegate, delegation, votingPowerChange, timelockOperation, roleChange, interchainAccount } = schema;

/** A proposal id as the Governor returns it (uint256, decimal) or as 32-byte hex. */
const proposalId = field(
  z.union([
    z.string().regex(/^0x[0-9a-fA-F]{64}$/).transform((v) => v.toLowerCase() as Hex),
    z.string().regex(/^\d{1,78}$/).transform((v) => numberToHex(BigInt(v), { size: 32 })),
  ]),
  "a proposal id (decimal uint256 or 32-byte 0x-hex)",
);

/** Proposals are paged by offset (their state is derived, so the list is filtered after it is read). */
const offsetCursor = wholeNumber(0, 1_000_000, "a cursor returned as nextCursor");

async function presentAll(rows: ProposalRow[]) {
  const clocks = new Map<number, Awaited<ReturnType<typeof indexedClock>>>();
  for (const id of new Set(rows.map((r) => r.chainId))) clocks.set(id, await indexedClock(id));
  return Promise.all(rows.map(async (p) => presentProposal(p, await derive(p, clocks.get(p.chainId)!))));
}

const proposalWithVotes = proposalSchema.extend({
  votes: z.object({ summary: z.object({ against: int, for: int, abstain: int }), items: z.array(voteSchema) }),
  trace: traceSchema,
});

/** One proposal as `/governance/proposals/:id` serves it: with its votes and its trace. */
async function withVotes(p: ProposalRow): Promise<z.input<typeof proposalWithVotes>> {
  const [served] = await presentAll([p]);
  const [votes, trace] = await Promise.all([db.select().from(vote).where(eq(vote.proposalId, p.id)).orderBy(asc(vote.blockNumber), asc(vote.id)), traceOf(p)]);
  const count = (support: number) => votes.filter((v) => v.support === support).length;
  return { ...served!, votes: { summary: { against: count(0), for: count(1), abstain: count(2) }, items: votes.map(presentVote) }, trace };
}

const proposals = new Hono()
  .get(
    "/:id",
    route(
      {
        summary: "One proposal, with its votes",
        params: z.object({ id: proposalId }),
        response: proposalWithVotes,
        errors: [404],
      },
      async ({ params: { id } }) => {
        const [p] = await db.select().from(proposal).where(eq(proposal.id, id));
        if (!p) throw notFound(`no proposal with id ${id}`);
        return withVotes(p);
      },
    ),
  )
  .get(
    "/",
    route(
      {
        summary: "Proposals, newest first",
        query: z.object({ state: oneOf(PROPOSAL_STATES).optional(), proposer: account.optional(), limit: limit(), cursor: offsetCursor.optional() }),
        response: z.object({ items: z.array(proposalSchema), nextCursor: z.string().nullable() }),
      },
      async ({ query: { state, proposer, limit, cursor: offset = 0 } }) => {
        const where = proposer === undefined ? undefined : eq(proposal.proposer, proposer);
        // The state is derived, not stored: every candidate is derived, then filtered (proposals are few).
        const rows = await db.select().from(proposal).where(where).orderBy(desc(proposal.createdTimestamp), desc(proposal.id));
        const served = (await presentAll(rows)).filter((p) => state === undefined || p.state === state);
        const items = served.slice(offset, offset + limit);
        return { items, nextCursor: served.length > offset + limit ? String(offset + limit) : null };
      },
    ),
  );

const delegateSchema = z.object({
  id: z.string(),
  chainId: int,
  token: address,
  account: accountOut,
  votingPower: decimalString,
  delegators: int,
  votes: int,
});

const delegates = new Hono().get(
  "/",
  route(
    {
      summary: "Delegates by voting power, now (getVotes) or at a block (getPastVotes)",
      query: z.object({
        orderBy: oneOf(["votingPower"] as const).optional(),
        at: field(wholeNumber(0, Number.MAX_SAFE_INTEGER, "a block number").transform(BigInt), "a block number").optional(),
        limit: limit(),
      }),
      response: z.object({ at: decimalString.optional(), items: z.array(delegateSchema) }),
    },
    async ({ query: { at, limit } }) => {
      const rows = await db.select().from(delegate);
      if (at !== undefined) {
        // getPastVotes at a block: the history, per token.
        const past = new Map<string, Map<Hex, bigint>>();
        for (const token of new Set(rows.map((r) => r.token))) past.set(token, await pastVotes(token, at));
        for (const r of rows) r.votingPower = past.get(r.token)!.get(r.account) ?? 0n;
      }
      const sorted = rows.sort((a, b) => (b.votingPower > a.votingPower ? 1 : b.votingPower < a.votingPower ? -1 : a.account.localeCompare(b.account)));
      return {
        ...(at !== undefined && { at: at.toString() }),
        items: sorted.slice(0, limit).map((d) => ({ ...d, votingPower: d.votingPower.toString() })),
      };
    },
  ),
);

const accountSchema = z.object({
  address: accountOut,
  delegate: z.array(delegateSchema).describe("its delegate rows, one per token"),
  delegatesTo: z.array(z.object({ token: address, delegate: address, txHash: bytes32, blockNumber: decimalString })),
  delegators: z.array(z.object({ token: address, delegator: address, txHash: bytes32, blockNumber: decimalString })).describe("the accounts that delegate to it"),
  votingPowerHistory: z.array(
    z.object({
      id: z.string(),
      chainId: int,
      token: address,
      account: address,
      previousVotes: decimalString,
      newVotes: decimalString,
      blockNumber: decimalString,
      logIndex: int,
      timestamp: unixTime,
      txHash: bytes32,
    }),
  ),
  votes: z.array(voteSchema),
});

const accounts = new Hono().get(
  "/:address",
  route(
    { summary: "An account's delegation, voting power history and votes", params: z.object({ address: account }), response: accountSchema },
    async ({ params: { address } }) => {
      const [asDelegate, history, delegatesTo, delegators, votes] = await Promise.all([
        db.select().from(delegate).where(eq(delegate.account, address)),
        db.select().from(votingPowerChange).where(eq(votingPowerChange.account, address)).orderBy(asc(votingPowerChange.blockNumber), asc(votingPowerChange.logIndex)),
        db.select().from(delegation).where(eq(delegation.delegator, address)),
        db.select().from(delegation).where(eq(delegation.delegate, address)).orderBy(asc(delegation.blockNumber), asc(delegation.delegator)),
        db.select().from(vote).where(eq(vote.voter, address)).orderBy(asc(vote.blockNumber)),
      ]);
      const s = (v: bigint) => v.toString();
      return {
        address,
        delegate: asDelegate.map((d) => ({ ...d, votingPower: s(d.votingPower) })),
        delegatesTo: delegatesTo.map((d) => ({ token: d.token, delegate: d.delegate, txHash: d.txHash, blockNumber: s(d.blockNumber) })),
        delegators: delegators.map((d) => ({ token: d.token, delegator: d.delegator, txHash: d.txHash, blockNumber: s(d.blockNumber) })),
        votingPowerHistory: history.map((h) => ({ ...h, previousVotes: s(h.previousVotes), newVotes: s(h.newVotes), blockNumber: s(h.blockNumber) })),
        votes: votes.map(presentVote),
      };
    },
  ),
);

const inTx = (hash: Hex) =>
  or(eq(proposal.createdTxHash, hash), eq(proposal.queuedTxHash, hash), eq(proposal.executedTxHash, hash), eq(proposal.canceledTxHash, hash));

const n = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

/** Proposals, votes, delegates and the timelock; what governance says of an id, a transaction, an account. */
const timelockOperationSchema = z.object({
  id: bytes32,
  chainId: int,
  timelock: address,
  calls: int,
  predecessor: bytes32,
  salt: bytes32.nullable(),
  delay: decimalString,
  readyAt: decimalString,
  scheduledTxHash: bytes32,
  scheduledTimestamp: unixTime,
  executedTxHash: bytes32.nullable(),
  executedTimestamp: unixTime.nullable(),
  cancelledTxHash: bytes32.nullable(),
  cancelledTimestamp: unixTime.nullable(),
  proposalId: bytes32.nullable(),
});

export const api: DomainApi = {
  routes: { "/governance/proposals": proposals, "/governance/delegates": delegates, "/governance/accounts": accounts },
  stream: [
    {
      kind: "governance",
      // A proposal: its row, its tally, its votes and its timelock operation.
      tables: [
        { table: "proposal", key: "id" },
        { table: "proposal_tally", key: "id" },
        { table: "vote", key: "proposal_id" },
        { table: "timelock_operation", key: "proposal_id" },
      ],
      schema: proposalWithVotes,
      async present(ids) {
        const rows = await db.select().from(proposal).where(inArray(proposal.id, ids as Hex[]));
        return new Map(await Promise.all(rows.map(async (p) => [p.id, await withVotes(p)] as const)));
      },
      statuses: PROPOSAL_STATES,
      // The stream's `status` is the proposal's state as of the change; `sender` its proposer.
      fields: (p: z.input<typeof proposalWithVotes>) => ({ id: p.id, status: p.state, sender: p.proposer }),
    },
  ],
  shapes: {
    tx: { proposals: z.array(proposalSchema), votes: z.array(voteSchema), timelockOperations: z.array(timelockOperationSchema) },
    matches: [
      z.object({ type: z.literal("proposal"), id: bytes32, proposalId: decimalString, title: z.string(), href: z.string() }),
      z.object({ type: z.literal("timelockOperation"), id: bytes32, proposalId: bytes32.nullable(), href: z.string().nullable() }),
    ],
    account: { governance: z.object({ proposed: int, voted: int }) },
    chain: { governance: z.object({ proposals: int, delegates: int, interchainAccounts: int }).describe("governance rows on this chain") },
  },
  async searchId(id) {
    const rows = await db.select({ id: proposal.id, description: proposal.description }).from(proposal).where(eq(proposal.id, id));
    const ops = await db.select({ id: timelockOperation.id, proposalId: timelockOperation.proposalId }).from(timelockOperation).where(eq(timelockOperation.id, id));
    return [
      ...rows.map((p) => ({ type: "proposal", id: p.id, proposalId: BigInt(p.id).toString(), title: p.description.split("\n")[0], href: `/api/governance/proposals/${p.id}` })),
      ...ops.map((o) => ({ type: "timelockOperation", ...o, href: o.proposalId ? `/api/governance/proposals/${o.proposalId}` : null })),
    ];
  },
  async searchAccount(address) {
    const [proposed, voted] = await Promise.all([
      n(db.select({ n: count() }).from(proposal).where(eq(proposal.proposer, address))),
      n(db.select({ n: count() }).from(vote).where(eq(vote.voter, address))),
    ]);
    return {
      total: proposed + voted,
      facts: { governance: { proposed, voted } },
      href: { governance: `/api/governance/accounts/${address}`, proposals: `/api/governance/proposals?proposer=${address}` },
    };
  },
  async countTx(hash) {
    const [proposals, votes, roles] = await Promise.all([
      n(db.select({ n: count() }).from(proposal).where(inTx(hash))),
      n(db.select({ n: count() }).from(vote).where(eq(vote.txHash, hash))),
      n(db.select({ n: count() }).from(roleChange).where(eq(roleChange.txHash, hash))),
    ]);
    // Only what the transaction did here: a transaction with no governance rows adds no keys.
    return Object.fromEntries(Object.entries({ proposals, votes, roleChanges: roles }).filter(([, k]) => k > 0));
  },
  async chainFacts() {
    const perChain = <C extends typeof proposal.chainId | typeof delegate.chainId | typeof interchainAccount.chainId>(column: C) =>
      db.select({ chainId: column, n: count() }).from(column.table).groupBy(column);
    const [proposals, delegates, accounts] = await Promise.all([perChain(proposal.chainId), perChain(delegate.chainId), perChain(interchainAccount.chainId)]);
    const of = (rows: { chainId: number; n: number }[], chainId: number) => rows.find((r) => r.chainId === chainId)?.n ?? 0;
    return (chainId) => ({ governance: { proposals: of(proposals, chainId), delegates: of(delegates, chainId), interchainAccounts: of(accounts, chainId) } });
  },
  async tx(hash) {
    const [rows, votes, ops] = await Promise.all([
      db.select().from(proposal).where(inTx(hash)),
      db.select().from(vote).where(eq(vote.txHash, hash)),
      db
        .select()
        .from(timelockOperation)
        .where(and(or(eq(timelockOperation.scheduledTxHash, hash), eq(timelockOperation.executedTxHash, hash), eq(timelockOperation.cancelledTxHash, hash)))),
    ]);
    return {
      proposals: await presentAll(rows),
      votes: votes.map(presentVote),
      timelockOperations: ops.map((o) => ({ ...o, delay: o.delay.toString(), readyAt: o.readyAt.toString() })),
    };
  },
};
