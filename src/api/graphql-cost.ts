import { type DocumentNode, type FieldNode, Kind, type SelectionSetNode, type ValueNode } from "graphql";

/** Ponder's page size when a query names none, and the largest it serves (its graphql module). */
export const PONDER_DEFAULT_LIMIT = 50;
export const PONDER_MAX_LIMIT = 1000;

/**
 * What executing an operation can cost, counted before it runs: `rows` every row it may read
 * (a page fetches `limit` rows per parent row, an `offset` skips as many, a `one` relation one
 * per parent), `pages` the page queries (Ponder runs one per parent row and does not batch
 * them), `depth` the deepest field, `aliases` the aliased fields.
 */
export type OperationCost = { rows: number; pages: number; depth: number; aliases: number };

/**
 * The cost of the costliest operation of a document, read from its syntax alone: a page is a
 * field that selects `items`. Fragments are expanded where they are spread; a `limit` or
 * `offset` given by a variable counts the variable's value, or Ponder's maximum when it is not
 * a number, so no spelling of a query is cheaper here than when it runs.
 */
export function operationCost(document: DocumentNode, variables: Record<string, unknown> = {}): OperationCost {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  const cost: OperationCost = { rows: 0, pages: 0, depth: 0, aliases: 0 };
  for (const d of document.definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const defaults = Object.fromEntries((d.variableDefinitions ?? []).map((v) => [v.variable.name.value, v.defaultValue]));
    const own: OperationCost = { rows: 0, pages: 0, depth: 0, aliases: 0 };
    const number = (value: ValueNode | undefined, fallback: number): number => {
      if (value === undefined || value.kind === Kind.NULL) return fallback;
      if (value.kind === Kind.INT) return Number(value.value);
      if (value.kind === Kind.VARIABLE) {
        const given = variables[value.name.value];
        if (typeof given === "number") return given;
        if (given === null) return fallback;
        if (given === undefined) return number(defaults[value.name.value], fallback);
      }
      return PONDER_MAX_LIMIT;
    };
    const walk = (set: SelectionSetNode, instances: number, depth: number, spreads: readonly string[]) => {
      for (const s of set.selections) {
        if (s.kind === Kind.INLINE_FRAGMENT) walk(s.selectionSet, instances, depth, spreads);
        else if (s.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = fragments.get(s.name.value);
          // A cycle of fragments is refused by validation; here it must not loop.
          if (fragment && !spreads.includes(s.name.value)) walk(fragment, instances, depth, [...spreads, s.name.value]);
        } else field(s, instances, depth + 1, spreads);
      }
    };
    const field = (f: FieldNode, instances: number, depth: number, spreads: readonly string[]) => {
      own.depth = Math.max(own.depth, depth);
      if (f.alias) own.aliases++;
      if (!f.selectionSet) return;
      const arg = (name: string) => f.arguments?.find((a) => a.name.value === name)?.value;
      if (selects(f.selectionSet, "items", fragments)) {
        const limit = Math.max(0, number(arg("limit"), PONDER_DEFAULT_LIMIT));
        const offset = Math.max(0, number(arg("offset"), 0));
        own.pages += instances;
        own.rows += instances * (limit + offset);
        walk(f.selectionSet, instances * limit, depth, spreads);
      } else if (f.name.value === "items" || f.name.value === "pageInfo") {
        walk(f.selectionSet, instances, depth, spreads);
      } else {
        own.rows += instances;
        walk(f.selectionSet, instances, depth, spreads);
      }
    };
    walk(d.selectionSet, 1, 0, []);
    cost.rows = Math.max(cost.rows, own.rows);
    cost.pages = Math.max(cost.pages, own.pages);
    cost.depth = Math.max(cost.depth, own.depth);
    cost.aliases = Math.max(cost.aliases, own.aliases);
  }
  return cost;
}

/** Whether a selection selects a field of that name, directly or through fragments. */
function selects(set: SelectionSetNode, name: string, fragments: Map<string, SelectionSetNode>, seen: string[] = []): boolean {
  return set.selections.some((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === name;
    if (s.kind === Kind.INLINE_FRAGMENT) return selects(s.selectionSet, name, fragments, seen);
    const fragment = fragments.get(s.name.value);
    return fragment !== undefined && !seen.includes(s.name.value) && selects(fragment, name, fragments, [...seen, s.name.value]);
  });
}
