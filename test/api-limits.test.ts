import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { operationCost } from "../src/api/graphql-cost";
import { clientErrorResponse } from "../src/api/http-server";
import { DISABLE_COST, planEstimate } from "../src/api/sql-plan";

/** Costs counted by hand from Ponder's rules: a page reads `limit` (default 50) rows per parent row. */
describe("operationCost", () => {
  const cost = (query: string, variables?: Record<string, unknown>) => operationCost(parse(query), variables);

  it("multiplies nested pages: 40 + 40 one-relations + 40·40 + 40·40 + 40·40·40", () => {
    const query = `{messages(limit:40){items{id origin{dispatched(limit:40){items{id origin{dispatched(limit:40){items{id}}}}}}}}}`;
    expect(cost(query)).toEqual({ rows: 40 + 40 + 1600 + 1600 + 64000, pages: 1 + 40 + 1600, depth: 9, aliases: 0 });
  });

  it("takes Ponder's default of 50 rows where no limit is given, and counts an offset as read", () => {
    expect(cost(`{ chains { items { name } } }`)).toMatchObject({ rows: 50, pages: 1, depth: 3 });
    expect(cost(`{ chains(limit: 10, offset: 990) { items { name } } }`)).toMatchObject({ rows: 1000, pages: 1 });
  });

  it("reads limits from variables and their defaults, and the maximum when a variable is not a number", () => {
    const query = `query($n: Int = 7) { messages(limit: $n) { items { id } } }`;
    expect(cost(query, { n: 30 }).rows).toBe(30);
    expect(cost(query).rows).toBe(7);
    expect(cost(query, { n: "30" }).rows).toBe(1000);
  });

  it("expands fragments where they are spread, inline or named, and counts every alias", () => {
    const query = `{ a: messages(limit: 2) { ...M } b: messages(limit: 3) { items { ... on message { id } } } }
      fragment M on messagePage { items { payments(limit: 5) { items { id } } } }`;
    expect(cost(query)).toEqual({ rows: 2 + 2 * 5 + 3, pages: 1 + 2 + 1, depth: 5, aliases: 2 });
  });

  it("does not loop on fragments that spread each other", () => {
    const query = `{ messages { ...A } } fragment A on messagePage { items { id } ...B } fragment B on messagePage { ...A }`;
    expect(cost(query)).toMatchObject({ rows: 50, pages: 1 });
  });

  it("takes the costliest of several operations", () => {
    expect(cost(`query A { chains(limit: 1) { items { id } } } query B { chains(limit: 9) { items { id } } }`).rows).toBe(9);
  });
});

describe("planEstimate", () => {
  const explained = (plan: object) => ({ rows: [{ "QUERY PLAN": [{ Plan: plan }] }] });
  const seqScan = (disabled: boolean, total: number, rows: number) => ({
    "Node Type": "Seq Scan",
    "Startup Cost": disabled ? DISABLE_COST : 0,
    "Total Cost": (disabled ? DISABLE_COST : 0) + total,
    "Plan Rows": rows,
  });

  it("reads the top node's cost and rows, parsed or as text", () => {
    expect(planEstimate(explained(seqScan(false, 11.1, 110)))).toEqual({ cost: 11.1, rows: 110 });
    expect(planEstimate({ rows: [{ "QUERY PLAN": JSON.stringify([{ Plan: seqScan(false, 2, 3) }]) }] })).toEqual({ cost: 2, rows: 3 });
  });

  it("takes off the penalty of each switched-off sequential scan once (PGlite's three-way join)", () => {
    const join = {
      "Node Type": "Nested Loop",
      "Startup Cost": 3 * DISABLE_COST,
      "Total Cost": 3 * DISABLE_COST + 16822.6,
      "Plan Rows": 1331000,
      Plans: [seqScan(true, 11.1, 110), { "Node Type": "Materialize", Plans: [seqScan(true, 11.1, 110)] }, seqScan(true, 11.1, 110)],
    };
    expect(planEstimate(explained(join))).toEqual({ cost: 16822.6, rows: 1331000 });
  });

  it("keeps the penalties of a scan the plan repeats: out of any budget", () => {
    const rescanned = { "Node Type": "Nested Loop", "Startup Cost": 2 * DISABLE_COST, "Total Cost": 111 * DISABLE_COST, "Plan Rows": 5, Plans: [seqScan(true, 1, 110), seqScan(true, 1, 1)] };
    expect(planEstimate(explained(rescanned)).cost).toBeGreaterThan(DISABLE_COST);
  });

  it("refuses to guess without a plan", () => {
    expect(() => planEstimate({ rows: [] })).toThrow(/no estimate/);
  });
});

describe("clientErrorResponse", () => {
  it("answers Node's header overflow as a JSON 431 with a correct length", () => {
    const response = clientErrorResponse("HPE_HEADER_OVERFLOW");
    const [head, body] = response.split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1.1 431 Request Header Fields Too Large\r\n/);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body!)}`);
    expect(JSON.parse(body!).error.code).toBe("request_header_fields_too_large");
    expect(clientErrorResponse("HPE_INVALID_METHOD")).toMatch(/^HTTP\/1.1 400 Bad Request/);
  });
});
