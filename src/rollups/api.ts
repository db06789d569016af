import { Hono } from "hono";
import { and, asc, count, eq, inArray, isNotNull, or, sql } from "ponder";
import schema from "ponder:schema";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { keyset, page } from "../api/page";
import { accountParam, type Cursor, cursorParam, enumParam, limitParam, param } from "../api/params";
import type { DomainApi } from "../domain";

const { rollup, rollupConfig, configUpdate, bridgeTransfer, rollupContract } = schema;

type Row = typeof rollup.$inferSelect;
type Config = typeof rollupConfig.$inferSelect | null;

const presentRollup = (r: Row, config?: Config) => ({
  ...r,
  creationBlock: r.creationBlock?.toString() ?? null,
  ...(config !== undefined && { config: config && presentConfig(config) }),
});

const bigints = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === "bigint" ? v.toString() : v]));
const presentConfig = (c: NonNullable<Config>) => bigints(c);

const chainIdParam = (value: string) => param("chainId", z.coerce.number().int().positive(), "a chain id", value);

/**
 * Each rollup's transfers: per direction, the count by status and the volume by token. A row
 * counts for its rollup, or (a rollup-side row whose parent side is not indexed yet) for the one
 * rollup with its chain id.
 */
async function transferTotals(rows: Row[]) {
  const groups = await db
    .select({
      rollup: bridgeTransfer.rollup,
      l2ChainId: bridgeTransfer.l2ChainId,
      direction: bridgeTransfer.direction,
      status: bridgeTransfer.status,
      token: bridgeTransfer.token,
      n: count(),
      volume: sql<string>`coalesce(sum(${bridgeTransfer.amount}), 0)::text`,
    })
    .from(bridgeTransfer)
    .groupBy(bridgeTransfer.rollup, bridgeTransfer.l2ChainId, bridgeTransfer.direction, bridgeTransfer.status, bridgeTransfer.token);
  const blank = () => ({ count: 0, byStatus: {} as Record<string, number>, volume: {} as Record<string, string> });
  const totals = new Map(rows.map((r) => [r.id, { deposits: blank(), withdrawals: blank() }]));
  for (const g of groups) {
    const own = g.rollup === null ? onlyRollupOf(rows, g.l2ChainId) : undefined;
    const t = totals.get(g.rollup ?? own?.id ?? "")?.[g.direction === "deposit" ? "deposits" : "withdrawals"];
    if (!t) continue;
    t.count += g.n;
    t.byStatus[g.status] = (t.byStatus[g.status] ?? 0) + g.n;
    // As presentTransfer names it: an Orbit send not yet seen on the parent moves the gas token.
    const token = g.token ?? (own?.stack === "orbit" ? own.nativeToken : null);
    if (token !== null) t.volume[token] = (BigInt(t.volume[token] ?? 0) + BigInt(g.volume)).toString();
  }
  return totals;
}

/** The rollup of a chain id, when only one rollup has it. */
const onlyRollupOf = (rows: Row[], l2ChainId: number) => {
  const found = rows.filter((r) => r.l2ChainId === l2ChainId);
  return found.length === 1 ? found[0] : undefined;
};

async function withConfig(rows: Row[]) {
  const [configs, totals] = await Promise.all([db.select().from(rollupConfig), transferTotals(await db.select().from(rollup))]);
  const byId = new Map(configs.map((c) => [c.id, c]));
  return rows.map((r) => ({ ...presentRollup(r, byId.get(r.id) ?? null), transfers: totals.get(r.id) }));
}

