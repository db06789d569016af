import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { toAccount } from "../messaging/message";
import { invalidParameter } from "./errors";

/** Parses one request value with zod; a failure is a 400 naming the parameter. */
export function param<T>(name: string, schema: z.ZodType<T>, expected: string, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidParameter(name, expected, value);
  return result.data;
}

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/).transform((v) => v.toLowerCase() as `0x${string}`);

export const messageIdParam = (value: unknown) => param("id", hex32, "a 32-byte 0x-hex message id", value);
export const txHashParam = (value: unknown) => param("hash", hex32, "a 32-byte 0x-hex transaction hash", value);

/** A 20-byte address or a bytes32 account, stored and compared as `toAccount` writes it. */
export const accountParam = (name: string, value: unknown) =>
  param(
    name,
    z
      .string()
      .regex(/^0x([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/)
      .transform((v) => toAccount(v as `0x${string}`)),
    "a 20-byte address or a 32-byte 0x-hex account",
    value,
  );

/**
 * A whole number written in decimal digits only: `Number()` (and zod's coerce) would also take
 * "0x10", "2e2", " 5" and "" (as 0), which no client means as a count or a time.
 */
const decimal = (min: number, max: number) =>
  z.string().regex(/^(0|[1-9][0-9]{0,14})$/).transform(Number).pipe(z.number().min(min).max(max));

export const limitParam = (value: unknown, max = 200) =>
  param("limit", decimal(1, max).default(50), `an integer from 1 to ${max}`, value);

export const unixSecondsParam = (name: string, value: unknown) => param(name, decimal(0, 2 ** 40), "unix seconds", value);

export const enumParam = <const T extends readonly [string, ...string[]]>(name: string, values: T, value: unknown) =>
  param(name, z.enum(values), `one of ${values.join(", ")}`, value);

/**
 * Opaque page cursors: base64url of `timestamp:id` of the last row served and a MAC of it, so
 * the API reads back only cursors it issued. The key is API_CURSOR_SECRET when replicas must
 * read each other's cursors; otherwise one drawn per process (a restart ends open pagings).
 */
/** id: a 32-byte id, or one keyed with a chain id (`chainId:0x…` or `chainId:word:N`, bridge transfers) */
export type Cursor = { timestamp: number; id: `0x${string}` | `${number}:0x${string}` | `${number}:${string}:${number}` };

const CURSOR_KEY = process.env.API_CURSOR_SECRET || randomBytes(32);
const MAC_BYTES = 8;
const cursorMac = (text: string) => createHmac("sha256", CURSOR_KEY).update(text).digest().subarray(0, MAC_BYTES);

export function encodeCursor({ timestamp, id }: Cursor) {
  const text = `${timestamp}:${id}`;
  return Buffer.concat([Buffer.from(text), cursorMac(text)]).toString("base64url");
}

export function cursorParam(value: unknown): Cursor | undefined {
  if (value === undefined) return undefined;
  const bytes = typeof value === "string" && /^[A-Za-z0-9_-]{1,200}$/.test(value) ? Buffer.from(value, "base64url") : Buffer.alloc(0);
  const text = bytes.subarray(0, -MAC_BYTES).toString();
  const mac = bytes.subarray(-MAC_BYTES);
  const match = /^(\d{1,15}):((?:\d{1,20}:)?0x[0-9a-f]{64}|\d{1,20}:[a-z]{1,20}:\d{1,78})$/.exec(text);
  if (!match || mac.length !== MAC_BYTES || !timingSafeEqual(mac, cursorMac(text))) {
    throw invalidParameter("cursor", "a cursor returned as nextCursor", value);
  }
  return { timestamp: Number(match[1]), id: match[2] as Cursor["id"] };
}

/** The time window of a query: `from` inclusive, `to` exclusive, each open when absent. */
export function timeWindow(q: Record<string, string>) {
  const from = q.from === undefined ? 0 : unixSecondsParam("from", q.from);
  const to = q.to === undefined ? 2 ** 40 : unixSecondsParam("to", q.to);
  if (from >= to) throw q.from === undefined ? invalidParameter("to", "a time after 0", q.to) : invalidParameter("from", `a time before to (${to})`, q.from);
  return { from, to };
}
