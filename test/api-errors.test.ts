import pg from "pg";
import { describe, expect, it } from "vitest";
import { freePort } from "../devnet/ports";
import { databaseUnreachable } from "../src/api/errors";
import { DATABASE_URL } from "./e2e/harness";

/** The errors pg raises for a database that is not there (503) and for one that answered (not). */
describe("databaseUnreachable", () => {
  it("is true for pg's own error on a closed port, and for the same error wrapped as a cause", async () => {
    const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${await freePort()}/test` });
    const error = await client.connect().then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(databaseUnreachable(error)).toBe(true);
    expect(databaseUnreachable(new Error("Failed query: SELECT 1", { cause: error }))).toBe(true);
  });

  it("is true for the server's shutdown, crash and start-up codes (SQLSTATE 57P01-57P03, class 08)", () => {
    for (const code of ["57P01", "57P02", "57P03", "08006", "08001"]) expect(databaseUnreachable(Object.assign(new Error("x"), { code }))).toBe(true);
    expect(databaseUnreachable(new Error("Connection terminated unexpectedly"))).toBe(true);
  });

  it("is false for an error the database answered with, and for anything else", async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    const error = await client.query("SELEC 1").then(
      () => undefined,
      (e: Error) => e,
    );
    await client.end();
    expect((error as { code?: string }).code).toBe("42601");
    expect(databaseUnreachable(error)).toBe(false);
    expect(databaseUnreachable(new Error("no route"))).toBe(false);
    expect(databaseUnreachable(undefined)).toBe(false);
  });
});