const rollups = new Hono()
  .get("/:chainId", async (c) => {
    const chainId = chainIdParam(c.req.param("chainId"));
    const rows = await db.select().from(rollup).where(eq(rollup.l2ChainId, chainId));
    if (rows.length === 0) throw notFound(`no rollup with chain id ${chainId}`);
    const items = await withConfig(rows);
    const history = await db
      .select()
      .from(configUpdate)
      .where(or(...rows.map((r) => eq(configUpdate.rollup, r.id))))
      .orderBy(asc(configUpdate.blockNumber), asc(configUpdate.logIndex));
    return c.json({ ...items[0], history: history.map(bigints), ...(items.length > 1 && { sameChainId: items.slice(1) }) });
  })
  .get("/", async (c) => {
    const rows = await db.select().from(rollup).orderBy(asc(rollup.parentChainId), asc(rollup.creationBlock), asc(rollup.id));
    return c.json({ items: await withConfig(rows) });
  });

const STATUSES = ["initiated", "proven", "finalized", "failed"] as const;
const DIRECTIONS = ["deposit", "withdrawal"] as const;

const stage = (txHash: `0x${string}` | null, block: bigint | null, timestamp: number | null) =>
  txHash === null ? null : { txHash, blockNumber: block!.toString(), timestamp };

type Transfer = typeof bridgeTransfer.$inferSelect;
const presentTransfer = (t: Transfer, rollups: Row[]) => {
  // A rollup-side row whose parent side is not indexed yet names no rollup: the one with its chain id.
  const own = t.rollup === null ? onlyRollupOf(rollups, t.l2ChainId) : undefined;
  return {
  id: t.id,
  stack: t.stack,
  direction: t.direction,
  status: t.status,
  l2ChainId: t.l2ChainId,
  rollup: t.rollup ?? own?.id ?? null,
  hash: t.hash,
  nonce: t.nonce?.toString() ?? null,
  kind: t.kind,
  sender: t.sender,
  target: t.target,
  value: t.value?.toString() ?? null,
  // An Orbit send no gateway named a token for moves the rollup's gas token.
  token: t.token ?? (own && t.stack === "orbit" ? own.nativeToken : null),
  l2Token: t.l2Token,
  from: t.from,
  to: t.to,
  amount: t.amount?.toString() ?? null,
  initiated: stage(t.initiatedTxHash, t.initiatedBlock, t.initiatedTimestamp),
  proven: stage(t.provenTxHash, t.provenBlock, t.provenTimestamp),
  finalized: t.finalizedTxHash === null ? null : { ...stage(t.finalizedTxHash, t.finalizedBlock, t.finalizedTimestamp), success: t.success },
  };
};

const present = async (rows: Transfer[]) => {
  const rollups = rows.some((t) => t.rollup === null) ? await db.select().from(rollup) : [];
  return rows.map((t) => presentTransfer(t, rollups));
};

/** `l2ChainId:hash` (OP), `l2ChainId:message:N` and `l2ChainId:position:N` (Orbit) */
const idParam = (value: string) =>
  param("id", z.string().regex(/^\d{1,20}:(0x[0-9a-fA-F]{64}|message:\d{1,78}|position:\d{1,78})$/), "a transfer id (l2ChainId:hash, l2ChainId:message:N or l2ChainId:position:N)", value).toLowerCase();

const inTx = (hash: `0x${string}`) => or(eq(bridgeTransfer.initiatedTxHash, hash), eq(bridgeTransfer.provenTxHash, hash), eq(bridgeTransfer.finalizedTxHash, hash));
const ofAccount = (account: `0x${string}`) =>
  or(eq(bridgeTransfer.from, account), eq(bridgeTransfer.to, account), eq(bridgeTransfer.sender, account), eq(bridgeTransfer.target, account));

