import { Hono } from "hono";
import { and, asc, eq, isNotNull, or } from "ponder";
import schema from "ponder:schema";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { keyset, page } from "../api/page";
import { account, cursor, field, limit, oneOf } from "../api/params";
import { route } from "../api/route";
import { accountOut, address, bytes32, decimalString, hex, int, itemsOf, pageOf, unixTime } from "../api/shapes";
import type { DomainApi } from "../domain";

const { rollup, rollupConfig, configUpdate, bridgeTransfer } = schema;

type Row = typeof rollup.$inferSelect;
type Config = typeof rollupConfig.$inferSelect | null;

const configSchema = z.object({
  id: z.string(),
  batcherHash: hex.nullable(),
  overhead: decimalString.nullable(),
  scalar: decimalString.nullable(),
  gasLimit: decimalString.nullable(),
  unsafeBlockSigner: address.nullable(),
  eip1559Denominator: int.nullable(),
  eip1559Elasticity: int.nullable(),
  operatorFeeScalar: int.nullable(),
  operatorFeeConstant: decimalString.nullable(),
  updates: int,
  updatedTimestamp: unixTime.nullable(),
});

const rollupSchema = z.object({
  id: z.string().describe("parentChainId:anchor, the anchor being the Orbit Rollup contract or the OP chain's SystemConfig"),
  stack: z.enum(["orbit", "opstack"]),
  parentChainId: int,
  l2ChainId: int.nullable(),
  chainId: int.nullable().describe("the manifest chain it is"),
  creator: address.nullable(),
  variant: z.string(),
  creationTxHash: bytes32.nullable(),
  creationBlock: decimalString.nullable(),
  creationTimestamp: unixTime.nullable(),
  nativeToken: address.describe("the zero address: ETH"),
  contracts: z.record(z.string(), z.string()).describe("every address of the deployment by its name in the event or manifest"),
  config: configSchema.nullable().describe("current SystemConfig values, OP chains whose SystemConfig is watched"),
});

const configUpdateSchema = z.object({
  id: z.string(),
  rollup: z.string(),
  chainId: int,
  type: z.string().nullable(),
  updateType: int,
  data: hex,
  value: z.unknown().describe("the update decoded"),
  decodeError: z.string().nullable(),
  txHash: bytes32,
  blockNumber: decimalString,
  timestamp: unixTime,
  logIndex: int,
});

const s = (v: bigint | null) => v?.toString() ?? null;

const presentRollup = (r: Row, config: Config): z.input<typeof rollupSchema> => ({
  ...r,
  creationBlock: s(r.creationBlock),
  config: config && presentConfig(config),
});

const presentConfig = (c: NonNullable<Config>): z.input<typeof configSchema> => ({
  ...c,
  overhead: s(c.overhead),
  scalar: s(c.scalar),
  gasLimit: s(c.gasLimit),
  operatorFeeConstant: s(c.operatorFeeConstant),
});

const chainId = field(z.coerce.number().int().positive(), "a chain id");

async function withConfig(rows: Row[]) {
  const configs = await db.select().from(rollupConfig);
  const byId = new Map(configs.map((c) => [c.id, c]));
  return rows.map((r) => presentRollup(r, byId.get(r.id) ?? null));
}

const rollups = new Hono()
  .get(
    "/:chainId",
    route(
      {
        summary: "The rollup with that L2 chain id, with its configuration history",
        params: z.object({ chainId }),
        response: rollupSchema.extend({
          history: z.array(configUpdateSchema).describe("its ConfigUpdates in order"),
          sameChainId: z.array(rollupSchema).optional().describe("other rollups announced with the same L2 chain id"),
        }),
        errors: [404],
      },
      async ({ params: { chainId } }) => {
        const rows = await db.select().from(rollup).where(eq(rollup.l2ChainId, chainId));
        if (rows.length === 0) throw notFound(`no rollup with chain id ${chainId}`);
        const items = await withConfig(rows);
        const history = await db
          .select()
          .from(configUpdate)
          .where(or(...rows.map((r) => eq(configUpdate.rollup, r.id))))
          .orderBy(asc(configUpdate.blockNumber), asc(configUpdate.logIndex));
        return { ...items[0]!, history: history.map((u) => ({ ...u, blockNumber: u.blockNumber.toString() })), ...(items.length > 1 && { sameChainId: items.slice(1) }) };
      },
    ),
  )
  .get(
    "/",
    route({ summary: "Every rollup its creator announced or the manifest names", response: itemsOf(rollupSchema) }, async () => {
      const rows = await db.select().from(rollup).orderBy(asc(rollup.parentChainId), asc(rollup.creationBlock), asc(rollup.id));
      return { items: await withConfig(rows) };
    }),
  );

