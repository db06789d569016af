import { type Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { sql } from "ponder";
import { z } from "zod";
import type { DomainApi, StreamFields, StreamPart } from "../domain";
import { db } from "./db";
import { invalidParameter } from "./errors";
import { account, chain, field, oneOf } from "./params";
import { expectedOf, route } from "./route";

/**
 * `GET /api/stream`: server-sent events of the objects the domains serve (their `stream` parts),
 * as Ponder indexes their changes live.
 *
 * What changed is read from Ponder's own changelog: while a block is not final, every insert,
 * update and delete of a table is a row of `_reorg__<table>`, numbered by one sequence
 * (`operation_id`) in commit order and stamped with the block's checkpoint, and a reorg deletes
 * the reverted suffix of it as it restores the rows. So an event's id is the highest operation
 * id of its object's changes: the same on every server reading the database (a `ponder serve`
 * replica included), and a client that comes back with `Last-Event-ID` is sent every object
 * changed by a later operation, once, in its state now. Operations that vanish from the
 * changelog above the chains' finalized checkpoints were reverted: their objects are sent again
 * (a delivery that a reorg removes is its message back to pending), with ids `<op>-<n>`, and
 * remembered for clients that reconnect across the reorg. The changelog holds the blocks not yet
 * final; a client further behind is told to `reset` (reload what it shows).
 *
 * One poll per tick, shared by every client: the new operations (usually none) and the bounds of
 * the ones already seen, two index reads.
 *
 * On PGlite, Ponder writes a block without a transaction (its query builder runs a "transaction"
 * statement by statement there), so a poll can land inside a block: its changelog rows are then
 * committed but still stamped with the placeholder checkpoint the trigger writes, and the rest of
 * the block is yet to come. A poll takes the operations below the first unstamped one only: each
 * tick ends on a whole block (an object that block changes waits for it: see `writing`), so an
 * event shows its object as of a whole block, and every operation seen carries its block's
 * checkpoint (which tells a reverted operation from a finalized one once both are gone from the
 * changelog).
 */
export const STREAM_LIMITS = {
  /** Open streams at once; the next is refused with a 503 */
  connections: 100,
  tickMs: 250,
  heartbeatMs: 15_000,
  /** Events waiting for one client that does not read them; then it is dropped (it reconnects) */
  queued: 10_000,
  /** Reorgs remembered for clients that reconnect across one */
  reverts: 100,
};

type Entry = { op: number; kind: string; key: string; checkpoint: string };
type Item = { kind: string; key: string };
/** An event: `op` for a change (its id is the op), `revert` for an object sent again after a reorg. */
type Event = Item & { id: string; op?: number; data?: object | null };
type Revert = { at: number; from: number; items: Item[] };
type Filter = { kinds: Set<string>; id?: string; fields: [keyof StreamFields, string | number][] };
type Client = { filter: Filter; floor: number; queue: Event[]; wake?: () => void; dropped: boolean; closed: boolean };

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const namespace = () => (globalThis as unknown as { PONDER_NAMESPACE_BUILD: { schema: string } }).PONDER_NAMESPACE_BUILD.schema;
const rowsOf = async (text: string) => ((await db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] }).rows;
const chainOf = (checkpoint: string) => Number(checkpoint.slice(10, 26));
/** The checkpoint Ponder's changelog trigger writes, until the block is committed (its MAX_CHECKPOINT_STRING) */
const UNSTAMPED = "9".repeat(75);
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms).unref());

class Hub {
  /** The highest operation id streamed */
  private head = 0;
  /** Every operation of a streamed table above it is in the changelog, or was seen to go */
  private known = 0;
  /** The changelog entries of the streamed tables seen so far, oldest first */
  private seen: Entry[] = [];
  private reverts: Revert[] = [];
  private joining: { client: Client; from: Position | undefined }[] = [];
  readonly clients = new Set<Client>();
  private readonly sources: { kind: string; table: string; key: string }[];
  private readonly parts: Map<string, StreamPart>;