const transfers = new Hono()
  .get("/:id", async (c) => {
    const id = idParam(c.req.param("id"));
    const [row] = await db.select().from(bridgeTransfer).where(eq(bridgeTransfer.id, id));
    if (!row) throw notFound(`no bridge transfer with id ${id}`);
    return c.json((await present([row]))[0]);
  })
  .get("/", async (c) => {
    const q = c.req.query();
    const limit = limitParam(q.limit);
    const { where: after, orderBy } = keyset(bridgeTransfer.initiatedTimestamp, bridgeTransfer.id, cursorParam(q.cursor));
    const where = [isNotNull(bridgeTransfer.initiatedTimestamp), after];
    if (q.rollup !== undefined) where.push(eq(bridgeTransfer.l2ChainId, chainIdParam(q.rollup)));
    if (q.direction !== undefined) where.push(eq(bridgeTransfer.direction, enumParam("direction", DIRECTIONS, q.direction)));
    if (q.status !== undefined) where.push(eq(bridgeTransfer.status, enumParam("status", STATUSES, q.status)));
    if (q.token !== undefined) where.push(eq(bridgeTransfer.token, accountParam("token", q.token)));
    if (q.account !== undefined) where.push(ofAccount(accountParam("account", q.account)));
    const rows = await db.select().from(bridgeTransfer).where(and(...where)).orderBy(...orderBy).limit(limit + 1);
    const { items, nextCursor } = page(rows, limit, (t) => ({ timestamp: t.initiatedTimestamp!, id: t.id as Cursor["id"] }));
    return c.json({ items: await present(items), nextCursor });
  });

/** The rollup registry and each OP chain's configuration; each chain's rollup for /api/chains. */
export const api: DomainApi = {
  routes: { "/rollups": rollups, "/bridge-transfers": transfers },
  stream: [
    {
      kind: "bridgeTransfer",
      tables: [{ table: "bridge_transfer", key: "id" }],
      async present(ids) {
        const rows = await db.select().from(bridgeTransfer).where(inArray(bridgeTransfer.id, ids));
        const served = await present(rows);
        return new Map(served.map((t) => [t.id, t]));
      },
      statuses: STATUSES,
      // A deposit goes to the rollup, a withdrawal comes from it.
      fields: (t: ReturnType<typeof presentTransfer>) => ({
        id: t.id,
        status: t.status,
        sender: t.sender,
        recipient: t.target,
        ...(t.direction === "withdrawal" ? { origin: t.l2ChainId } : { destination: t.l2ChainId }),
      }),
    },
  ],
  async searchId(id) {
    const rows = await db.select({ id: bridgeTransfer.id, status: bridgeTransfer.status }).from(bridgeTransfer).where(eq(bridgeTransfer.hash, id));
    return rows.map((t) => ({ type: "bridgeTransfer", ...t, href: `/api/bridge-transfers/${t.id}` }));
  },
  async searchAccount(address) {
    const [[transfers], contracts] = await Promise.all([
      db.select({ n: count() }).from(bridgeTransfer).where(ofAccount(address)),
      db.select().from(rollupContract).where(sql`${rollupContract.id} like ${`%:${address}`}`),
    ]);
    const bridgeTransfers = transfers!.n;
    return {
      total: bridgeTransfers + contracts.length,
      facts: { bridgeTransfers, ...(contracts.length > 0 && { rollupContracts: contracts.map(({ id, ...c }) => ({ chainId: Number(id.split(":")[0]), ...c })) }) },
      href: { bridgeTransfers: `/api/bridge-transfers?account=${address}` },
    };
  },
  async countTx(hash) {
    const [found] = await db.select({ n: count() }).from(bridgeTransfer).where(inTx(hash));
    return found!.n > 0 ? { bridgeTransfers: found!.n } : ({} as Record<string, number>);
  },
  async tx(hash) {
    return { bridgeTransfers: await present(await db.select().from(bridgeTransfer).where(inTx(hash))) };
  },
  async chainFacts() {
    const rows = await db.select().from(rollup);
    return (chainId: number) => {
      const own = rows.find((r) => r.chainId === chainId);
      return {
        rollup: own ? { id: own.id, stack: own.stack, parentChainId: own.parentChainId, href: `/api/rollups/${own.l2ChainId}` } : null,
        rollupsSettling: rows.filter((r) => r.parentChainId === chainId).length,
      };
    };
  },
};
