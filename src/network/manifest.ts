import type { Address } from "viem";
import { z } from "zod";

/**
 * The network manifest: the one description of what to index. Parsed once, at the edge;
 * everything inside the indexer receives the typed `Manifest`.
 */

const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address")
  .transform((v) => v.toLowerCase() as Address);
const uint32 = z.number().int().min(0).max(0xffffffff);
const url = z.url({ protocol: /^(https?|wss?)$/, error: "expected a URL" });
const name = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, "expected a lower-case name of letters, digits, '-' and '_'");

/** One Hyperlane deployment on a chain (a chain can carry several: the Metalayer's, public Hyperlane's). */
export const deploymentSchema = z.strictObject({
  name,
  mailbox: address,
  interchainGasPaymaster: address.optional(),
  merkleTreeHook: address.optional(),
  /** The MetalayerRouter in front of this Mailbox: its Dispatch bodies are MetalayerMessages. */
  metalayerRouter: address.optional(),
  startBlock: z.number().int().min(0).default(0),
});

export const stackSchema = z.enum(["settlement", "opstack", "orbit"]);

export const chainSchema = z.strictObject({
  name,
  chainId: z.number().int().positive(),
  /** The Hyperlane domain id; usually the chain id, not always (RARI Chain). */
  domainId: uint32,
  stack: stackSchema,
  /** The name of the chain this rollup settles on; absent on a settlement chain. */
  settlesOn: name.optional(),
  rpc: z.union([url, z.array(url).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
  /**
   * How many times each RPC URL is handed to Ponder. Ponder rate-limits each URL on its own
   * (starting at 20 requests/s), so a dedicated node listed N times is fetched N times faster.
   */
  rpcRepeat: z.number().int().min(1).max(64).default(1),
  pollingIntervalMs: z.number().int().min(50).optional(),
  deployments: z.array(deploymentSchema).default([]),
});

const decimals = z.number().int().min(0).max(36);

/** One router of a Hyperlane warp route: the token bridge's contract on one chain. */
export const warpRouterSchema = z.strictObject({
  chain: name,
  address,
  kind: z.enum(["collateral", "synthetic", "native"]),
  /** The ERC20 a collateral router locks; a synthetic router is its own token, a native one has none. */
  token: address.optional(),
  /** The local token's decimals; the message carries amounts in the route's decimals. */
  decimals,
  startBlock: z.number().int().min(0).default(0),
});

export const warpRouteSchema = z.strictObject({
  /** e.g. "ERA/settlement-opchain" */
  id: z.string().min(1),
  /** The asset, e.g. "ERA" or "ETH": analytics group routes by it. */
  symbol: z.string().min(1),
  /** The decimals of the amounts in the route's messages. */
  decimals,
  routers: z.array(warpRouterSchema).min(2, "expected a router on at least two chains"),
});

/** A MetaERC20 token: a hub (locks the canonical token) and spokes (mint and burn). */
export const metaTokenSchema = z.strictObject({
  id: z.string().min(1),
  symbol: z.string().min(1),
  hub: z.strictObject({ chain: name, address, decimals, startBlock: z.number().int().min(0).default(0) }),
  spokes: z.array(z.strictObject({ chain: name, address, decimals, startBlock: z.number().int().min(0).default(0) })),
});

export const manifestSchema = z
  .strictObject({
    chains: z.array(chainSchema).min(1, "expected at least one chain"),
    warpRoutes: z.array(warpRouteSchema).default([]),
    metaTokens: z.array(metaTokenSchema).default([]),
  })
  .superRefine(({ chains, warpRoutes, metaTokens }, ctx) => {
    const unique = (key: "name" | "chainId" | "domainId") => {
      const seen = new Map<unknown, number>();
      chains.forEach((chain, i) => {
        const first = seen.get(chain[key]);
        if (first !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["chains", i, key],
            message: `expected a unique ${key}, ${JSON.stringify(chain[key])} is also chains[${first}].${key}`,
          });
        } else seen.set(chain[key], i);
      });
    };
    unique("name");
    unique("chainId");
    unique("domainId");
    const names = new Set(chains.map((c) => c.name));
    chains.forEach((chain, i) => {
      if (chain.stack === "settlement" && chain.settlesOn !== undefined) {
        ctx.addIssue({ code: "custom", path: ["chains", i, "settlesOn"], message: "expected no settlesOn on a settlement chain" });
      }
      if (chain.stack !== "settlement" && chain.settlesOn === undefined) {
        ctx.addIssue({ code: "custom", path: ["chains", i, "settlesOn"], message: "expected the name of the chain this rollup settles on" });
      }
      if (chain.settlesOn !== undefined && !names.has(chain.settlesOn)) {
        ctx.addIssue({
          code: "custom",
          path: ["chains", i, "settlesOn"],
          message: `expected the name of a chain in the manifest, got ${JSON.stringify(chain.settlesOn)}`,
        });
      }
      const deploymentNames = new Set<string>();
      chain.deployments.forEach((d, j) => {
        if (deploymentNames.has(d.name)) {
          ctx.addIssue({ code: "custom", path: ["chains", i, "deployments", j, "name"], message: `expected a unique deployment name on ${chain.name}` });
        }
        deploymentNames.add(d.name);
      });
    });
    const knownChain = (chain: string, path: (string | number)[]) => {
      if (!names.has(chain)) {
        ctx.addIssue({ code: "custom", path, message: `expected the name of a chain in the manifest, got ${JSON.stringify(chain)}` });
      }
    };
    warpRoutes.forEach((route, i) => {
      route.routers.forEach((router, j) => {
        knownChain(router.chain, ["warpRoutes", i, "routers", j, "chain"]);
        if (router.kind === "collateral" && router.token === undefined) {
          ctx.addIssue({ code: "custom", path: ["warpRoutes", i, "routers", j, "token"], message: "expected the ERC20 a collateral router locks" });
        }
      });
    });
    metaTokens.forEach((token, i) => {
      knownChain(token.hub.chain, ["metaTokens", i, "hub", "chain"]);
      token.spokes.forEach((spoke, j) => knownChain(spoke.chain, ["metaTokens", i, "spokes", j, "chain"]));
    });
  });

export type Manifest = z.infer<typeof manifestSchema>;
export type WarpRoute = Manifest["warpRoutes"][number];
export type WarpRouter = WarpRoute["routers"][number];
export type MetaToken = Manifest["metaTokens"][number];
export type ManifestInput = z.input<typeof manifestSchema>;
export type Chain = Manifest["chains"][number];
export type Deployment = Chain["deployments"][number];
export type Stack = z.infer<typeof stackSchema>;

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

/** The chain a Hyperlane domain id belongs to, if the manifest has it. */
export function chainByDomain(manifest: Manifest, domainId: number): Chain | undefined {
  return manifest.chains.find((c) => c.domainId === domainId);
}
