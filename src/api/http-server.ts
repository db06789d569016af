import { subscribe } from "node:diagnostics_channel";
import { Server } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { DATABASE_UNAVAILABLE } from "./errors";

/** Node's answers to requests it cannot parse, by its error codes; anything else is a 400. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, "Request Header Fields Too Large", "the request's headers are larger than the server reads"],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "Content Too Large", "the request's chunk extensions are too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "Request Timeout", "the request was not received in time"],
};

export function clientErrorResponse(code: string | undefined): string {
  const [status, reason, message] = CLIENT_ERRORS[code ?? ""] ?? [400, "Bad Request", "the request is not valid HTTP/1.1"];
  const body = JSON.stringify({ error: { code: status === 400 ? "bad_request" : reason.toLowerCase().replaceAll(" ", "_"), message } });
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * Ponder creates the HTTP server, after this module is loaded; its listen call is announced on
 * Node's diagnostics channel, the one place to reach it. Requests Node itself refuses (headers
 * over its limit, malformed HTTP) then get the API's JSON error instead of an empty body.
 */
export function answerClientErrorsInJson() {
  subscribe("tracing:net.server.listen:asyncStart", (message) => {
    const { server } = message as { server: unknown };
    if (!(server instanceof Server) || server.listenerCount("clientError") > 0) return;
    server.on("clientError", (error: Error & { code?: string }, socket: Socket) => {
      // As Node's documentation does: a reset or closed socket cannot be answered.
      if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy();
      socket.end(clientErrorResponse(error.code));
    });
  });
}

/** Ponder's own probes that read the database, which Ponder retries for about a minute when it is away. */
const DATABASE_PROBES = new Set(["/ready", "/status"]);

/**
 * A GET answered in front of Ponder's Hono app, with the same answer the app's route gives:
 * `answer` is given the path's parameter and returns the JSON text, or undefined to leave the
 * request to the app (which then answers it its usual way: a 404, a refusal, an error). It is
 * counted in Ponder's request metrics under `path`, as the app's own routes are.
 */
export type LeanRoute = { path: string; match: RegExp; answer: (parameter: string) => Promise<string | undefined> };

type Metric = { inc(labels: object): void; dec(labels: object): void; observe(labels: object, value: number): void };
type PonderMetrics = Record<`ponder_http_server_${"active_requests" | "request_size_bytes" | "response_size_bytes" | "request_duration_ms"}`, Metric>;

/**
 * In front of Ponder's request handler, once it listens:
 * - Ponder answers /ready and /status before any of the app's middleware, retrying its read for
 *   about a minute when the database is away: a load balancer's probe would hang. The database
 *   is asked first (`databaseAnswers`, bounded by the pool's connect timeout); unreachable, the
 *   probe is a JSON 503 at once.
 * - The lean routes: the explorer's hottest lookup spends most of its time in the layers of two
 *   Hono apps (Ponder's metrics and CORS, then the app's), not in its query or its presenter.
 */
export function answerBeforePonder(databaseAnswers: () => Promise<boolean>, routes: LeanRoute[]) {
  subscribe("tracing:net.server.listen:asyncStart", (message) => {
    const { server } = message as { server: unknown };
    if (!(server instanceof Server)) return;
    const listeners = server.listeners("request") as ((request: IncomingMessage, response: ServerResponse) => void)[];
    if (listeners.length !== 1) return;
    const [ponder] = listeners as [(typeof listeners)[number]];
    server.removeListener("request", ponder);
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      if (request.method !== "GET") return ponder(request, response);
      const url = request.url ?? "";
      for (const route of routes) {
        const parameter = route.match.exec(url)?.[1];
        if (parameter !== undefined) return void answerLean(route, parameter, response, () => ponder(request, response));
      }
      if (!DATABASE_PROBES.has(url.split("?")[0]!)) return ponder(request, response);
      void databaseAnswers().then((up) => {
        if (up) return ponder(request, response);
        const body = JSON.stringify(DATABASE_UNAVAILABLE.body);
        response.writeHead(503, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "retry-after": DATABASE_UNAVAILABLE.retryAfter });
        response.end(body);
      });
    });
  });
}

/** A lean route's answer; the app's when it has none. */
async function answerLean(route: LeanRoute, parameter: string, response: ServerResponse, toApp: () => void) {
  const metrics = (globalThis as unknown as { PONDER_COMMON: { metrics: PonderMetrics } }).PONDER_COMMON.metrics;
  const labels = { method: "GET", path: route.path };
  const started = performance.now();
  metrics.ponder_http_server_active_requests.inc(labels);
  const body = await route.answer(parameter).catch(() => undefined);
  metrics.ponder_http_server_active_requests.dec(labels);
  if (body === undefined) return toApp();
  const bytes = Buffer.byteLength(body);
  // The headers Ponder's CORS middleware and the app's JSON answer carry.
  response.writeHead(200, { "access-control-allow-origin": "*", "content-type": "application/json", "content-length": bytes });
  response.end(body);
  const counted = { ...labels, status: "2XX" };
  metrics.ponder_http_server_request_size_bytes.observe(counted, 0);
  metrics.ponder_http_server_response_size_bytes.observe(counted, bytes);
  metrics.ponder_http_server_request_duration_ms.observe(counted, performance.now() - started);
}
