import { bytesToHex, type Hex } from "viem";

/**
 * A seeded pseudo-random source: the devnet's scenarios, traffic and relay delays are drawn
 * from it so that a seed fixes every outcome a test compares against.
 */
export type Random = () => number;

/** mulberry32: 32 bits of state, good enough spread for test data, and trivially portable. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}

/** An integer in [min, max], both included. */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick: expected at least one item");
  return items[randomInt(random, 0, items.length - 1)] as T;
}

export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

/** Fisher–Yates on a copy. */
export function shuffle<T>(random: Random, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export function randomBytes(random: Random, length: number): Hex {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = randomInt(random, 0, 255);
  return bytesToHex(bytes);
}
