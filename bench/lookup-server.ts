import { serve } from "@hono/node-server";
import { Hono } from "hono";
import pg from "pg";

/**
 * The practical limit of a message lookup on this machine: Hono and pg, nothing else, running
 * the SQL the project's `GET /api/messages/:id` runs (the message, its Metalayer header and the
 * transfer it carries, joined) as a named prepared statement, the row answered as JSON.
 * `node --import tsx bench/lookup-server.ts <database url> <schema> <port> <pool size>`.
 */

const [databaseUrl, schema, port, poolMax] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(poolMax) });
const q = (table: string) => `"${schema}"."${table}"`;
const text = `SELECT m.*, row_to_json(ml) AS metalayer, t.id AS transfer_id, t.kind, t.route, t.symbol, t.status AS transfer_status
  FROM ${q("message")} m
  LEFT JOIN ${q("metalayer_message")} ml ON ml.message_id = m.id
  LEFT JOIN ${q("transfer")} t ON t.message_id = m.id OR t.relay_message_id = m.id
  WHERE m.id = $1`;

const app = new Hono().get("/api/messages/:id", async (c) => {
  const { rows } = await pool.query({ name: "message_by_id", text, values: [c.req.param("id")] });
  return rows[0] ? c.json(rows[0]) : c.json({ error: "not found" }, 404);
});

// A stop is an exit, so that a CPU profile (BENCH_CPU_PROF) is written.
process.once("SIGTERM", () => process.exit(0));
serve({ fetch: app.fetch, port: Number(port), hostname: "127.0.0.1" }, (info) => console.log(`listening ${info.port}`));
