import type { Hono } from "hono";
import { z } from "zod";
import { errorBody } from "./errors";
import { type Declared, expectedOf, type Media, type RouteSpec, declaredOf } from "./route";

const STATUS_TEXT: Record<number, string> = {
  400: "A parameter is wrong or missing: the message and `details.parameter` name it",
  404: "Nothing is known under that id",
  503: "Not now, retry: the database cannot be reached (`database_unavailable`, with `Retry-After`), a block the indexer holds as final is no longer the chain's (`chain_diverged`), or the stream's connections are all taken (`unavailable`)",
};

const jsonSchema = (schema: z.ZodType, io: "input" | "output") => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
  return rest;
};

const isMedia = (response: RouteSpec["response"]): response is Media => !(response instanceof z.ZodType);

/**
 * A stream of server-sent events as JSON Schema can state it (OpenAPI 3.1 has no item schema for
 * a stream): the events in order, each its `id`, its `event` name and its `data`, a string that
 * holds JSON of that event's schema (`contentMediaType`, `contentSchema`).
 */
const eventStream = (events: Record<string, z.ZodType>) => ({
  type: "array",
  description: "server-sent events, in the order they are sent; each `data` line is JSON",
  items: {
    oneOf: Object.entries(events).map(([name, data]) => ({
      type: "object",
      properties: {
        id: { type: "string", description: "send it back as `Last-Event-ID` to resume after this event" },
        event: { const: name },
        data: { type: "string", contentMediaType: "application/json", contentSchema: jsonSchema(data, "output") },
      },
      required: ["event", "data"],
    })),
  },
});

function parameters(where: "path" | "query", fields: z.ZodObject | undefined) {
  if (!fields) return [];
  const { properties = {}, required = [] } = jsonSchema(fields, "input") as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(properties).map(([name, schema]) => ({
    name,
    in: where,
    required: where === "path" || required.includes(name),
    description: expectedOf(fields.shape[name] as z.ZodType),
    schema,
  }));
}

function operation({ spec, params, query }: Declared) {
  const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });
  // Any read can meet an unreachable database or a diverged chain (src/api/errors.ts, finality.ts).
  const statuses = [...new Set([...(params || query() ? [400] : []), ...(spec.errors ?? []), 503])];
  const answer = isMedia(spec.response)
    ? { description: spec.response.description, content: { [spec.response.type]: spec.response.events ? { schema: eventStream(spec.response.events) } : {} } }
    : { description: "OK", content: { "application/json": { schema: jsonSchema(spec.response, "output") } } };
  return {
    summary: spec.summary,
    ...(spec.description && { description: spec.description }),
    parameters: [...parameters("path", params), ...parameters("query", query())],
    responses: {
      200: answer,
      ...Object.fromEntries(statuses.map((s) => [s, error(STATUS_TEXT[s] ?? "An error")])),
      "4XX": error("Any other refusal of the request (an unknown path, oversized headers)"),
    },
  };
}

/**
 * The OpenAPI 3.1 document of every route of `app` declared with `route` (src/api/route.ts): the
 * paths, parameters, answers and error body, from the zod schemas the routes parse and answer with.
 */
export function openapiDocument(app: Hono, prefix = "") {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of app.routes) {
    const route = declaredOf(r.handler);
    if (!route) continue;
    const path = prefix + r.path.replace(/:(\w+)/g, "{$1}");
    (paths[path] ??= {})[r.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "metalayer-indexer REST API",
      version: "1",
      description:
        "Hyperlane messages, token transfers, liquidity, analytics, rollups and governance, indexed from the chains. Amounts of wei and gas are decimal strings. GraphQL is at /graphql, SQL over HTTP at /sql/*.",
    },
    paths,
    components: { schemas: { Error: jsonSchema(errorBody, "output") } },
  };
}