  constructor(parts: StreamPart[]) {
    this.parts = new Map(parts.map((p) => [p.kind, p]));
    this.sources = parts.flatMap((p) => p.tables.map((t) => ({ kind: p.kind, ...t })));
  }

  private table = (name: string) => `${ident(namespace())}.${ident(`_reorg__${name}`)}`;

  private get tables() {
    return [...new Set(this.sources.map((s) => this.table(s.table)))];
  }

  /** The streamed tables' changes in `where`, up to the first operation of a block still being written. */
  private entries(where: string) {
    const unstamped = `LEAST(${this.tables.map((t) => `(SELECT min(operation_id) FROM ${t} WHERE checkpoint = '${UNSTAMPED}')`).join(", ")})`;
    const union = this.sources
      .map(
        (s) =>
          `SELECT '${s.kind}' AS kind, operation_id AS op, checkpoint, ${ident(s.key)}::text AS key FROM ${this.table(s.table)}, cut ` +
          `WHERE ${ident(s.key)} IS NOT NULL AND (cut.op IS NULL OR operation_id < cut.op) AND ${where}`,
      )
      .join(" UNION ALL ");
    return rowsOf(`WITH cut AS (SELECT ${unstamped} AS op) ${union} ORDER BY op`).then((rows) => rows.map((r) => ({ ...r, op: Number(r.op) }) as Entry));
  }

  /**
   * The objects a block still being written changes (PGlite): their rows may already be ahead of
   * the operations a poll took, so they wait for the poll that takes that block, and are sent
   * with its operation id (a later operation of theirs, above the head, so nothing is lost).
   */
  private async writing(): Promise<Set<string>> {
    if (this.sources.length === 0) return new Set();
    const union = this.sources
      .map((s) => `SELECT '${s.kind}' AS kind, ${ident(s.key)}::text AS key FROM ${this.table(s.table)} WHERE checkpoint = '${UNSTAMPED}' AND ${ident(s.key)} IS NOT NULL`)
      .join(" UNION ");
    return new Set((await rowsOf(union)).map((r) => `${r.kind}:${r.key}`));
  }

  async start() {
    this.seen = this.sources.length ? await this.entries("TRUE") : [];
    this.head = this.seen.at(-1)?.op ?? 0;
    // Below the changelog's first operation (or, when it is empty, the sequence's last), changes
    // may have been pruned unseen: a client from there is told to reset.
    const [row] = await rowsOf(
      `SELECT LEAST(${this.tables.map((t) => `(SELECT min(operation_id) - 1 FROM ${t})`).join(", ")}, ` +
        `(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ${ident(namespace())}."operation_id")) AS known`,
    );
    this.known = Number(row!.known);
    void this.run();
  }

  private async run() {
    for (;;) {
      // Clients are let in before a tick: everything committed after a client connected is above
      // the head it joins at, and what a Last-Event-ID missed is queued before the live events.
      for (const { client, from } of this.joining.splice(0)) {
        await this.catchUp(client, from).catch((error) => {
          // It reconnects, with its Last-Event-ID.
          console.error("stream: catching up failed", error);
          client.dropped = true;
          client.wake?.();
        });
      }
      try {
        await this.tick();
      } catch (error) {
        console.error("stream: poll failed", error);
      }
      await sleep(STREAM_LIMITS.tickMs);
    }
  }

  /** Clients wait for the next tick to be let in. */
  join(client: Client, from: Position | undefined) {
    this.joining.push({ client, from });
  }

  get open() {
    return this.clients.size + this.joining.length;
  }

