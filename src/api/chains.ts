import { Hono } from "hono";
import { sql } from "ponder";
import type { DomainApi } from "../domain";
import { decodeCheckpoint, loadChains } from "../network/chains";
import { db } from "./db";
import { divergenceOf } from "./finality";

/** Each chain with its indexing progress and what every domain shows of it. */
export function chains(apis: DomainApi[]) {
  return new Hono().get("/", async (c) => {
    const [rows, checkpoints, ...facts] = await Promise.all([
      loadChains(),
      db.execute(sql`SELECT chain_id, latest_checkpoint FROM _ponder_checkpoint`),
      ...apis.flatMap((a) => (a.chainFacts ? [a.chainFacts()] : [])),
    ]);
    const progress = new Map(
      (checkpoints.rows as { chain_id: string | number; latest_checkpoint: string }[]).map((r) => [Number(r.chain_id), decodeCheckpoint(r.latest_checkpoint)]),
    );
    return c.json({
      items: rows.map((chain) => ({
        ...chain,
        settlesOn: rows.find((r) => r.chainId === chain.settlesOn)?.name ?? null,
        indexed: progress.get(chain.chainId) ?? null,
        diverged: divergenceOf(chain.chainId),
        ...Object.assign({}, ...facts.map((of) => of(chain.chainId))),
      })),
    });
  });
}
