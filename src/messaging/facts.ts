import { type AnyPgColumn, and, eq, inArray, isNotNull, isNull, not, sql } from "ponder";
import schema from "ponder:schema";
import type { Address, Hex } from "viem";
import { db, sharedRead } from "../api/db";
import { decodeCheckpoint } from "../network/chains";
import { indexed } from "../network/indexed";
import { type Block, diagnose, type ROW_REASONS, type RowFacts } from "./diagnosis";
import { readChainFacts } from "./rpc";

/**
 * The facts a diagnosis reasons over (diagnosis.ts), from the indexed rows: each chain's indexing
 * progress and each route's p99 latency, read once per request and shared for a moment; and, for
 * the full check, what the chains say (rpc.ts). The same facts give the SQL conditions that list
 * and count messages by the reasons rows can tell.
 */

type MessageRow = typeof schema.message.$inferSelect;
const { message, gasPayment } = schema;

export type RouteContext = {
  /** unix seconds */
  now: number;
  /** chain id → the block it is indexed up to */
  progress: Map<number, Block>;
  /** `originChainId:destinationDomain` → p99 delivery latency, seconds */
  p99: Map<string, number>;
};

const progress = sharedRead(1_000, async () => {
  const { rows } = await db.execute(sql`SELECT chain_id, latest_checkpoint FROM _ponder_checkpoint`);
  return new Map((rows as { chain_id: string | number; latest_checkpoint: string }[]).map((r) => [Number(r.chain_id), decodeCheckpoint(r.latest_checkpoint)]));
});

/** percentile_disc: an observed latency, as the route matrix reports it. */
const routeP99 = sharedRead(10_000, async () => {
  const rows = await db
    .select({
      origin: message.originChainId,
      destination: message.destinationDomain,
      p99: sql`percentile_disc(0.99) within group (order by ${message.latencySeconds})`.mapWith(Number),
    })
    .from(message)
    .where(isNotNull(message.latencySeconds))
    .groupBy(message.originChainId, message.destinationDomain);
  return new Map(rows.map((r) => [`${r.origin}:${r.destination}`, r.p99]));
});

export async function routeContext(): Promise<RouteContext> {
  const [p, l] = await Promise.all([progress(), routeP99()]);
  return { now: Math.floor(Date.now() / 1000), progress: p, p99: l };
}

const chainOfDomain = (domain: number | null) => indexed.manifest.chains.find((c) => c.domainId === domain) ?? null;

/** The destination's Mailbox of the deployment that dispatched it (by name), else its first. */
function destinationMailbox(m: MessageRow): Address | null {
  const dest = chainOfDomain(m.destinationDomain);
  const sent = m.originChainId === null ? undefined : indexed.manifest.chains.find((c) => c.chainId === m.originChainId)?.deployments.find((d) => d.mailbox === m.dispatchMailbox);
  return (dest?.deployments.find((d) => d.name === sent?.name) ?? dest?.deployments[0])?.mailbox ?? null;
}

export function rowFacts(m: MessageRow, ctx: RouteContext): RowFacts {
  const dest = chainOfDomain(m.destinationDomain);
  return {
    status: m.status,
    originDomain: m.originDomain,
    origin: indexed.manifest.chains.find((c) => c.chainId === m.originChainId)?.name ?? null,
    destinationDomain: m.destinationDomain,
    destination: dest && { name: dest.name, chainId: dest.chainId, mailbox: destinationMailbox(m), indexed: ctx.progress.get(dest.chainId) ?? null },
    dispatch: m.dispatchTimestamp === null ? null : { blockNumber: m.dispatchBlockNumber!, timestamp: m.dispatchTimestamp },
    gas: { payments: m.gasPayments, gasAmount: m.gasAmount, paid: m.gasPaid },
    p99: ctx.p99.get(`${m.originChainId}:${m.destinationDomain}`) ?? null,
    now: ctx.now,
  };
}

/** What a message read says of why it is not delivered, from its row alone (null: delivered). */
export function rowDiagnosis(m: MessageRow, ctx: RouteContext) {
  const { reason, summary } = diagnose(rowFacts(m, ctx));
  // Without the chains' answers, diagnose gives only the reasons rows tell.
  return reason === null ? null : { reason: reason as RowReason, summary };
}

