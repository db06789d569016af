import { and, desc, eq, gte, lt, sum } from "ponder";
import schema from "ponder:schema";
import { formatUnits } from "viem";
import { z } from "zod";
import { db } from "../api/db";
import { invalidParameter } from "../api/errors";
import { enumParam, limitParam, param, timeWindow } from "../api/params";
import { loadChains, resolveChain } from "../network/chains";
import { NORMALISED_DECIMALS } from "./tokenMessage";

const { transferBucket: bucket } = schema;

const MAX_POINTS = 5_000;
const text = (name: string, value: unknown) => param(name, z.string().min(1).max(100), `a ${name}`, value);
const volume = (raw: bigint | string | null) => formatUnits(BigInt(raw ?? 0), NORMALISED_DECIMALS);

/**
 * One series: a route, an asset, or a chain pair (origin and destination); with none of them,
 * every asset together. Read from the buckets the handlers keep, never from the transfers.
 */
export async function series(q: Record<string, string>) {
  const interval = enumParam("interval", ["hour", "day"] as const, q.interval ?? "day");
  const { from, to } = timeWindow(q);
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
export async function top(dimension: "route" | "asset", q: Record<string, string>) {
  const { from, to } = timeWindow(q);
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

