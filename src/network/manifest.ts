import { z } from "zod";
import type { Announced, Domain, KnownContract, Source } from "../domain";
import { domains } from "../domains";

/**
 * The network manifest: the one description of what to index, composed of every domain's
 * fragment (its fields, the fields it adds to each chain, its checks). Parsed once, at the edge;
 * everything inside the indexer receives the typed `Manifest`.
 */

type Domains = (typeof domains)[number];
type Intersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Shape<D, K extends "fields" | "chain"> = D extends { manifest: { [P in K]: infer S extends z.ZodRawShape } } ? S : {};
type Fields = Intersection<Shape<Domains, "fields">>;
type ChainShape = Intersection<Shape<Domains, "chain">>;

// Each domain's functions take its own view of the manifest; the composed one satisfies them all.
const all = domains as readonly Domain<any>[];
const merge = <S>(key: "fields" | "chain") => Object.assign({}, ...all.map((d) => d.manifest?.[key] ?? {})) as S;

export const chainSchema = z.strictObject(merge<ChainShape>("chain"));

export const manifestSchema = z
  .strictObject({ chains: z.array(chainSchema).min(1, "expected at least one chain"), ...merge<Fields>("fields") })
  .superRefine((manifest, ctx) => {
    const report = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    for (const d of all) d.manifest?.check?.(manifest, report);
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;
export type Chain = Manifest["chains"][number];

const named = (d: Domain<any>, sources: Record<string, Source> | undefined) =>
  Object.entries(sources ?? {}).map(([key, s]) => [`${d.name}/${key}`, s] as const);

/** Every domain's own sources (`sources`), by their composed names (`<domain>/<name>`). */
const ownSources = (manifest: Manifest) => Object.fromEntries(all.flatMap((d) => named(d, d.sources?.(manifest))));

/** Every domain's Ponder sources, by their composed names: its own, then those watching what the domains know. */
export function domainSources(manifest: Manifest): Record<string, Source> {
  const own = ownSources(manifest);
  const known = knownContracts(manifest);
  const announced = Object.fromEntries(Object.entries(own).filter((e): e is [string, Source & { announced: Announced }] => e[1].announced !== undefined));
  return { ...own, ...Object.fromEntries(all.flatMap((d) => named(d, d.watch?.(manifest, known, announced)))) };
}

/** Every contract the manifest names, once each, for looking up an address a user pastes. */
export function knownContracts(manifest: Manifest): KnownContract[] {
  const listed = Object.values(ownSources(manifest)).flatMap((s) => (s.listed ? s.contracts : []));
  const known = all.flatMap((d) => d.known?.(manifest) ?? []);
  return [...listed, ...known];
}

/** A manifest that failed validation: one line per problem, each naming the field path. */
export class InvalidManifestError extends Error {
  override name = "InvalidManifestError";
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`invalid network manifest (${source}):\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

/** `chains[1].deployments[0].mailbox` */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === "custom") return issue.message;
  const got = "input" in issue && issue.input !== undefined ? `, got ${JSON.stringify(issue.input)}` : "";
  if (issue.code === "invalid_type") {
    return issue.input === undefined ? `expected ${issue.expected}, got nothing` : `expected ${issue.expected}${got}`;
  }
  if (issue.code === "unrecognized_keys") return `unexpected field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`;
  if (issue.code === "invalid_union") return `expected a URL or a list of URLs${got}`;
  if (issue.code === "invalid_value") return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}${got}`;
  if (issue.code === "too_small" || issue.code === "too_big") {
    const [op, bound] = issue.code === "too_small" ? [issue.inclusive ? ">=" : ">", issue.minimum] : [issue.inclusive ? "<=" : "<", issue.maximum];
    return issue.origin === "array" ? `${issue.message}` : `expected a ${issue.origin} ${op} ${bound}${got}`;
  }
  const message = issue.message.startsWith("expected") ? issue.message : `expected ${issue.message}`;
  return message.includes(", got ") ? message : `${message}${got}`;
}

export function parseManifest(input: unknown, source = "manifest"): Manifest {
  const result = manifestSchema.safeParse(input, { reportInput: true });
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = formatPath(issue.path);
    return `${path || "(root)"}: ${describe(issue)}`;
  });
  throw new InvalidManifestError(source, problems);
}

export type { Stack } from "./chain";
