import { Hono } from "hono";
import { and, count, eq, inArray } from "ponder";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { db } from "../api/db";
import { keyset, page } from "../api/page";
import { accountParam, cursorParam, enumParam, limitParam } from "../api/params";
import type { DomainApi } from "../domain";
import { chainRef, type ChainRow, loadChains, resolveChain } from "../network/chains";
import { ADMIN_EVENTS } from "./change";

const { adminChange, adminSetting, proposal, message } = schema;

type ChangeRow = typeof adminChange.$inferSelect;

/**
 * The governance proposal behind each change, joined now: a proposal executed in the change's own
 * transaction (the timelock ran the call), or one executed in the transaction that dispatched the
 * message whose delivery made the change (an interchain account ran it).
 */
async function proposalsBehind(rows: ChangeRow[]) {
  const hashes = [...new Set(rows.map((r) => r.txHash))];
  if (hashes.length === 0) return () => null;
  const delivered = await db
    .select({ id: message.id, deliveryTxHash: message.deliveryTxHash, destinationChainId: message.destinationChainId, dispatchTxHash: message.dispatchTxHash, originChainId: message.originChainId })
    .from(message)
    .where(inArray(message.deliveryTxHash, hashes));
  const executions = [...new Set([...hashes, ...delivered.flatMap((m) => (m.dispatchTxHash ? [m.dispatchTxHash] : []))])];
  const executed = await db
    .select({ id: proposal.id, chainId: proposal.chainId, executedTxHash: proposal.executedTxHash })
    .from(proposal)
    .where(inArray(proposal.executedTxHash, executions));
  const executedIn = (chainId: number | null, hash: Hex | null) => executed.find((p) => p.chainId === chainId && p.executedTxHash === hash);
  const ref = (p: { id: Hex }, via: "execution" | "message", messageId: Hex | null = null) => ({
    id: p.id,
    proposalId: BigInt(p.id).toString(),
    via,
    messageId,
    href: `/api/governance/proposals/${p.id}`,
  });
  return (row: ChangeRow) => {
    const local = executedIn(row.chainId, row.txHash);
    if (local) return ref(local, "execution");
    const m = delivered.find((d) => d.deliveryTxHash === row.txHash && d.destinationChainId === row.chainId);
    const remote = m && executedIn(m.originChainId, m.dispatchTxHash);
    return remote ? ref(remote, "message", m.id) : null;
  };
}

/** Changes as the API serves them, each with the proposal behind it. */
export async function presentChanges(rows: ChangeRow[], chains?: ChainRow[]) {
  const [behind, known] = await Promise.all([proposalsBehind(rows), chains ?? loadChains()]);
  return rows.map((row) => {
    const { chainId, blockNumber, ...r } = row;
    return { ...r, chain: chainRef(chainId, known), blockNumber: blockNumber.toString(), proposal: behind(row) };
  });
}

/** Newest first, by chain, contract and kind. */
const changes = new Hono()
  .get("/contracts", async (c) => {
    const q = c.req.query();
    const chains = await loadChains();
    const where = [];
    if (q.chain !== undefined) where.push(eq(adminSetting.chainId, resolveChain("chain", q.chain, chains).chainId));
    if (q.contract !== undefined) where.push(eq(adminSetting.contract, accountParam("contract", q.contract)));
    const rows = await db.select().from(adminSetting).where(and(...where)).orderBy(adminSetting.chainId, adminSetting.contract, adminSetting.id);
    const byContract = new Map<string, { chain: ReturnType<typeof chainRef>; contract: Hex; settings: Record<string, unknown> }>();
    for (const r of rows) {
      const key = `${r.chainId}:${r.contract}`;
      const entry = byContract.get(key) ?? { chain: chainRef(r.chainId, chains), contract: r.contract, settings: {} };
      byContract.set(key, entry);
      if (r.key === null) entry.settings[r.field] = r.value;
      else entry.settings[r.field] = { ...(entry.settings[r.field] as object), [r.key]: r.value };
    }
    return c.json({ items: [...byContract.values()] });
  })
  .get("/", async (c) => {
    const q = c.req.query();
    const chains = await loadChains();
    const limit = limitParam(q.limit);
    const { where: after, orderBy } = keyset(adminChange.timestamp, adminChange.id, cursorParam(q.cursor));
    const where = [after];
    if (q.chain !== undefined) where.push(eq(adminChange.chainId, resolveChain("chain", q.chain, chains).chainId));
    if (q.contract !== undefined) where.push(eq(adminChange.contract, accountParam("contract", q.contract)));
    if (q.kind !== undefined) where.push(eq(adminChange.kind, enumParam("kind", ADMIN_EVENTS, q.kind)));
    const rows = await db.select().from(adminChange).where(and(...where)).orderBy(...orderBy).limit(limit + 1);
    const { items, nextCursor } = page(rows, limit, (r) => ({ timestamp: r.timestamp, id: r.id as `${number}:0x${string}` }));
    return c.json({ items: await presentChanges(items, chains), nextCursor });
  });

const n = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

/** The audit trail; what it says of a contract (its changes), an account (the changes it sent) and a transaction. */
export const api: DomainApi = {
  routes: { "/audit": changes },
  async searchAccount(address) {
    const [changed, sent] = await Promise.all([
      n(db.select({ n: count() }).from(adminChange).where(eq(adminChange.contract, address))),
      n(db.select({ n: count() }).from(adminChange).where(eq(adminChange.from, address))),
    ]);
    return {
      total: changed + sent,
      facts: { audit: { changes: changed, sent } },
      href: {
        ...(changed > 0 && { audit: `/api/audit?contract=${address}`, settings: `/api/audit/contracts?contract=${address}` }),
      },
    };
  },
  async countTx(hash) {
    const adminChanges = await n(db.select({ n: count() }).from(adminChange).where(eq(adminChange.txHash, hash)));
    return adminChanges > 0 ? { adminChanges } : ({} as Record<string, number>);
  },
  async tx(hash) {
    const rows = await db.select().from(adminChange).where(eq(adminChange.txHash, hash)).orderBy(adminChange.chainId, adminChange.logIndex);
    return { adminChanges: await presentChanges(rows) };
  },
  async chainFacts() {
    const rows = await db.select({ chainId: adminChange.chainId, n: count() }).from(adminChange).groupBy(adminChange.chainId);
    return (chainId) => ({ adminChanges: rows.find((r) => r.chainId === chainId)?.n ?? 0 });
  },
};

/** The changes the given transactions made, in chain and log order (a proposal's trace reads them). */
export const changesIn = (hashes: Hex[]) =>
  hashes.length === 0 ? Promise.resolve([]) : db.select().from(adminChange).where(inArray(adminChange.txHash, hashes)).orderBy(adminChange.chainId, adminChange.id);
