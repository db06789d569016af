import { describe, expect, it } from "vitest";
import { readScratch, updateScratch, upsertSides, writeScratch } from "../src/store";

/**
 * The part of Ponder's store API the helpers use, over a Map keyed by the primary key's values
 * (the test tables below name theirs), handing out rows the way Ponder does: behind a proxy.
 */
function memoryDb(primaryKey: string) {
  const rows = new Map<string, Record<string, unknown>>();
  const keyOf = (row: Record<string, unknown>) => String(row[primaryKey]);
  const handOut = (row: Record<string, unknown>) => new Proxy(row, {});
  return {
    rows,
    find: async (_table: unknown, key: Record<string, unknown>) => {
      const row = rows.get(keyOf(key));
      return row ? handOut(row) : null;
    },
    insert: (_table: unknown) => ({
      values: (values: Record<string, unknown>) => ({
        onConflictDoUpdate: async (set: Record<string, unknown> | ((row: Record<string, unknown>) => Record<string, unknown>)) => {
          const found = rows.get(keyOf(values));
          if (!found) return rows.set(keyOf(values), { ...values });
          Object.assign(found, typeof set === "function" ? set(handOut(found)) : set);
        },
      }),
    }),
    update: (_table: unknown, key: Record<string, unknown>) => ({
      set: async (set: Record<string, unknown> | ((row: Record<string, unknown>) => Record<string, unknown>)) => {
        const found = rows.get(keyOf(key));
        if (!found) throw Object.assign(new Error("No existing record found"), { name: "RecordNotFoundError" });
        Object.assign(found, typeof set === "function" ? set(handOut(found)) : set);
        return handOut(found);
      },
    }),
  };
}

const table = {};
const A = "0xaa";
const B = "0xbb";

describe("same-transaction scratch rows", () => {
  it("answer only the transaction that wrote them, one row per chain", async () => {
    const db = memoryDb("chainId");
    await writeScratch(db as never, table, 1, A, { messageId: null });
    await writeScratch(db as never, table, 2, B, { messageId: null });
    expect(await readScratch(db as never, table, 1, A)).toMatchObject({ chainId: 1, txHash: A });
    expect(await readScratch(db as never, table, 1, B)).toBeUndefined();
    expect(await updateScratch(db as never, table, 1, A, { messageId: "0x01" })).toMatchObject({ txHash: A, messageId: "0x01" });
    // Another transaction on chain 1, with no scratch row of its own, changes nothing.
    expect(await updateScratch(db as never, table, 1, B, { messageId: "0x02" })).toBeUndefined();
    expect(db.rows.get("1")).toEqual({ chainId: 1, txHash: A, messageId: "0x01" });
    // The next transaction's write replaces the chain's row.
    await writeScratch(db as never, table, 1, B, { messageId: null });
    expect(await readScratch(db as never, table, 1, A)).toBeUndefined();
    expect(db.rows.size).toBe(2);
  });

  it("answer nothing on a chain no transaction wrote to", async () => {
    const db = memoryDb("chainId");
    expect(await readScratch(db as never, table, 3, A)).toBeUndefined();
    expect(await updateScratch(db as never, table, 3, A, { messageId: "0x01" })).toBeUndefined();
  });
});

describe("upsertSides", () => {
  type Row = { id: string; a: number | null; b: number | null; sum: number | null };
  const blank = { a: null, b: null, sum: null };
  const derive = (r: Omit<Row, "id">) => ({ sum: r.a !== null && r.b !== null ? r.a + r.b : null });

  it("ends in the same row whichever side comes first, and reports the row before", async () => {
    const first = memoryDb("id");
    await upsertSides<Row>(first as never, table, "x", blank, derive, () => ({ a: 1 }));
    const second = await upsertSides<Row>(first as never, table, "x", blank, derive, () => ({ b: 2 }));
    const other = memoryDb("id");
    await upsertSides<Row>(other as never, table, "x", blank, derive, () => ({ b: 2 }));
    await upsertSides<Row>(other as never, table, "x", blank, derive, () => ({ a: 1 }));
    expect(first.rows.get("x")).toEqual({ id: "x", a: 1, b: 2, sum: 3 });
    expect(other.rows.get("x")).toEqual(first.rows.get("x"));
    expect(second.before).toEqual({ id: "x", a: 1, b: null, sum: null });
    expect(second.row).toEqual({ id: "x", a: 1, b: 2, sum: 3 });
  });
});
