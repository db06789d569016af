import { Hono } from "hono";
import { sql } from "ponder";
import { z } from "zod";
import type { DomainApi } from "../domain";
import { decodeCheckpoint, loadChains } from "../network/chains";
import { db } from "./db";
import { divergenceOf } from "./finality";
import { route } from "./route";
import { bytes32, int, itemsOf, unixTime } from "./shapes";

/** A chain's row, as `/api/chains` and search serve it. */
export const chainRow = {
  chainId: int,
  name: z.string(),
  domainId: int.describe("the Hyperlane domain id; usually the chain id, not always"),
  stack: z.enum(["settlement", "opstack", "orbit"]),
};

/** Each chain with its indexing progress and what every domain shows of it. */
export function chains(apis: DomainApi[]) {
  const response = z.lazy(() =>
    itemsOf(
      z.object({
        ...chainRow,
        settlesOn: z.string().nullable().describe("the name of the chain it settles on"),
        indexed: z.object({ blockNumber: int, timestamp: unixTime }).nullable(),
        diverged: z
          .object({ block: int, indexedHash: bytes32, canonicalHash: bytes32.nullable(), detectedAt: z.string() })
          .nullable()
          .describe("set when a block the indexer holds as final is no longer the chain's (a reorg below finality)"),
        ...Object.assign({}, ...apis.map((a) => a.shapes?.chain ?? {})),
      }),
    ),
  );
  return new Hono().get(
    "/",
    route({ summary: "Each chain, its indexing progress and what every domain shows of it", response }, async () => {
      const [rows, checkpoints, ...facts] = await Promise.all([
        loadChains(),
        db.execute(sql`SELECT chain_id, latest_checkpoint FROM _ponder_checkpoint`),
        ...apis.flatMap((a) => (a.chainFacts ? [a.chainFacts()] : [])),
      ]);
      const progress = new Map(
        (checkpoints.rows as { chain_id: string | number; latest_checkpoint: string }[]).map((r) => [Number(r.chain_id), decodeCheckpoint(r.latest_checkpoint)]),
      );
      return {
        items: rows.map((chain) => ({
          ...chain,
          settlesOn: rows.find((r) => r.chainId === chain.settlesOn)?.name ?? null,
          indexed: progress.get(chain.chainId) ?? null,
          diverged: divergenceOf(chain.chainId),
          ...Object.assign({}, ...facts.map((of) => of(chain.chainId))),
        })),
      };
    }),
  );
}
