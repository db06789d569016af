import { z } from "zod";

/** The pieces the API's answers are made of, as zod schemas for the API document. */
export const hex = z.string().regex(/^0x[0-9a-fA-F]*$/);
export const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/);
export const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);
/** A 20-byte address when the bytes32 holds one, else the bytes32 (as `toAccount` writes it) */
export const accountOut = z.string().regex(/^0x([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/);
/** An amount of wei, gas or token units, in decimal */
export const decimalString = z.string().regex(/^-?\d+$/);
export const int = z.number().int();
export const unixTime = z.number().int().describe("unix seconds");

export const chainRef = z.object({ chainId: int.nullable(), name: z.string().nullable() });

/** A page of a list, newest first: pass `nextCursor` back as `cursor` for the next one. */
export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