/** The full check: the rows, and what the destination and origin chains answer now. */
export async function fullDiagnosis(m: MessageRow, ctx: RouteContext) {
  const facts = rowFacts(m, ctx);
  const dest = facts.destination;
  const readable = m.dispatchTxHash !== null && m.originDomain !== null && m.sender !== null && m.recipient !== null && m.body !== null;
  if (m.status === "delivered" || !dest?.mailbox || !readable) return diagnose(facts);
  const originChain = indexed.manifest.chains.find((c) => c.chainId === m.originChainId);
  let igp = originChain?.deployments.find((d) => d.mailbox === m.dispatchMailbox)?.interchainGasPaymaster ?? null;
  if (!igp && m.gasPayments > 0) {
    const [paid] = await db.select({ igp: gasPayment.interchainGasPaymaster }).from(gasPayment).where(and(eq(gasPayment.messageId, m.id), eq(gasPayment.chainId, m.originChainId!))).limit(1);
    igp = (paid?.igp as Address | undefined) ?? null;
  }
  const chain = await readChainFacts({
    id: m.id,
    originDomain: m.originDomain!,
    sender: m.sender as Hex,
    recipient: m.recipient as Hex,
    body: m.body as Hex,
    destinationDomain: m.destinationDomain!,
    destination: { chainId: dest.chainId, mailbox: dest.mailbox },
    origin: originChain ? { chainId: originChain.chainId, interchainGasPaymaster: igp, dispatchBlock: m.dispatchBlockNumber! } : null,
  });
  return diagnose(facts, chain);
}

type SQL = ReturnType<typeof eq>;

/** Later than any timestamp: what a lookup with no entry compares with, so that it is false. */
const NEVER = String(2n ** 62n);

/** An integer of our own making (a chain id, a timestamp, seconds) written into SQL as it is. */
const integer = (n: number) => {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return sql.raw(String(n));
};

/** `CASE key WHEN k THEN value … END`: NULL for a key with no entry. */
const lookupSql = (key: AnyPgColumn, entries: [number, SQL][]) =>
  entries.length === 0 ? sql`NULL::int8` : sql`(CASE ${key} ${sql.join(entries.map(([k, v]) => sql`WHEN ${integer(k)} THEN ${v}`), sql` `)} END)`;
const lookup = (key: AnyPgColumn, entries: [number, number][]) => lookupSql(key, entries.map(([k, v]) => [k, integer(v)]));

export type RowReason = (typeof ROW_REASONS)[number];

/**
 * The same reasoning as `diagnose` without the chains, as SQL conditions on pending messages:
 * what `/api/messages?reason=` filters by and the route matrix counts. test/e2e/diagnosis.test.ts
 * checks that each list item's reason is the one whose condition selects it.
 */
export function reasonConditions(ctx: RouteContext): Record<RowReason, SQL> {
  const none = sql`false` as SQL;
  const chains = indexed.manifest.chains;
  const isIndexed = (c: (typeof chains)[number]) => c.deployments.length > 0 && ctx.progress.has(c.chainId);
  const notIndexed = chains.filter((c) => !isIndexed(c)).map((c) => c.chainId);
  const notIndexedCondition = notIndexed.length ? inArray(message.destinationChainId, notIndexed) : none;
  // One comparison with a lookup each, not an OR of one per chain or route: the conditions are
  // repeated in every reason and a matrix counts them all, so their size is the query's.
  const indexedUpTo = lookup(message.destinationChainId, chains.filter(isIndexed).map((c) => [c.chainId, ctx.progress.get(c.chainId)!.timestamp]));
  const lagging = sql`${message.dispatchTimestamp} > coalesce(${indexedUpTo}, ${sql.raw(NEVER)})` as SQL;
  const byOrigin = new Map<number, [number, number][]>();
  for (const [route, p99] of ctx.p99) {
    const [origin, destination] = route.split(":").map(Number) as [number, number];
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), [destination, p99]]);
  }
  const routeP99 = lookupSql(message.originChainId, [...byOrigin].map(([origin, p99s]) => [origin, lookup(message.destinationDomain, p99s)]));
  const young = sql`${message.dispatchTimestamp} >= ${integer(ctx.now)} - coalesce(${routeP99}, -${sql.raw(NEVER)})` as SQL;
  const unpaid = eq(message.gasPayments, 0);
  const reachable = and(isNotNull(message.destinationChainId), not(notIndexedCondition), not(lagging))!;
  return {
    unknown_destination: isNull(message.destinationChainId),
    destination_not_indexed: notIndexedCondition,
    destination_lagging: lagging,
    no_gas_paid: and(reachable, unpaid)!,
    in_flight: and(reachable, not(unpaid), young)!,
    not_relayed: and(reachable, not(unpaid), not(young))!,
  };
}
