import { Hono } from "hono";
import { and, asc, count, desc, eq, inArray, or } from "ponder";
import schema from "ponder:schema";
import { type Hex, numberToHex } from "viem";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { accountParam, enumParam, limitParam, param } from "../api/params";
import type { DomainApi } from "../domain";
import { presentProposal } from "./present";
import { derive, indexedClock, pastVotes, type ProposalRow } from "./queries";
import { PROPOSAL_STATES } from "./state";
import { traceOf } from "./trace";
import { VOTE_SUPPORT } from "./tally";

const { proposal, vote, delegate, delegation, votingPowerChange, timelockOperation, roleChange, interchainAccount } = schema;

/** A proposal id as the Governor returns it (uint256, decimal) or as 32-byte hex. */
const proposalIdParam = (value: unknown) =>
  param(
    "id",
    z.union([
      z.string().regex(/^0x[0-9a-fA-F]{64}$/).transform((v) => v.toLowerCase() as Hex),
      z.string().regex(/^\d{1,78}$/).transform((v) => numberToHex(BigInt(v), { size: 32 })),
    ]),
    "a proposal id (decimal uint256 or 32-byte 0x-hex)",
    value,
  );

const offsetCursor = (value: unknown) =>
  value === undefined ? 0 : param("cursor", z.coerce.number().int().min(0).max(1_000_000), "a cursor returned as nextCursor", value);

async function presentAll(rows: ProposalRow[]) {
  const clocks = new Map<number, Awaited<ReturnType<typeof indexedClock>>>();
  for (const id of new Set(rows.map((r) => r.chainId))) clocks.set(id, await indexedClock(id));
  return Promise.all(rows.map(async (p) => presentProposal(p, await derive(p, clocks.get(p.chainId)!))));
}

/** One proposal as `/governance/proposals/:id` serves it: with its votes and its trace. */
async function withVotes(p: ProposalRow) {
  const [served] = await presentAll([p]);
  const [votes, trace] = await Promise.all([db.select().from(vote).where(eq(vote.proposalId, p.id)).orderBy(asc(vote.blockNumber), asc(vote.id)), traceOf(p)]);
  const summary = Object.fromEntries(VOTE_SUPPORT.map((name, support) => [name.toLowerCase(), votes.filter((v) => v.support === support).length]));
  return {
    ...served!,
    votes: {
      summary,
      items: votes.map((v) => ({ ...v, support: VOTE_SUPPORT[v.support], weight: v.weight.toString(), blockNumber: v.blockNumber.toString() })),
    },
    trace,
  };
}

const proposals = new Hono()
  .get("/:id", async (c) => {
    const id = proposalIdParam(c.req.param("id"));
    const [p] = await db.select().from(proposal).where(eq(proposal.id, id));
    if (!p) throw notFound(`no proposal with id ${id}`);
    return c.json(await withVotes(p));
  })
  .get("/", async (c) => {
    const q = c.req.query();
    const limit = limitParam(q.limit);
    const offset = offsetCursor(q.cursor);
    const state = q.state === undefined ? undefined : enumParam("state", PROPOSAL_STATES, q.state);
    const where = q.proposer === undefined ? undefined : eq(proposal.proposer, accountParam("proposer", q.proposer));
    // The state is derived, not stored: every candidate is derived, then filtered (proposals are few).
    const rows = await db.select().from(proposal).where(where).orderBy(desc(proposal.createdTimestamp), desc(proposal.id));
    const served = (await presentAll(rows)).filter((p) => state === undefined || p.state === state);
    const items = served.slice(offset, offset + limit);
    return c.json({ items, nextCursor: served.length > offset + limit ? String(offset + limit) : null });
  });

const blockParam = (value: unknown) => param("at", z.coerce.bigint().min(0n), "a block number", value);

const delegates = new Hono().get("/", async (c) => {
  const q = c.req.query();
  const limit = limitParam(q.limit);
  if (q.orderBy !== undefined) enumParam("orderBy", ["votingPower"] as const, q.orderBy);
  const rows = await db.select().from(delegate);
  if (q.at !== undefined) {
    // getPastVotes at a block: the history, per token.
    const at = blockParam(q.at);
    const past = new Map<string, Map<Hex, bigint>>();
    for (const token of new Set(rows.map((r) => r.token))) past.set(token, await pastVotes(token, at));
    for (const r of rows) r.votingPower = past.get(r.token)!.get(r.account) ?? 0n;
  }
  const sorted = rows.sort((a, b) => (b.votingPower > a.votingPower ? 1 : b.votingPower < a.votingPower ? -1 : a.account.localeCompare(b.account)));
  return c.json({
    ...(q.at !== undefined && { at: q.at }),
    items: sorted.slice(0, limit).map((d) => ({ ...d, votingPower: d.votingPower.toString() })),
  });
});

const accounts = new Hono().get("/:address", async (c) => {
  const address = accountParam("address", c.req.param("address"));
  const [asDelegate, history, delegatesTo, votes] = await Promise.all([
    db.select().from(delegate).where(eq(delegate.account, address)),
    db.select().from(votingPowerChange).where(eq(votingPowerChange.account, address)).orderBy(asc(votingPowerChange.blockNumber), asc(votingPowerChange.logIndex)),
    db.select().from(delegation).where(eq(delegation.delegator, address)),
    db.select().from(vote).where(eq(vote.voter, address)).orderBy(asc(vote.blockNumber)),
  ]);
  const s = (v: bigint) => v.toString();
  return c.json({
    address,
    delegate: asDelegate.map((d) => ({ ...d, votingPower: s(d.votingPower) })),
    delegatesTo: delegatesTo.map((d) => ({ token: d.token, delegate: d.delegate, txHash: d.txHash, blockNumber: s(d.blockNumber) })),
    votingPowerHistory: history.map((h) => ({ ...h, previousVotes: s(h.previousVotes), newVotes: s(h.newVotes), blockNumber: s(h.blockNumber) })),
    votes: votes.map((v) => ({ ...v, support: VOTE_SUPPORT[v.support], weight: s(v.weight), blockNumber: s(v.blockNumber) })),
  });
});

const inTx = (hash: Hex) =>
  or(eq(proposal.createdTxHash, hash), eq(proposal.queuedTxHash, hash), eq(proposal.executedTxHash, hash), eq(proposal.canceledTxHash, hash));

const n = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

/** Proposals, votes, delegates and the timelock; what governance says of an id, a transaction, an account. */
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
      async present(ids) {
        const rows = await db.select().from(proposal).where(inArray(proposal.id, ids as Hex[]));
        return new Map(await Promise.all(rows.map(async (p) => [p.id, await withVotes(p)] as const)));
      },
      statuses: PROPOSAL_STATES,
      // The stream's `status` is the proposal's state as of the change; `sender` its proposer.
      fields: (p: Awaited<ReturnType<typeof withVotes>>) => ({ id: p.id, status: p.state, sender: p.proposer }),
    },
  ],
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
      votes: votes.map((v) => ({ ...v, support: VOTE_SUPPORT[v.support], weight: v.weight.toString(), blockNumber: v.blockNumber.toString() })),
      timelockOperations: ops.map((o) => ({ ...o, delay: o.delay.toString(), readyAt: o.readyAt.toString() })),
    };
  },
};
