import { Hono } from "hono";
import { and, asc, eq, inArray, isNotNull, or } from "ponder";
import schema from "ponder:schema";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { keyset, page } from "../api/page";
import { accountParam, cursorParam, enumParam, limitParam, param } from "../api/params";
import type { DomainApi } from "../domain";

const { rollup, rollupConfig, configUpdate, bridgeTransfer } = schema;

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

async function withConfig(rows: Row[]) {
  const configs = await db.select().from(rollupConfig);
  const byId = new Map(configs.map((c) => [c.id, c]));
  return rows.map((r) => presentRollup(r, byId.get(r.id) ?? null));
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
export const presentTransfer = (t: Transfer) => ({
  id: t.id,
  stack: t.stack,
  direction: t.direction,
  status: t.status,
  l2ChainId: t.l2ChainId,
  rollup: t.rollup,
  hash: t.hash,
  nonce: t.nonce?.toString() ?? null,
  sender: t.sender,
  target: t.target,
  value: t.value?.toString() ?? null,
  token: t.token,
  initiated: stage(t.initiatedTxHash, t.initiatedBlock, t.initiatedTimestamp),
  proven: stage(t.provenTxHash, t.provenBlock, t.provenTimestamp),
  finalized: t.finalizedTxHash === null ? null : { ...stage(t.finalizedTxHash, t.finalizedBlock, t.finalizedTimestamp), success: t.success },
});

/** `l2ChainId:withdrawalHash` (OP withdrawals) */
const idParam = (value: string) => param("id", z.string().regex(/^\d+:0x[0-9a-fA-F]{64}$/), "a transfer id (l2ChainId:hash)", value).toLowerCase();

const transfers = new Hono()
  .get("/:id", async (c) => {
    const id = idParam(c.req.param("id"));
    const [row] = await db.select().from(bridgeTransfer).where(eq(bridgeTransfer.id, id));
    if (!row) throw notFound(`no bridge transfer with id ${id}`);
    return c.json(presentTransfer(row));
  })
  .get("/", async (c) => {
    const q = c.req.query();
    const limit = limitParam(q.limit);
    const { where: after, orderBy } = keyset(bridgeTransfer.initiatedTimestamp, bridgeTransfer.id, cursorParam(q.cursor));
    const where = [isNotNull(bridgeTransfer.initiatedTimestamp), after];
    if (q.rollup !== undefined) where.push(eq(bridgeTransfer.l2ChainId, chainIdParam(q.rollup)));
    if (q.direction !== undefined) where.push(eq(bridgeTransfer.direction, enumParam("direction", DIRECTIONS, q.direction)));
    if (q.status !== undefined) where.push(eq(bridgeTransfer.status, enumParam("status", STATUSES, q.status)));
    if (q.account !== undefined) {
      const account = accountParam("account", q.account);
      where.push(or(eq(bridgeTransfer.sender, account), eq(bridgeTransfer.target, account)));
    }
    const rows = await db.select().from(bridgeTransfer).where(and(...where)).orderBy(...orderBy).limit(limit + 1);
    const { items, nextCursor } = page(rows, limit, (t) => ({ timestamp: t.initiatedTimestamp!, id: t.id as `${number}:0x${string}` }));
    return c.json({ items: items.map(presentTransfer), nextCursor });
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
        return new Map(rows.map((t) => [t.id, presentTransfer(t)]));
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
  async tx(hash) {
    const rows = await db
      .select()
      .from(bridgeTransfer)
      .where(or(eq(bridgeTransfer.initiatedTxHash, hash), eq(bridgeTransfer.provenTxHash, hash), eq(bridgeTransfer.finalizedTxHash, hash)));
    return { bridgeTransfers: rows.map(presentTransfer) };
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
