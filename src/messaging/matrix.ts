import { and, avg, count, eq, gte, isNotNull, lt, max, sql, sum } from "ponder";
import schema from "ponder:schema";
import { db } from "../api/db";
import { timeWindow } from "../api/params";
import { chainRef, loadChains, resolveChain } from "../network/chains";
import { ROW_REASONS } from "./diagnosis";
import { reasonConditions, routeContext } from "./facts";

const { message } = schema;

/** Delivery latency over delivered messages: percentiles are observed values (percentile_disc). */
const latencyOf = (p: number) => sql`percentile_disc(${sql.raw(String(p))}) within group (order by ${message.latencySeconds})`.mapWith(Number);
const messageFigures = {
  messages: count(),
  delivered: count(message.deliveryTimestamp),
  unpaid: sql`count(*) filter (where ${message.gasPayments} = 0)`.mapWith(Number),
  p50: latencyOf(0.5),
  p90: latencyOf(0.9),
  p99: latencyOf(0.99),
  max: max(message.latencySeconds),
  mean: avg(message.latencySeconds).mapWith(Number),
};
type MessageFigures = { [K in keyof typeof messageFigures]: number | null } & Record<string, unknown>;

/** Pending messages counted by the reason their rows tell (see facts.ts `reasonConditions`). */
const reasonFigures = (conditions: ReturnType<typeof reasonConditions>) =>
  Object.fromEntries(
    ROW_REASONS.map((r) => [`reason_${r}`, sql`count(*) filter (where ${message.status} = 'pending' and ${conditions[r]})`.mapWith(Number)]),
  );

const presentFigures = ({ messages, delivered, unpaid, p50, p90, p99, max, mean, ...reasons }: MessageFigures) => ({
  messages,
  delivered,
  pending: messages! - delivered!,
  unpaid,
  pendingByReason: Object.fromEntries(ROW_REASONS.map((r) => [r, reasons[`reason_${r}`] as number])),
  latencySeconds: delivered ? { p50, p90, p99, max, mean: Math.round(mean! * 100) / 100 } : null,
});

/**
 * The route matrix of messages dispatched in a window (by dispatch time): per origin and
 * destination, how many, how many delivered, pending and never paid for, the gas paid, and the
 * delivery latency's percentiles, and the pending ones by the reason their rows tell.
 * Percentiles do not add up across buckets, so this reads the message rows (by the origin and
 * time index) rather than buckets.
 */
export async function messageMatrix(q: Record<string, string>) {
  const { from, to } = timeWindow(q);
  const [chains, ctx] = await Promise.all([loadChains(), routeContext()]);
  const figures = { ...messageFigures, ...reasonFigures(reasonConditions(ctx)) };
  const where = [isNotNull(message.dispatchTimestamp), gte(message.dispatchTimestamp, from), lt(message.dispatchTimestamp, to)];
  if (q.origin !== undefined) where.push(eq(message.originChainId, resolveChain("origin", q.origin, chains).chainId));
  if (q.destination !== undefined) where.push(eq(message.destinationDomain, resolveChain("destination", q.destination, chains).domainId));
  const [pairs, [total]] = await Promise.all([
    db
      .select({ origin: message.originChainId, destination: message.destinationDomain, gasPaid: sum(message.gasPaid), ...figures })
      .from(message)
      .where(and(...where))
      .groupBy(message.originChainId, message.destinationDomain)
      .orderBy(message.originChainId, message.destinationDomain),
    db.select(figures).from(message).where(and(...where)),
  ]);
  return {
    from: q.from === undefined ? null : from,
    to: q.to === undefined ? null : to,
    pairs: pairs.map(({ origin, destination, gasPaid, ...counts }) => ({
      origin: chainRef(origin, chains),
      destination: { domainId: destination, ...chainRef(chains.find((c) => c.domainId === destination)?.chainId ?? null, chains) },
      ...presentFigures(counts as MessageFigures),
      // In the origin chain's native token, wei: it does not add up across origins.
      gasPaid: String(gasPaid ?? 0),
    })),
    total: presentFigures(total as MessageFigures),
  };
}

