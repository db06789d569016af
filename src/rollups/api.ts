import { Hono } from "hono";
import { asc, eq, or } from "ponder";
import schema from "ponder:schema";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { param } from "../api/params";
import type { DomainApi } from "../domain";

const { rollup, rollupConfig, configUpdate } = schema;

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

/** The rollup registry and each OP chain's configuration; each chain's rollup for /api/chains. */
export const api: DomainApi = {
  routes: { "/rollups": rollups },
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
