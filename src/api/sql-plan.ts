/** What the planner expects a query to cost (its units: a page read is 1) and to return. */
export type PlanEstimate = { cost: number; rows: number };

type PlanNode = { "Node Type"?: string; "Startup Cost"?: number; "Total Cost"?: number; "Plan Rows"?: number; Plans?: PlanNode[] };

/**
 * PostgreSQL (to 17) adds this to the startup cost of a plan node of a kind that is switched
 * off, to steer the planner away from it; PGlite runs with enable_seqscan off.
 */
export const DISABLE_COST = 1e10;

/**
 * The top node of `EXPLAIN (FORMAT JSON)`, as PGlite and node-postgres return it: one row, one
 * column "QUERY PLAN" holding `[{ Plan: { "Total Cost", "Plan Rows", … } }]` (as text or parsed).
 * The cost is without the penalty of each switched-off sequential scan, counted once: a scan
 * the plan repeats keeps its further penalties, and is costed out of any budget.
 */
export function planEstimate(result: unknown): PlanEstimate {
  const rows = (result as { rows?: Record<string, unknown>[] }).rows;
  const cell = rows?.[0]?.["QUERY PLAN"];
  const plan = (typeof cell === "string" ? JSON.parse(cell) : cell) as { Plan?: PlanNode }[] | undefined;
  const top = plan?.[0]?.Plan;
  const cost = top?.["Total Cost"];
  const planRows = top?.["Plan Rows"];
  if (!top || typeof cost !== "number" || typeof planRows !== "number") throw new Error("the planner gave no estimate");
  return { cost: Math.round((cost - disabledScans(top) * DISABLE_COST) * 100) / 100, rows: planRows };
}

const disabledScans = (node: PlanNode): number =>
  (node["Node Type"] === "Seq Scan" && (node["Startup Cost"] ?? 0) >= DISABLE_COST ? 1 : 0) +
  (node.Plans ?? []).reduce((sum, child) => sum + disabledScans(child), 0);
