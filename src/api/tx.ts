import { Hono } from "hono";
import type { DomainApi } from "../domain";
import { notFound } from "./errors";
import { txHashParam } from "./params";

/** Everything a transaction did, on any chain, in every domain. */
export function tx(apis: DomainApi[]) {
  return new Hono().get("/:hash", async (c) => {
    const hash = txHashParam(c.req.param("hash"));
    const parts: Record<string, unknown[]> = Object.assign({}, ...(await Promise.all(apis.map((a) => a.tx?.(hash) ?? {}))));
    if (Object.values(parts).every((rows) => rows.length === 0)) {
      throw notFound(`no message or transfer was dispatched, delivered or paid for in transaction ${hash}`);
    }
    return c.json({ hash, ...parts });
  });
}
