import { and, desc, eq, gte, lt, sum } from "ponder";
import schema from "ponder:schema";
import { formatUnits } from "viem";
import { z } from "zod";
import { db } from "../api/db";
import { invalidParameter } from "../api/errors";
import { chain, chainExpected, limit, oneOf, text, timeWindow, window } from "../api/params";
import { decimalString, int } from "../api/shapes";
import { loadChains } from "../network/chains";
import { NORMALISED_DECIMALS } from "./tokenMessage";

const { transferBucket: bucket } = schema;

const MAX_POINTS = 5_000;
const volume = (raw: bigint | string | null) => formatUnits(BigInt(raw ?? 0), NORMALISED_DECIMALS);

export const seriesQuery = z.object({
  interval: oneOf(["hour", "day"]).default("day"),
  ...window,
  route: text("a route").optional(),
  asset: text("a asset").optional(),
  origin: chain.optional(),
  destination: chain.optional(),
});

export const seriesSchema = z.object({
  interval: z.enum(["hour", "day"]),
  dimension: z.enum(["route", "asset", "pair"]),
  key: z.string().nullable(),
  from: int.nullable(),
  to: int.nullable(),
  points: z.array(
    z.object({
      start: int,
      transfers: int,
      volumeRaw: decimalString.nullable().describe("in the route's own unit: only for a route"),
      volume: z.string().describe("normalised to 18 decimals"),
      senders: int.nullable(),
      delivered: int,
    }),
  ),
});

/**
 * One series: a route, an asset, or a chain pair (origin and destination); with none of them,
 * every asset together. Read from the buckets the handlers keep, never from the transfers.
 */
export async function series(q: z.output<typeof seriesQuery>): Promise<z.input<typeof seriesSchema>> {
  const { interval } = q;
  const { from, to } = timeWindow(q);
  const selectors = (["route", "asset", "origin", "destination"] as const).filter((name) => q[name] !== undefined);
  if (selectors.length > 1 && !selectors.every((name) => name === "origin" || name === "destination")) {
    // Two selectors that are not a pair: the first of them is route or asset.
    const first = selectors[0] as "route" | "asset";
    throw invalidParameter(first, "only one of route, asset, or origin with destination", q[first]);
  }
  let dimension: "route" | "asset" | "pair" = "asset";
  let key: string | undefined;
  if (q.route !== undefined) [dimension, key] = ["route", q.route];
  else if (q.asset !== undefined) [dimension, key] = ["asset", q.asset];
  else if (q.origin !== undefined || q.destination !== undefined) {
    // A pair needs both ends: the one missing is named.
    if (!q.origin || !q.destination) throw invalidParameter(q.origin ? "destination" : "origin", chainExpected(await loadChains()), undefined);
    [dimension, key] = ["pair", `${q.origin.chainId}>${q.destination.chainId}`];
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
    throw invalidParameter("from", `a window of at most ${MAX_POINTS} ${interval}s with transfers (narrow from and to)`, q.from === undefined ? undefined : String(q.from));
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

export const topQuery = z.object({ ...window, limit: limit(100) });

export const topSchema = (dimension: "route" | "asset") =>
  z.object({ items: z.array(z.object({ [dimension]: z.string(), transfers: int, volume: z.string(), delivered: int })) });

/** The keys of one dimension ranked by volume over a window (hourly buckets summed). */
export async function top(dimension: "route" | "asset", q: z.output<typeof topQuery>) {
  const { from, to } = timeWindow(q);
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
    .limit(q.limit);
  return { items: rows.map((r) => ({ [dimension]: r.key, transfers: r.transfers, volume: volume(r.volume), delivered: r.delivered })) };
}

