import { and, avg, count, eq, gte, isNotNull, lt, max, sql, sum } from "ponder";
import schema from "ponder:schema";
import { z } from "zod";
import { db } from "../api/db";
import { chain, timeWindow, window } from "../api/params";
import { chainRef as chainRefSchema, decimalString, int } from "../api/shapes";
import { chainRef, loadChains } from "../network/chains";
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

/** Counts are never null; the latency figures are not when a message was delivered. */
const presentFigures = ({ messages, delivered, unpaid, p50, p90, p99, max, mean, ...reasons }: MessageFigures) => ({
  messages: messages!,
  delivered: delivered!,
  pending: messages! - delivered!,
  unpaid: unpaid!,
  pendingByReason: Object.fromEntries(ROW_REASONS.map((r) => [r, reasons[`reason_${r}`] as number])) as Record<(typeof ROW_REASONS)[number], number>,
  latencySeconds: delivered ? { p50: p50!, p90: p90!, p99: p99!, max: max!, mean: Math.round(mean! * 100) / 100 } : null,
});

export const matrixQuery = z.object({ ...window, origin: chain.optional(), destination: chain.optional() });

const figureFields = {
  messages: int,
  delivered: int,
  pending: int,
  unpaid: int,
  pendingByReason: z
    .object(Object.fromEntries(ROW_REASONS.map((r) => [r, int])) as Record<(typeof ROW_REASONS)[number], typeof int>)
    .describe("pending messages by the reason their rows tell (the full check of one is /api/messages/{id}/diagnosis)"),
  latencySeconds: z.object({ p50: int, p90: int, p99: int, max: int, mean: z.number() }).nullable().describe("over delivered messages; percentiles are observed values"),
};
export const matrixSchema = z.object({
  from: int.nullable(),
  to: int.nullable(),
  pairs: z.array(
    z.object({
      origin: chainRefSchema,
      destination: chainRefSchema.extend({ domainId: int.nullable() }),
      ...figureFields,
      gasPaid: decimalString.describe("wei, in the origin chain's native token"),
    }),
  ),
  total: z.object(figureFields),
});

/**
 * The route matrix of messages dispatched in a window (by dispatch time): per origin and
 * destination, how many, how many delivered, pending and never paid for, the gas paid, and the
 * delivery latency's percentiles, and the pending ones by the reason their rows tell.
 * Percentiles do not add up across buckets, so this reads the message rows (by the origin and
 * time index) rather than buckets.
 */
export async function messageMatrix(q: z.output<typeof matrixQuery>): Promise<z.input<typeof matrixSchema>> {
  const { from, to } = timeWindow(q);
  const [chains, ctx] = await Promise.all([loadChains(), routeContext()]);
  const figures = { ...messageFigures, ...reasonFigures(reasonConditions(ctx)) };
  const where = [isNotNull(message.dispatchTimestamp), gte(message.dispatchTimestamp, from), lt(message.dispatchTimestamp, to)];
  if (q.origin !== undefined) where.push(eq(message.originChainId, q.origin.chainId));
  if (q.destination !== undefined) where.push(eq(message.destinationDomain, q.destination.domainId));
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

