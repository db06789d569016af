import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";

/** A failure the client can act on; rendered as `{ error: { code, message, details? } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** The body of every error the API answers, in the API document. */
export const errorBody = z.object({
  error: z.object({
    code: z.string().describe("invalid_parameter, not_found, bad_request, …"),
    message: z.string().describe("what went wrong; for a parameter, `name: expected …, got …`"),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("`parameter` (the one at fault) and `missing` (when it was required and absent); what is known of an id that is not found"),
  }),
});

/** A parameter that is wrong, or missing (`got` undefined) where another one requires it. */
export const invalidParameter = (name: string, expected: string, got: unknown) =>
  new ApiError(400, "invalid_parameter", `${name}: expected ${expected}, ${got === undefined ? "got none" : `got ${JSON.stringify(got)}`}`, {
    parameter: name,
    ...(got === undefined && { missing: true }),
  });

export const notFound = (message: string, details?: unknown) => new ApiError(404, "not_found", message, details);

/** SQLSTATE classes and codes of a database that is not there: connection exceptions, shutting down, starting up. */
const UNREACHABLE_SQLSTATE = /^(08...|57P0[1-3])$/;
const UNREACHABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const UNREACHABLE_MESSAGE = /Connection terminated|timeout exceeded when trying to connect|connection to client lost|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error/i;

/** Whether a failed read failed because the database is unreachable (the error or any of its causes). */
export function databaseUnreachable(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === "string" && (UNREACHABLE_SQLSTATE.test(e.code) || UNREACHABLE_CODES.has(e.code))) return true;
    if (typeof e.message === "string" && UNREACHABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/** What a read answers while the database is unreachable (a 503 with `Retry-After`). */
export const DATABASE_UNAVAILABLE = {
  body: { error: { code: "database_unavailable", message: "the database is unreachable; retry shortly" } },
  retryAfter: "5",
} as const;

/** The one place errors become responses: the API answers JSON, and never a stack trace. */
export function renderError(error: Error, c: Context) {
  if (databaseUnreachable(error)) return c.json(DATABASE_UNAVAILABLE.body, 503, { "retry-after": DATABASE_UNAVAILABLE.retryAfter });
  if (error instanceof ApiError) {
    return c.json({ error: { code: error.code, message: error.message, details: error.details } }, error.status);
  }
  if (error instanceof HTTPException) {
    return c.json({ error: { code: "bad_request", message: error.message } }, error.status);
  }
  console.error(error);
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
}