  /** Operations seen before that are gone now: finalized (pruned) or reverted by a reorg. */
  private async gone(): Promise<{ reverted: Entry[]; finalized: Entry[] }> {
    if (this.seen.length === 0) return { reverted: [], finalized: [] };
    const tables = this.tables;
    const [bounds] = await rowsOf(
      `SELECT LEAST(${tables.map((t) => `(SELECT min(operation_id) FROM ${t})`).join(", ")}) AS low, ` +
        `GREATEST(${tables.map((t) => `(SELECT max(operation_id) FROM ${t} WHERE operation_id <= ${this.head})`).join(", ")}) AS high`,
    );
    const low = bounds!.low === null ? Infinity : Number(bounds!.low);
    const high = bounds!.high === null ? -Infinity : Number(bounds!.high);
    // Finalizing prunes a prefix of the sequence and a revert deletes a suffix.
    if (high > -Infinity) return { reverted: this.seen.filter((e) => e.op > high), finalized: this.seen.filter((e) => e.op < low) };
    // Nothing seen is left: pruned or reverted, as the chains' finalized checkpoints tell.
    const final = new Map(
      (await rowsOf(`SELECT chain_id, finalized_checkpoint FROM ${ident(namespace())}."_ponder_checkpoint"`)).map((r) => [Number(r.chain_id), String(r.finalized_checkpoint)]),
    );
    const isFinal = (e: Entry) => e.checkpoint <= (final.get(chainOf(e.checkpoint)) ?? "");
    return { reverted: this.seen.filter((e) => !isFinal(e)), finalized: this.seen.filter(isFinal) };
  }

  private async tick() {
    const fresh = await this.entries(`operation_id > ${this.head}`);
    const { reverted, finalized } = await this.gone();
    const events: Event[] = [];
    let revert: Revert | undefined;
    if (reverted.length) {
      const at = Math.min(...reverted.map((e) => e.op)) - 1;
      revert = { at, from: this.head, items: distinct(reverted) };
      events.push(...revertEvents(revert, 0));
    }
    events.push(...changes(fresh, await this.writing()));
    const data = await this.present(events);
    // Nothing changes before every read is done: a failed tick is read again whole.
    const goneOps = new Set([...reverted, ...finalized].map((e) => e.op));
    this.seen = this.seen.filter((e) => !goneOps.has(e.op)).concat(fresh);
    for (const e of finalized) this.known = Math.max(this.known, e.op);
    this.head = Math.max(this.head, fresh.at(-1)?.op ?? 0);
    if (revert) this.reverts = [...this.reverts, revert].slice(-STREAM_LIMITS.reverts);
    for (const client of this.clients) send(client, data);
  }

  /** A new client: what it missed since its Last-Event-ID, then the live events with everyone. */
  private async catchUp(client: Client, from: Position | undefined) {
    if (client.closed) return;
    this.clients.add(client);
    const head = this.head;
    client.floor = head;
    if (!from) return;
    if (from.op > head) return void (client.floor = from.op);
    if (from.op < this.known) {
      return send(client, [{ id: String(head), kind: "reset", key: "", data: { reason: "Last-Event-ID is older than the blocks the stream can replay; reload, then follow from this event" } }]);
    }
    client.floor = from.op;
    const events: Event[] = [];
    let later = this.reverts;
    if (from.revert !== undefined) {
      const i = this.reverts.map((r) => r.at).lastIndexOf(from.op);
      if (i >= 0) (events.push(...revertEvents(this.reverts[i]!, from.revert + 1)), (later = this.reverts.slice(i + 1)));
    }
    // Reorgs that reverted operations the client had seen.
    for (const r of later) if (r.at < from.op && from.op <= r.from) events.push(...revertEvents(r, 0));
    const missed = this.sources.length ? await this.entries(`operation_id > ${from.op} AND operation_id <= ${head}`) : [];
    events.push(...changes(missed, missed.length ? await this.writing() : new Set()));
    send(client, await this.present(events));
    client.floor = head;
  }

  private async present(events: Event[]): Promise<Event[]> {
    const byKind = new Map<string, Set<string>>();
    for (const e of events) byKind.set(e.kind, (byKind.get(e.kind) ?? new Set()).add(e.key));
    const served = new Map<string, Map<string, object>>();
    for (const [kind, keys] of byKind) served.set(kind, await this.parts.get(kind)!.present([...keys]));
    return events.map((e) => ({ ...e, data: served.get(e.kind)!.get(e.key) ?? null }));
  }

