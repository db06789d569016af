import type { Context, Handler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { invalidParameter } from "./errors";

type Fields = z.ZodObject;

/**
 * Another media type than JSON: the page, a file, or a stream of server-sent events
 * (`text/event-stream`), whose `events` name each event and the zod schema of its `data` (JSON),
 * so the document states what a client receives:
 * `response: { type: "text/event-stream", description: "…", events: { message: messageSchema } }`.
 */
export type Media = { type: string; description: string; events?: Record<string, z.ZodType> };

/**
 * What a REST route takes and answers: the API document (src/api/openapi.ts) is built from
 * these, and the route parses its input with the same schemas.
 */
export type RouteSpec<P extends Fields = Fields, Q extends Fields = Fields, R extends z.ZodType = z.ZodType> = {
  summary: string;
  description?: string;
  /** Its path parameters (`/:id`), one field each */
  params?: P;
  /**
   * Its query parameters, one field each (src/api/params.ts); a function when other modules add
   * fields (filters) before the API serves: it is called once, at the first use.
   */
  query?: Q | (() => Q);
  /** Its answer (200): the JSON's zod schema, or another media type */
  response: R | Media;
  /** The statuses it answers with an error besides 400 (a bad parameter): 404 for an unknown id */
  errors?: ContentfulStatusCode[];
};

type Input<P extends Fields, Q extends Fields> = { params: z.output<P>; query: z.output<Q> };
type Answer<R> = R extends z.ZodType ? z.input<R> | Response : Response;

/** A route as declared: its spec, and its input's fields. */
export type Declared = { spec: RouteSpec; params?: Fields; query: () => Fields | undefined };

const declared = new WeakMap<Handler, Declared>();

/** How a handler was declared, if it was declared with `route`. */
export const declaredOf = (handler: Handler) => declared.get(handler);

/**
 * A Hono handler that parses the path and query with the spec's schemas (a 400 naming the first
 * parameter at fault) and answers what `handle` returns, as JSON unless it is a Response:
 * `router.get("/:id", route({ summary, params, response }, async ({ params }) => …))`.
 */
export function route<P extends Fields, Q extends Fields, R extends z.ZodType | Media>(
  spec: RouteSpec<P, Q, Extract<R, z.ZodType>> & { response: R },
  handle: (input: Input<P, Q>, c: Context) => Promise<Answer<R>> | Answer<R>,
): Handler {
  let fields: Q | undefined;
  const query = () => (fields ??= typeof spec.query === "function" ? spec.query() : spec.query);
  const handler: Handler = async (c) => {
    const input = {
      params: spec.params ? await parse(spec.params, c.req.param()) : {},
      query: query() ? await parse(query()!, c.req.query()) : {},
    };
    const answer = await handle(input as Input<P, Q>, c);
    return answer instanceof Response ? answer : settle(c, c.json(answer));
  };
  declared.set(handler, { spec: spec as RouteSpec, params: spec.params, query });
  return handler;
}

/**
 * Makes `response` the request's answer as it is. Hono merges a handler's response into one made
 * before (Ponder's cors middleware makes one) by rebuilding it around its body as a stream, which
 * the node server then writes in chunks, without a Content-Length; a response made with
 * `c.json` or `c.body` already carries those headers, and is sent in one write.
 */
export function settle(c: Context, response: Response): Response {
  c.res = undefined;
  c.res = response;
  return response;
}

async function parse(fields: Fields, values: Record<string, string>) {
  const result = await fields.safeParseAsync(values);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]);
  const expected = (issue.code === "custom" && (issue.params?.expected as string | undefined)) || expectedOf(fields.shape[name] as z.ZodType);
  throw invalidParameter(name, expected, values[name]);
}

/** A field's description, through the optional, default and pipe wrappers around it. */
export function expectedOf(schema: z.ZodType | undefined): string {
  for (let s = schema; s; ) {
    if (s.description) return s.description;
    const def = s._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
    s = def.innerType ?? def.in;
  }
  return "a valid value";
}
