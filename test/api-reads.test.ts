import { PGlite } from "@electric-sql/pglite";
import { eq, sql } from "drizzle-orm";
import { bigint, boolean, integer, pgTable, text } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/pglite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { batchedRead, mapRowsOnce, sharedRead, useDb } from "../src/api/db";
import type { Db } from "../src/domain";
import { loadChains } from "../src/network/chains";

describe("shared reads", () => {
  it("loadChains reads the chain table once for every request within its time", async () => {
    const client = new PGlite();
    await client.exec(`CREATE TABLE chain (chain_id integer PRIMARY KEY, name text NOT NULL, domain_id integer NOT NULL, stack text NOT NULL, settles_on integer);
      INSERT INTO chain VALUES (2, 'rollup', 2, 'orbit', 1), (1, 'settlement', 1, 'settlement', NULL)`);
    const statements: string[] = [];
    const query = client.query.bind(client);
    client.query = ((text: string, ...rest: never[]) => (statements.push(text), query(text, ...rest))) as typeof client.query;
    useDb(drizzle(client) as unknown as Db);

    const answers = await Promise.all(Array.from({ length: 5 }, () => loadChains()));
    await loadChains();
    await loadChains();

    expect(statements.filter((s) => /from "chain"/i.test(s))).toHaveLength(1);
    expect(answers[0]!.map((c) => [c.chainId, c.name, c.settlesOn])).toEqual([
      [1, "settlement", null],
      [2, "rollup", 1],
    ]);
    await client.close();
  });

  afterEach(() => vi.useRealTimers());

  it("gives the old answer while a refresh is under way, one refresh at a time, and keeps it if the refresh fails", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    const loads: { resolve: (v: number) => void; reject: (e: Error) => void }[] = [];
    const read = sharedRead(1_000, () => new Promise<number>((resolve, reject) => loads.push({ resolve, reject })));

    const first = [read(), read()];
    expect(loads).toHaveLength(1);
    loads[0]!.resolve(1);
    expect(await Promise.all(first)).toEqual([1, 1]);

    vi.setSystemTime(Date.now() + 1_001);
    expect(await read()).toBe(1);
    expect(await read()).toBe(1);
    expect(loads).toHaveLength(2);
    loads[1]!.resolve(2);
    await Promise.resolve();
    expect(await read()).toBe(2);

    vi.setSystemTime(Date.now() + 1_001);
    expect(await read()).toBe(2);
    loads[2]!.reject(new Error("database away"));
    await new Promise((r) => setImmediate(r));
    expect(await read()).toBe(2);
    expect(loads).toHaveLength(3);
  });

  it("asks again after a first read that failed", async () => {
    let n = 0;
    const read = sharedRead(60_000, async () => (++n === 1 ? Promise.reject(new Error("away")) : n));
    await expect(read()).rejects.toThrow("away");
    expect(await read()).toBe(2);
  });
});

describe("a prepared select's rows mapped once", () => {
  const letter = pgTable("letter", { id: text().primaryKey(), sentAt: integer(), paid: bigint({ mode: "bigint" }).notNull() });
  const stamp = pgTable("stamp", { letterId: text(), kind: text(), rare: boolean(), value: bigint({ mode: "bigint" }) });

  it("gives what drizzle's own mapping gives: joined objects, nulls, decoded values", async () => {
    const client = new PGlite();
    await client.exec(`CREATE TABLE letter (id text PRIMARY KEY, sent_at integer, paid bigint NOT NULL);
      CREATE TABLE stamp (letter_id text, kind text, rare boolean, value bigint);
      INSERT INTO letter VALUES ('a', 1, 9007199254740993), ('b', NULL, 0), ('c', 3, 7);
      INSERT INTO stamp VALUES ('a', 'airmail', true, 12), ('c', NULL, NULL, NULL)`);
    const db = drizzle(client, { casing: "snake_case" });
    const select = () =>
      db
        .select({ letter, stamp: { kind: stamp.kind, rare: stamp.rare, value: stamp.value }, stampOf: { letterId: stamp.letterId } })
        .from(letter)
        .leftJoin(stamp, eq(stamp.letterId, letter.id))
        .where(eq(letter.id, sql.placeholder("id")));
    const drizzles = select().prepare("drizzle_maps");
    const once = mapRowsOnce(select().prepare("mapped_once"));
    for (const id of ["a", "b", "c", "none"]) expect(await once.execute({ id })).toEqual(await drizzles.execute({ id }));
    // Several ids in one array parameter, as batched lookups read them (src/messaging/queries.ts).
    const several = mapRowsOnce(
      db.select({ letter }).from(letter).where(sql`${letter.id} = any(${sql.placeholder("ids")})`).orderBy(letter.id).prepare("several"),
    );
    expect((await several.execute({ ids: ["c", "a", "none"] })).map((r) => r.letter.id)).toEqual(["a", "c"]);
    // The ground truth, by hand: no stamp row is a null object; a stamp row whose first column is null is too (as drizzle has it).
    expect(await once.execute({ id: "a" })).toEqual([{ letter: { id: "a", sentAt: 1, paid: 9007199254740993n }, stamp: { kind: "airmail", rare: true, value: 12n }, stampOf: { letterId: "a" } }]);
    expect((await once.execute({ id: "b" }))[0]).toMatchObject({ stamp: null, stampOf: null });
    expect((await once.execute({ id: "c" }))[0]).toMatchObject({ stamp: null, stampOf: { letterId: "c" } });
    await client.close();
  });
});

describe("batched reads", () => {
  it("runs at most its loads at once, and reads the keys asked meanwhile together, each answered its own", async () => {
    const loads: { keys: string[]; resolve: (found: Map<string, string>) => void; reject: (e: Error) => void }[] = [];
    const read = batchedRead(2, (keys: string[]) => new Promise<Map<string, string>>((resolve, reject) => loads.push({ keys, resolve, reject })));
    const answer = (i: number) => loads[i]!.resolve(new Map(loads[i]!.keys.filter((k) => k !== "unknown").map((k) => [k, k.toUpperCase()])));

    const asked = ["a", "b", "c", "d", "c", "unknown"].map(read);
    expect(loads.map((l) => l.keys)).toEqual([["a"], ["b"]]);
    answer(0);
    await new Promise((r) => setImmediate(r));
    expect(loads.map((l) => l.keys)).toEqual([["a"], ["b"], ["c", "d", "unknown"]]);
    answer(1);
    answer(2);
    expect(await Promise.all(asked)).toEqual(["A", "B", "C", "D", "C", undefined]);

    const failing = [read("e"), read("f"), read("g")];
    loads[3]!.reject(new Error("database away"));
    await expect(failing[0]).rejects.toThrow("away");
    answer(4);
    await new Promise((r) => setImmediate(r));
    loads[5]!.reject(new Error("away again"));
    expect(await failing[1]).toBe("F");
    await expect(failing[2]).rejects.toThrow("away again");
    expect(loads.map((l) => l.keys).slice(3)).toEqual([["e"], ["f"], ["g"]]);
  });
});
