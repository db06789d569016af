import type { Address } from "viem";
import { z } from "zod";
import type { Report } from "../domain";

/** The manifest's building blocks, shared by every domain's fragment. */
export const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address")
  .transform((v) => v.toLowerCase() as Address);
export const uint32 = z.number().int().min(0).max(0xffffffff);
export const url = z.url({ protocol: /^(https?|wss?)$/, error: "expected a URL" });
export const name = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, "expected a lower-case name of letters, digits, '-' and '_'");
export const startBlock = z.number().int().min(0).default(0);
export const decimals = z.number().int().min(0).max(36);

export const stackSchema = z.enum(["settlement", "opstack", "orbit"]);
export type Stack = z.infer<typeof stackSchema>;

/** What every chain is, whatever is deployed on it. */
export const chainFields = {
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
};

export type BaseChain = z.infer<z.ZodObject<typeof chainFields>>;

type Parsed<S extends z.ZodRawShape> = {} extends S ? {} : z.infer<z.ZodObject<S>>;

/** A domain's view of the manifest: the chains, with the chain fields it adds, and its own fields. */
export type ManifestView<Chain extends z.ZodRawShape = {}, Fields extends z.ZodRawShape = {}> = {
  chains: (BaseChain & Parsed<Chain>)[];
} & Parsed<Fields>;

/** Unique names and ids, and a settlement chain under every rollup. */
export function checkChains({ chains }: ManifestView, report: Report) {
  for (const key of ["name", "chainId", "domainId"] as const) {
    const seen = new Map<unknown, number>();
    chains.forEach((chain, i) => {
      const first = seen.get(chain[key]);
      if (first !== undefined) report(["chains", i, key], `expected a unique ${key}, ${JSON.stringify(chain[key])} is also chains[${first}].${key}`);
      else seen.set(chain[key], i);
    });
  }
  const names = new Set(chains.map((c) => c.name));
  chains.forEach((chain, i) => {
    if (chain.stack === "settlement" && chain.settlesOn !== undefined) report(["chains", i, "settlesOn"], "expected no settlesOn on a settlement chain");
    if (chain.stack !== "settlement" && chain.settlesOn === undefined) {
      report(["chains", i, "settlesOn"], "expected the name of the chain this rollup settles on");
    }
    if (chain.settlesOn !== undefined && !names.has(chain.settlesOn)) {
      report(["chains", i, "settlesOn"], `expected the name of a chain in the manifest, got ${JSON.stringify(chain.settlesOn)}`);
    }
  });
}

/** For fragments that name chains: a report when `chain` is not one of the manifest's. */
export function checkChainName(manifest: ManifestView, chain: string, path: (string | number)[], report: Report) {
  if (!manifest.chains.some((c) => c.name === chain)) {
    report(path, `expected the name of a chain in the manifest, got ${JSON.stringify(chain)}`);
  }
}
