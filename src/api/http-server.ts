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
 * Ponder answers /ready and /status before any of the app's middleware, retrying its read for
 * about a minute when the database is away: a load balancer's probe would hang. In front of
 * Ponder's handler, the database is asked first (`answers`, bounded by the pool's connect
 * timeout); unreachable, the probe is a JSON 503 at once.
 */
export function answerProbesWhileDatabaseAway(answers: () => Promise<boolean>) {
  subscribe("tracing:net.server.listen:asyncStart", (message) => {
    const { server } = message as { server: unknown };
    if (!(server instanceof Server)) return;
    const listeners = server.listeners("request") as ((request: IncomingMessage, response: ServerResponse) => void)[];
    if (listeners.length !== 1) return;
    const [ponder] = listeners as [(typeof listeners)[number]];
    server.removeListener("request", ponder);
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      if (request.method !== "GET" || !DATABASE_PROBES.has((request.url ?? "").split("?")[0]!)) return ponder(request, response);
      void answers().then((up) => {
        if (up) return ponder(request, response);
        const body = JSON.stringify(DATABASE_UNAVAILABLE.body);
        response.writeHead(503, { "content-type": "application/json", "content-length": Buffer.byteLength(body), "retry-after": DATABASE_UNAVAILABLE.retryAfter });
        response.end(body);
      });
    });
  });
}
