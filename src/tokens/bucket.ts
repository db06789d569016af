export const INTERVALS = { hour: 3_600, day: 86_400 } as const;
export type Interval = keyof typeof INTERVALS;

/** What a transfer adds to the buckets it falls in. */
export type BucketDelta = { transfers?: number; volumeRaw?: bigint; volume?: bigint; sender?: string; delivered?: number };

export type Placed = { route: string; symbol: string; originChainId: number; destinationChainId: number | null; timestamp: number };

/** The buckets of a transfer: every interval × (its route, its chain pair, its asset). */
export function bucketsOf(t: Placed) {
  const dimensions = [
    ["route", t.route],
    ["pair", `${t.originChainId}>${t.destinationChainId ?? "?"}`],
    ["asset", t.symbol],
  ] as const;
  return (Object.entries(INTERVALS) as [Interval, number][]).flatMap(([interval, seconds]) => {
    const start = t.timestamp - (t.timestamp % seconds);
    return dimensions.map(([dimension, key]) => ({ id: `${interval}:${start}:${dimension}:${key}`, interval, start, dimension, key }));
  });
}

