import { Hono } from "hono";
import { z } from "zod";
import type { DomainApi } from "../domain";
import { notFound } from "./errors";
import { txHash } from "./params";
import { route } from "./route";
import { bytes32 } from "./shapes";

/** Everything a transaction did, on any chain, in every domain. */
export function tx(apis: DomainApi[]) {
  const response = z.lazy(() => z.object({ hash: bytes32, ...Object.assign({}, ...apis.map((a) => a.shapes?.tx ?? {})) }));
  return new Hono().get(
    "/:hash",
    route(
      { summary: "Everything a transaction did, on any chain", params: z.object({ hash: txHash }), response, errors: [404] },
      async ({ params: { hash } }) => {
        const parts: Record<string, unknown[]> = Object.assign({}, ...(await Promise.all(apis.map((a) => a.tx?.(hash) ?? {}))));
        if (Object.values(parts).every((rows) => rows.length === 0)) {
          throw notFound(`no message or transfer was dispatched, delivered or paid for in transaction ${hash}`);
        }
        return { hash, ...parts };
      },
    ),
  );
}
