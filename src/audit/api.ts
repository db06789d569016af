import { Hono } from "hono";
import { and, count, eq } from "ponder";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { z } from "zod";
import { db } from "../api/db";
import { keyset, page } from "../api/page";
import { account, chain, type Cursor, cursor, limit, oneOf } from "../api/params";
import { route } from "../api/route";
import { address, chainRef as chainRefSchema, int, itemsOf, pageOf } from "../api/shapes";
import type { DomainApi } from "../domain";
import { chainRef, loadChains } from "../network/chains";
import { ADMIN_EVENTS, SETTINGS } from "./change";
import { changeSchema, presentChanges } from "./present";

const { adminChange, adminSetting } = schema;

const settingValue = z.string().nullable();

/** Each audited contract's settings as they stand (its last change of each). */
const contractSettingsSchema = z.object({
  chain: chainRefSchema,
  contract: address,
  settings: z
    .partialRecord(z.enum(SETTINGS), z.union([settingValue, z.record(z.string(), settingValue)]))
    .describe("by setting; a setting under keys (roleAdmin by role, config by update type) is an object of them"),
});

/** Newest first, by chain, contract and kind. */
const changes = new Hono()
  .get(
    "/contracts",
    route(
      {
        summary: "Each audited contract's settings as they stand",
        query: z.object({ chain: chain.optional(), contract: account.optional() }),
        response: itemsOf(contractSettingsSchema),
      },
      async ({ query: q }) => {
        const chains = await loadChains();
        const where = [];
        if (q.chain !== undefined) where.push(eq(adminSetting.chainId, q.chain.chainId));
        if (q.contract !== undefined) where.push(eq(adminSetting.contract, q.contract));
        const rows = await db.select().from(adminSetting).where(and(...where)).orderBy(adminSetting.chainId, adminSetting.contract, adminSetting.id);
        const byContract = new Map<string, { chain: ReturnType<typeof chainRef>; contract: Hex; settings: Record<string, unknown> }>();
        for (const r of rows) {
          const key = `${r.chainId}:${r.contract}`;
          const entry = byContract.get(key) ?? { chain: chainRef(r.chainId, chains), contract: r.contract, settings: {} };
          byContract.set(key, entry);
          if (r.key === null) entry.settings[r.field] = r.value;
          else entry.settings[r.field] = { ...(entry.settings[r.field] as object), [r.key]: r.value };
        }
        return { items: [...byContract.values()] as z.input<typeof contractSettingsSchema>[] };
      },
    ),
  )
  .get(
    "/",
    route(
      {
        summary: "The administrative changes of every contract the indexer knows, newest first",
        query: z.object({ chain: chain.optional(), contract: account.optional(), kind: oneOf(ADMIN_EVENTS).optional(), limit: limit(), cursor: cursor.optional() }),
        response: pageOf(changeSchema),
      },
      async ({ query: q }) => {
        const chains = await loadChains();
        const { where: after, orderBy } = keyset(adminChange.timestamp, adminChange.id, q.cursor);
        const where = [after];
        if (q.chain !== undefined) where.push(eq(adminChange.chainId, q.chain.chainId));
        if (q.contract !== undefined) where.push(eq(adminChange.contract, q.contract));
        if (q.kind !== undefined) where.push(eq(adminChange.kind, q.kind));
        const rows = await db.select().from(adminChange).where(and(...where)).orderBy(...orderBy).limit(q.limit + 1);
        const { items, nextCursor } = page(rows, q.limit, (r) => ({ timestamp: r.timestamp, id: r.id as Cursor["id"] }));
        return { items: await presentChanges(items, chains), nextCursor };
      },
    ),
  );

const n = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

/** The audit trail; what it says of a contract (its changes), an account (the changes it sent) and a transaction. */
export const api: DomainApi = {
  routes: { "/audit": changes },
  shapes: {
    tx: { adminChanges: z.array(changeSchema) },
    chain: { adminChanges: int.describe("administrative changes on this chain") },
    account: { audit: z.object({ changes: int.describe("changes of it, as a contract"), sent: int.describe("changes it sent") }) },
  },
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
