import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { toAccount } from "../messaging/message";
import { type ChainRow, loadChains } from "../network/chains";
import { invalidParameter } from "./errors";

/**
 * The request values the API takes, as zod schemas: each route declares one object of them for
 * its path and one for its query (src/api/route.ts), which parses the request and states it in
 * the API document. A field's description is what it expects: a failure is a 400 naming the
 * parameter, `limit: expected an integer from 1 to 200, got "ten"`. A check that needs more
 * than the value says what it expected in its issue's `params.expected`.
 */
export const field = <T extends z.ZodType>(schema: T, expected: string) => schema.describe(expected);

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/).transform((v) => v.toLowerCase() as `0x${string}`);

export const messageId = field(hex32, "a 32-byte 0x-hex message id");
export const txHash = field(hex32, "a 32-byte 0x-hex transaction hash");

/** A 20-byte address or a bytes32 account, stored and compared as `toAccount` writes it. */
export const account = field(
  z
    .string()
    .regex(/^0x([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/)
    .transform((v) => toAccount(v as `0x${string}`)),
  "a 20-byte address or a 32-byte 0x-hex account",
);

/**
 * A whole number written in decimal digits only: `Number()` (and zod's coerce) would also take
 * "0x10", "2e2", " 5" and "" (as 0), which no client means as a count or a time.
 */
const decimal = (min: number, max: number) =>
  z.string().regex(/^(0|[1-9][0-9]{0,15})$/).transform(Number).pipe(z.number().min(min).max(max));

/** A whole number in decimal digits from `min` to `max`: a chain id, a block number, an offset. */
export const wholeNumber = (min: number, max: number, expected: string) => field(decimal(min, max), expected);

export const limit = (max = 200) => field(decimal(1, max).default(50), `an integer from 1 to ${max}`);

export const unixSeconds = field(decimal(0, 2 ** 40), "unix seconds");

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) => field(z.enum(values), `one of ${values.join(", ")}`);

export const text = (expected: string, max = 100) => field(z.string().min(1).max(max), expected);

/** A chain named by the client, its manifest name or its chain id: the chain's row. */
export const chain = field(
  z.string().transform(async (value, ctx): Promise<ChainRow> => {
    const chains = await loadChains();
    const found = chains.find((c) => c.name === value || String(c.chainId) === value);
    if (!found) ctx.addIssue({ code: "custom", message: "unknown chain", params: { expected: chainExpected(chains) } });
    return found ?? (z.NEVER as never);
  }),
  "a chain name or chain id",
);
export const chainExpected = (chains: ChainRow[]) => `a chain name or chain id (${chains.map((c) => c.name).join(", ")})`;

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

function decodeCursor(value: string): Cursor | undefined {
  const bytes = /^[A-Za-z0-9_-]{1,200}$/.test(value) ? Buffer.from(value, "base64url") : Buffer.alloc(0);
  const text = bytes.subarray(0, -MAC_BYTES).toString();
  const mac = bytes.subarray(-MAC_BYTES);
  const match = /^(\d{1,15}):((?:\d{1,20}:)?0x[0-9a-f]{64}|\d{1,20}:[a-z]{1,20}:\d{1,78})$/.exec(text);
  if (!match || mac.length !== MAC_BYTES || !timingSafeEqual(mac, cursorMac(text))) return undefined;
  return { timestamp: Number(match[1]), id: match[2] as Cursor["id"] };
}

export const cursor = field(
  z.string().transform((value, ctx): Cursor => {
    const decoded = decodeCursor(value);
    if (!decoded) ctx.addIssue({ code: "custom", message: "not a cursor this API issued" });
    return decoded ?? (z.NEVER as never);
  }),
  "a cursor returned as nextCursor",
);

/** The time window of a query: `from` inclusive, `to` exclusive, each open when absent. */
export const window = { from: unixSeconds.optional(), to: unixSeconds.optional() };

export function timeWindow(q: { from?: number; to?: number }) {
  const from = q.from ?? 0;
  const to = q.to ?? 2 ** 40;
  if (from >= to) throw q.from === undefined ? invalidParameter("to", "a time after 0", String(q.to)) : invalidParameter("from", `a time before to (${to})`, String(q.from));
  return { from, to };
}

