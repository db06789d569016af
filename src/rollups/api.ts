import { Hono } from "hono";
import { and, asc, count, eq, inArray, isNotNull, or, sql } from "ponder";
import schema from "ponder:schema";
import { z } from "zod";
import { db } from "../api/db";
import { notFound } from "../api/errors";
import { keyset, page } from "../api/page";
import { account, type Cursor, cursor, field, limit, oneOf, wholeNumber } from "../api/params";
import { route } from "../api/route";
import { accountOut, address, bytes32, decimalString, hex, int, itemsOf, pageOf, unixTime } from "../api/shapes";
import type { DomainApi } from "../domain";
import { bridgeLiquidity } from "./liquidity";

const { rollup, rollupConfig, configUpdate, bridgeTransfer, rollupContract } = schema;

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

const transferTotalsSchema = z.object({
  count: int,
  byStatus: z.record(z.string(), int),
  volume: z.record(z.string(), decimalString).describe("by token address (the zero address is ETH): the sum of amounts"),
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
  transfers: z
    .object({ deposits: transferTotalsSchema, withdrawals: transferTotalsSchema })
    .describe("its bridge transfers: per direction, the count by status and the volume by token"),
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

const presentRollup = (r: Row, config: Config): Omit<z.input<typeof rollupSchema>, "transfers"> => ({
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

const chainId = wholeNumber(1, Number.MAX_SAFE_INTEGER, "a chain id");

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
  return rows.map((r) => ({ ...presentRollup(r, byId.get(r.id) ?? null), transfers: totals.get(r.id)! }));
}

const liquiditySchema = z.object({
  token: address.describe("the parent-chain token; the zero address for ETH"),
  l2Tokens: z.array(address),
  supplySource: z.enum(["token", "bridge"]).describe("token: the L2 token's own mints and burns; bridge: what the bridge's rollup-side events credited"),
  locked: decimalString.describe("what the parent-side bridge holds"),
  supply: decimalString.describe("what is minted on the rollup"),
  inFlight: decimalString.describe("deposits and withdrawals not executed"),
  conservation: z.object({ holds: z.boolean(), discrepancy: decimalString.describe("locked − (supply + in flight)") }),
});

const rollups = new Hono()
  .get(
    "/:chainId",
    route(
      {
        summary: "The rollup with that L2 chain id, with its configuration history",
        params: z.object({ chainId }),
        response: rollupSchema.extend({
          history: z.array(configUpdateSchema).describe("its ConfigUpdates in order"),
          liquidity: z.array(liquiditySchema).describe("its bridge liquidity per parent-chain token"),
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
        return { ...items[0]!, history: history.map((u) => ({ ...u, blockNumber: u.blockNumber.toString() })), liquidity: await bridgeLiquidity(rows[0]!), ...(items.length > 1 && { sameChainId: items.slice(1) }) };
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
  id: z
    .string()
    .describe("l2ChainId:hash (an OP withdrawal's withdrawalHash, a deposit's msgHash or L2 transaction hash), l2ChainId:message:N (an Orbit deposit), l2ChainId:position:N (an Orbit withdrawal)"),
  stack: z.enum(["orbit", "opstack"]),
  direction: z.enum(DIRECTIONS),
  status: z.enum(STATUSES),
  l2ChainId: int,
  rollup: z.string().nullable().describe("the rollup's registry id; null until a rollup is known for it"),
  hash: bytes32.nullable(),
  nonce: decimalString.nullable().describe("the messenger's or passer's nonce (OP), the delayed message number or outbox position (Orbit)"),
  kind: int.nullable().describe("the Orbit delayed message kind (L1MessageType: 7, 9 or 12); null otherwise"),
  sender: accountOut.nullable(),
  target: accountOut.nullable(),
  value: decimalString.nullable().describe("ETH (or an Orbit rollup's gas token) sent along, wei"),
  token: address.nullable().describe("the parent-chain token: the zero address is ETH"),
  l2Token: address.nullable().describe("the token on the rollup, where the bridge's message names it"),
  from: address.nullable(),
  to: address.nullable(),
  amount: decimalString.nullable().describe("how much of `token`"),
  initiated: stageSchema,
  proven: stageSchema,
  finalized: z.object({ txHash: bytes32, blockNumber: decimalString, timestamp: unixTime.nullable(), success: z.boolean().nullable() }).nullable(),
});

type Transfer = typeof bridgeTransfer.$inferSelect;
const presentTransfer = (t: Transfer, rollups: Row[]): z.input<typeof bridgeTransferSchema> => {
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
  finalized: t.finalizedTxHash === null ? null : { ...stage(t.finalizedTxHash, t.finalizedBlock, t.finalizedTimestamp)!, success: t.success },
  };
};

const present = async (rows: Transfer[]) => {
  const rollups = rows.some((t) => t.rollup === null) ? await db.select().from(rollup) : [];
  return rows.map((t) => presentTransfer(t, rollups));
};

/** `l2ChainId:hash` (OP), `l2ChainId:message:N` and `l2ChainId:position:N` (Orbit) */
const transferId = field(
  z
    .string()
    .regex(/^\d{1,20}:(0x[0-9a-fA-F]{64}|message:\d{1,78}|position:\d{1,78})$/)
    .transform((v) => v.toLowerCase()),
  "a transfer id (l2ChainId:hash, l2ChainId:message:N or l2ChainId:position:N)",
);

const inTx = (hash: `0x${string}`) => or(eq(bridgeTransfer.initiatedTxHash, hash), eq(bridgeTransfer.provenTxHash, hash), eq(bridgeTransfer.finalizedTxHash, hash));
const ofAccount = (account: `0x${string}`) =>
  or(eq(bridgeTransfer.from, account), eq(bridgeTransfer.to, account), eq(bridgeTransfer.sender, account), eq(bridgeTransfer.target, account));

const listQuery = z.object({
  rollup: chainId.optional(),
  direction: oneOf(DIRECTIONS).optional(),
  status: oneOf(STATUSES).optional(),
  token: account.optional(),
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
        return (await present([row]))[0]!;
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
      if (q.token !== undefined) where.push(eq(bridgeTransfer.token, q.token));
      if (q.account !== undefined) where.push(ofAccount(q.account));
      const rows = await db.select().from(bridgeTransfer).where(and(...where)).orderBy(...orderBy).limit(q.limit + 1);
      const { items, nextCursor } = page(rows, q.limit, (t) => ({ timestamp: t.initiatedTimestamp!, id: t.id as Cursor["id"] }));
      return { items: await present(items), nextCursor };
    }),
  );

/** The rollup registry and each OP chain's configuration; each chain's rollup for /api/chains. */
export const api: DomainApi = {
  routes: { "/rollups": rollups, "/bridge-transfers": transfers },
  stream: [
    {
      kind: "bridgeTransfer",
      tables: [{ table: "bridge_transfer", key: "id" }],
      schema: bridgeTransferSchema,
      async present(ids) {
        const served = await present(await db.select().from(bridgeTransfer).where(inArray(bridgeTransfer.id, ids)));
        return new Map(served.map((t) => [t.id, t]));
      },
      statuses: STATUSES,
      // A deposit goes to the rollup, a withdrawal comes from it.
      fields: (t: z.input<typeof bridgeTransferSchema>) => ({
        id: t.id,
        status: t.status,
        sender: t.sender,
        recipient: t.target,
        ...(t.direction === "withdrawal" ? { origin: t.l2ChainId } : { destination: t.l2ChainId }),
      }),
    },
  ],
  shapes: {
    tx: { bridgeTransfers: z.array(bridgeTransferSchema) },
    chain: {
      rollup: z.object({ id: z.string(), stack: z.enum(["orbit", "opstack"]), parentChainId: int, href: z.string() }).nullable(),
      rollupsSettling: int.describe("how many rollups settle on this chain"),
    },
    matches: [z.object({ type: z.literal("bridgeTransfer"), id: z.string(), status: z.enum(STATUSES), href: z.string() })],
    account: {
      bridgeTransfers: int.describe("bridge transfers it sent, received or is the message's sender or target of"),
      rollupContracts: z
        .array(z.object({ chainId: int, rollup: z.string(), l2ChainId: int, role: z.string() }))
        .optional()
        .describe("when it is a contract of a rollup's deployment on its parent"),
    },
  },
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