  fields(kind: string, served: object) {
    return this.parts.get(kind)!.fields(served);
  }
}

const distinct = (items: Item[]) =>
  [...new Map(items.map((i) => [`${i.kind}:${i.key}`, { kind: i.kind, key: i.key }])).values()].sort((a, b) =>
    a.kind === b.kind ? (a.key < b.key ? -1 : 1) : a.kind < b.kind ? -1 : 1,
  );

const revertEvents = (r: Revert, fromIndex: number): Event[] =>
  r.items.map((item, n) => ({ ...item, id: `${r.at}-${n}` })).slice(fromIndex);

/** Each object changed by the entries once, at its last operation, in operation order; not those being written. */
function changes(entries: Entry[], writing: Set<string>): Event[] {
  const last = new Map<string, Entry>();
  for (const e of entries) if (!writing.has(`${e.kind}:${e.key}`)) last.set(`${e.kind}:${e.key}`, e);
  return [...last.values()].sort((a, b) => a.op - b.op).map((e) => ({ kind: e.kind, key: e.key, id: String(e.op), op: e.op }));
}

let hub: Hub | undefined;

function send(client: Client, events: Event[]) {
  const wanted = events.filter((e) => {
    if (e.kind === "reset") return true;
    if (e.op !== undefined && e.op <= client.floor) return false;
    if (!client.filter.kinds.has(e.kind)) return false;
    if (client.filter.id !== undefined && e.key !== client.filter.id) return false;
    // A removed object (its rows reverted) has no fields to filter: everyone following its kind hears of it.
    if (e.data === null) return true;
    const fields = hub!.fields(e.kind, e.data!);
    return client.filter.fields.every(([name, value]) => fields[name] === value);
  });
  if (wanted.length === 0) return;
  client.queue.push(...wanted);
  if (client.queue.length > STREAM_LIMITS.queued) client.dropped = true;
  client.wake?.();
}

type Position = { op: number; revert?: number };

/** An id the stream sent: `<op>` or `<op>-<n>`. */
const position = field(
  z
    .string()
    .regex(/^(0|[1-9]\d{0,15})(?:-(0|[1-9]\d{0,8}))?$/)
    .transform((v): Position => {
      const [op, revert] = v.split("-");
      return { op: Number(op), ...(revert !== undefined && { revert: Number(revert) }) };
    }),
  "an event id the stream sent",
);

/**
 * The stream's query: `kinds` are the domains' stream parts; `status` is one of the selected
 * kinds' statuses. The Last-Event-ID header, when sent, comes before `lastEventId`.
 */
function streamQuery(parts: StreamPart[]) {
  const all = parts.map((p) => p.kind) as [string, ...string[]];
  const statuses = [...new Set(parts.flatMap((p) => p.statuses))] as [string, ...string[]];
  return z
    .object({
      kinds: field(z.string().transform((v) => v.split(",")).pipe(z.array(z.enum(all))), `a comma list of ${all.join(", ")}`).optional(),
      status: oneOf(statuses).optional(),
      origin: chain.optional(),
      destination: chain.optional(),
      sender: account.optional(),
      recipient: account.optional(),
      id: field(
        z
          .string()
          .regex(/^(\d{1,20}:)?0x[0-9a-fA-F]{64}$|^\d{1,20}:[a-z]{1,20}:\d{1,78}$/)
          .transform((v) => v.toLowerCase()),
        "an object id as its GET serves it (32-byte 0x-hex, chainId:0x…, chainId:word:N)",
      ).optional(),
      lastEventId: position.optional(),
    })
    .superRefine((q, ctx) => {
      const kinds = q.kinds ?? all;
      const theirs = [...new Set(parts.filter((p) => kinds.includes(p.kind)).flatMap((p) => p.statuses))];
      if (q.status !== undefined && !theirs.includes(q.status)) {
        ctx.addIssue({ code: "custom", path: ["status"], message: "not a status of the kinds asked for", params: { expected: `one of ${theirs.join(", ")}` } });
      }
    });
}

