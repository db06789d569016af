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

/** The one place errors become responses: the API answers JSON, and never a stack trace. */
export function renderError(error: Error, c: Context) {
  if (error instanceof ApiError) {
    return c.json({ error: { code: error.code, message: error.message, details: error.details } }, error.status);
  }
  if (error instanceof HTTPException) {
    return c.json({ error: { code: "bad_request", message: error.message } }, error.status);
  }
  console.error(error);
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
}