const STATUSES = ["initiated", "proven", "finalized", "failed"] as const;
const DIRECTIONS = ["deposit", "withdrawal"] as const;

const stage = (txHash: `0x${string}` | null, block: bigint | null, timestamp: number | null) =>
  txHash === null ? null : { txHash, blockNumber: block!.toString(), timestamp };

const stageSchema = z.object({ txHash: bytes32, blockNumber: decimalString, timestamp: unixTime.nullable() }).nullable();

const bridgeTransferSchema = z.object({
  id: z.string().describe("l2ChainId:withdrawalHash for an OP withdrawal"),
  stack: z.enum(["orbit", "opstack"]),
  direction: z.enum(DIRECTIONS),
  status: z.enum(STATUSES),
  l2ChainId: int,
  rollup: z.string().nullable(),
  hash: bytes32.nullable(),
  nonce: decimalString.nullable(),
  sender: accountOut.nullable(),
  target: accountOut.nullable(),
  value: decimalString.nullable(),
  token: address.nullable(),
  initiated: stageSchema,
  proven: stageSchema,
  finalized: z.object({ txHash: bytes32, blockNumber: decimalString, timestamp: unixTime.nullable(), success: z.boolean().nullable() }).nullable(),
});

type Transfer = typeof bridgeTransfer.$inferSelect;
export const presentTransfer = (t: Transfer): z.input<typeof bridgeTransferSchema> => ({
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
  finalized: t.finalizedTxHash === null ? null : { ...stage(t.finalizedTxHash, t.finalizedBlock, t.finalizedTimestamp)!, success: t.success },
});

/** `l2ChainId:withdrawalHash` (OP withdrawals) */
const transferId = field(
  z
    .string()
    .regex(/^\d+:0x[0-9a-fA-F]{64}$/)
    .transform((v) => v.toLowerCase()),
  "a transfer id (l2ChainId:hash)",
);

const listQuery = z.object({
  rollup: chainId.optional(),
  direction: oneOf(DIRECTIONS).optional(),
  status: oneOf(STATUSES).optional(),
  account: account.optional(),
  limit: limit(),
  cursor: cursor.optional(),
});

const transfers = new Hono()
  .get(
    "/:id",
    route(
      { summary: "A native bridge transfer, both sides joined", params: z.object({ id: transferId }), response: bridgeTransferSchema, errors: [404] },
      async ({ params: { id } }) => {
        const [row] = await db.select().from(bridgeTransfer).where(eq(bridgeTransfer.id, id));
        if (!row) throw notFound(`no bridge transfer with id ${id}`);
        return presentTransfer(row);
      },
    ),
  )
  .get(
    "/",
    route({ summary: "Native bridge transfers, newest first", query: listQuery, response: pageOf(bridgeTransferSchema) }, async ({ query: q }) => {
      const { where: after, orderBy } = keyset(bridgeTransfer.initiatedTimestamp, bridgeTransfer.id, q.cursor);
      const where = [isNotNull(bridgeTransfer.initiatedTimestamp), after];
      if (q.rollup !== undefined) where.push(eq(bridgeTransfer.l2ChainId, q.rollup));
      if (q.direction !== undefined) where.push(eq(bridgeTransfer.direction, q.direction));
      if (q.status !== undefined) where.push(eq(bridgeTransfer.status, q.status));
      if (q.account !== undefined) where.push(or(eq(bridgeTransfer.sender, q.account), eq(bridgeTransfer.target, q.account)));
      const rows = await db.select().from(bridgeTransfer).where(and(...where)).orderBy(...orderBy).limit(q.limit + 1);
      const { items, nextCursor } = page(rows, q.limit, (t) => ({ timestamp: t.initiatedTimestamp!, id: t.id as `${number}:0x${string}` }));
      return { items: items.map(presentTransfer), nextCursor };
    }),
  );

/** The rollup registry and each OP chain's configuration; each chain's rollup for /api/chains. */
export const api: DomainApi = {
  routes: { "/rollups": rollups, "/bridge-transfers": transfers },
  shapes: {
    tx: { bridgeTransfers: z.array(bridgeTransferSchema) },
    chain: {
      rollup: z.object({ id: z.string(), stack: z.enum(["orbit", "opstack"]), parentChainId: int, href: z.string() }).nullable(),
      rollupsSettling: int.describe("how many rollups settle on this chain"),
    },
    matches: [z.object({ type: z.literal("bridgeTransfer"), id: z.string(), status: z.enum(STATUSES), href: z.string() })],
  },
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