type Query = z.output<ReturnType<typeof streamQuery>>;

/** The request's filter and position. */
function filterOf(q: Query, all: string[], header: string | undefined): { filter: Filter; from?: Position } {
  const parsed = header === undefined ? undefined : position.safeParse(header);
  if (parsed && !parsed.success) throw invalidParameter("Last-Event-ID", expectedOf(position), header);
  const from = parsed ? parsed.data : q.lastEventId;
  const fields: Filter["fields"] = [];
  if (q.status !== undefined) fields.push(["status", q.status]);
  for (const end of ["origin", "destination"] as const) if (q[end] !== undefined) fields.push([end, q[end].chainId]);
  for (const name of ["sender", "recipient"] as const) if (q[name] !== undefined) fields.push([name, q[name]]);
  const filter = { kinds: new Set(q.kinds ?? all), fields, ...(q.id !== undefined && { id: q.id }) };
  return { filter, ...(from !== undefined && { from }) };
}

/** What the stream sends, per event name, for the API document. */
function events(parts: StreamPart[]): Record<string, z.ZodType> {
  return {
    ...Object.fromEntries(parts.map((p) => [p.kind, p.schema])),
    removed: z.object({ kind: z.string(), id: z.string() }).describe("an object a reorg removed whole"),
    reset: z.object({ reason: z.string() }).describe("the client's Last-Event-ID is older than the stream can replay"),
  };
}

const unavailable = (c: Context) =>
  c.json({ error: { code: "unavailable", message: `at most ${STREAM_LIMITS.connections} streams are open at once, retry shortly` } }, 503, { "retry-after": "5" });

/** The stream route, composed of every domain's stream parts. */
export function stream(apis: DomainApi[]) {
  const parts = apis.flatMap((a) => a.stream ?? []);
  const all = parts.map((p) => p.kind);
  let starting: Promise<void> | undefined;
  const spec = {
    summary: "Server-sent events of the objects the domains serve, as they are indexed",
    description:
      "Each event is an object as its GET serves it, sent when a change to it is indexed; its `id` resumes the stream (`Last-Event-ID`). " +
      "A change a reorg reverts is the object sent again as it is now (or `removed`).",
    query: () => streamQuery(parts),
    response: { type: "text/event-stream", description: "the events, as they happen", events: events(parts) },
  };
  return new Hono().get("/", route(spec, async ({ query }, c) => {
    const { filter, from } = filterOf(query, all, c.req.header("last-event-id"));
    starting ??= (async () => {
      const created = new Hub(parts);
      await created.start();
      hub = created;
    })().catch((error) => {
      starting = undefined;
      throw error;
    });
    await starting;
    if (hub!.open >= STREAM_LIMITS.connections) return unavailable(c);
    const client: Client = { filter, floor: 0, queue: [], dropped: false, closed: false };
    hub!.join(client, from);
    const leave = () => ((client.closed = true), hub!.clients.delete(client), client.wake?.());
    return streamSSE(c, async (sse) => {
      sse.onAbort(leave);
      try {
        await sse.write(": connected\n\n");
        while (!sse.aborted && !client.dropped && !client.closed) {
          if (client.queue.length === 0) {
            const woken = new Promise<boolean>((done) => (client.wake = () => done(true)));
            if (!(await Promise.race([woken, sleep(STREAM_LIMITS.heartbeatMs).then(() => false)]))) await sse.write(": heartbeat\n\n");
            client.wake = undefined;
          }
          for (const e of client.queue.splice(0)) {
            const event = e.kind === "reset" ? "reset" : e.data === null ? "removed" : e.kind;
            await sse.writeSSE({ id: e.id, event, data: JSON.stringify(e.data === null ? { kind: e.kind, id: e.key } : e.data) });
          }
        }
      } finally {
        leave();
      }
    });
  }));
}

