import { PGlite } from "@electric-sql/pglite";
import { drizzle } from "drizzle-orm/pglite";
import { describe, expect, it } from "vitest";
import { useDb } from "../src/api/db";
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
});
