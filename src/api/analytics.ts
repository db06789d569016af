import { Hono } from "hono";
import { and, avg, count, desc, eq, gte, isNotNull, lt, max, sql, sum } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { formatUnits } from "viem";
import { z } from "zod";
import { NORMALISED_DECIMALS } from "../tokens/tokenMessage";
import { invalidParameter } from "./errors";
import { chainRef, loadChains, resolveChain } from "./network";
import { enumParam, limitParam, param, unixSecondsParam } from "./params";

const { message, transferBucket: bucket } = schema;

const MAX_POINTS = 5_000;
const text = (name: string, value: unknown) => param(name, z.string().min(1).max(100), `a ${name}`, value);
const volume = (raw: bigint | string | null) => formatUnits(BigInt(raw ?? 0), NORMALISED_DECIMALS);

/** The time window of a query: `from` inclusive, `to` exclusive, each open when absent. */
function window(q: Record<string, string>) {
  const from = q.from === undefined ? 0 : unixSecondsParam("from", q.from);
  const to = q.to === undefined ? 2 ** 40 : unixSecondsParam("to", q.to);
  if (from >= to) throw q.from === undefined ? invalidParameter("to", "a time after 0", q.to) : invalidParameter("from", `a time before to (${to})`, q.from);
  return { from, to };
}

/**
 * One series: a route, an asset, or a chain pair (origin and destination); with none of them,
 * every asset together. Read from the buckets the handlers keep, never from the transfers.
 */
async function series(q: Record<string, string>) {
  const interval = enumParam("interval", ["hour", "day"] as const, q.interval ?? "day");
  const { from, to } = window(q);
  const selectors = (["route", "asset", "origin", "destination"] as const).filter((name) => q[name] !== undefined);
  if (selectors.length > 1 && !selectors.every((name) => name === "origin" || name === "destination")) {
    throw invalidParameter(selectors[0]!, "only one of route, asset, or origin with destination", q[selectors[0]!]);
  }
  let dimension: "route" | "asset" | "pair" = "asset";
  let key: string | undefined;
  if (q.route !== undefined) [dimension, key] = ["route", text("route", q.route)];
  else if (q.asset !== undefined) [dimension, key] = ["asset", text("asset", q.asset)];
  else if (q.origin !== undefined || q.destination !== undefined) {
    const chains = await loadChains();
    const origin = resolveChain("origin", q.origin, chains);
    const destination = resolveChain("destination", q.destination, chains);
    [dimension, key] = ["pair", `${origin.chainId}>${destination.chainId}`];
  }
  const rows = await db
    .select({
      start: bucket.start,
      transfers: sum(bucket.transfers).mapWith(Number),
      volumeRaw: sum(bucket.volumeRaw),
      volume: sum(bucket.volume),
      senders: sum(bucket.senders).mapWith(Number),
      delivered: sum(bucket.delivered).mapWith(Number),
    })
    .from(bucket)
    .where(
      and(
        eq(bucket.interval, interval),
        eq(bucket.dimension, dimension),
        key === undefined ? undefined : eq(bucket.key, key),
        gte(bucket.start, from),
        lt(bucket.start, to),
      ),
    )
    .groupBy(bucket.start)
    .orderBy(bucket.start)
    .limit(MAX_POINTS + 1);
  if (rows.length > MAX_POINTS) {
    throw invalidParameter("from", `a window of at most ${MAX_POINTS} ${interval}s with transfers (narrow from and to)`, q.from);
  }
  return {
    interval,
    dimension,
    key: key ?? null,
    from: q.from === undefined ? null : from,
    to: q.to === undefined ? null : to,
    points: rows.map((r) => ({
      start: r.start,
      transfers: r.transfers,
      // Raw amounts share one unit only within a route; senders add up only within one key.
      volumeRaw: dimension === "route" ? String(r.volumeRaw ?? 0) : null,
      volume: volume(r.volume),
      senders: key === undefined ? null : r.senders,
      delivered: r.delivered,
    })),
  };
}

/** The keys of one dimension ranked by volume over a window (hourly buckets summed). */
async function top(dimension: "route" | "asset", q: Record<string, string>) {
  const { from, to } = window(q);
  const limit = limitParam(q.limit, 100);
  const total = sum(bucket.volume);
  const rows = await db
    .select({
      key: bucket.key,
      transfers: sum(bucket.transfers).mapWith(Number),
      volume: total,
      delivered: sum(bucket.delivered).mapWith(Number),
    })
    .from(bucket)
    .where(and(eq(bucket.interval, "hour"), eq(bucket.dimension, dimension), gte(bucket.start, from), lt(bucket.start, to)))
    .groupBy(bucket.key)
    .orderBy(desc(total), bucket.key)
    .limit(limit);
  return { items: rows.map((r) => ({ [dimension]: r.key, transfers: r.transfers, volume: volume(r.volume), delivered: r.delivered })) };
}

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
type MessageFigures = { [K in keyof typeof messageFigures]: number | null };

const presentFigures = ({ messages, delivered, unpaid, p50, p90, p99, max, mean }: MessageFigures) => ({
  messages,
  delivered,
  pending: messages! - delivered!,
  unpaid,
  latencySeconds: delivered ? { p50, p90, p99, max, mean: Math.round(mean! * 100) / 100 } : null,
});

/**
 * The route matrix of messages dispatched in a window (by dispatch time): per origin and
 * destination, how many, how many delivered, pending and never paid for, the gas paid, and the
 * delivery latency's percentiles. Percentiles do not add up across buckets, so this reads the
 * message rows (by the origin and time index) rather than buckets.
 */
async function messageMatrix(q: Record<string, string>) {
  const { from, to } = window(q);
  const chains = await loadChains();
  const where = [isNotNull(message.dispatchTimestamp), gte(message.dispatchTimestamp, from), lt(message.dispatchTimestamp, to)];
  if (q.origin !== undefined) where.push(eq(message.originChainId, resolveChain("origin", q.origin, chains).chainId));
  if (q.destination !== undefined) where.push(eq(message.destinationDomain, resolveChain("destination", q.destination, chains).domainId));
  const [pairs, [total]] = await Promise.all([
    db
      .select({ origin: message.originChainId, destination: message.destinationDomain, gasPaid: sum(message.gasPaid), ...messageFigures })
      .from(message)
      .where(and(...where))
      .groupBy(message.originChainId, message.destinationDomain)
      .orderBy(message.originChainId, message.destinationDomain),
    db.select(messageFigures).from(message).where(and(...where)),
  ]);
  return {
    from: q.from === undefined ? null : from,
    to: q.to === undefined ? null : to,
    pairs: pairs.map(({ origin, destination, gasPaid, ...figures }) => ({
      origin: chainRef(origin, chains),
      destination: { domainId: destination, ...chainRef(chains.find((c) => c.domainId === destination)?.chainId ?? null, chains) },
      ...presentFigures(figures),
      // In the origin chain's native token, wei: it does not add up across origins.
      gasPaid: String(gasPaid ?? 0),
    })),
    total: presentFigures(total!),
  };
}

export const analytics = new Hono()
  .get("/messages", async (c) => c.json(await messageMatrix(c.req.query())))
  .get("/transfers", async (c) => c.json(await series(c.req.query())))
  .get("/top-routes", async (c) => c.json(await top("route", c.req.query())))
  .get("/top-assets", async (c) => c.json(await top("asset", c.req.query())));

