import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { HOST } from "../../devnet/ports";
import { mulberry32, type Random } from "../../devnet/random";

/**
 * A JSON-RPC proxy in front of one anvil that fails a seeded share of the calls it forwards, the
 * ways public endpoints fail: a JSON-RPC error, HTTP 429 or 5xx, no answer within the client's
 * timeout, the connection dropped, the body cut short. And, when asked, it lies: answers that
 * are well-formed but wrong (see `Lie`).
 */

export const FAULT_KINDS = ["rpcError", "http429", "http5xx", "timeout", "drop", "truncate"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type JsonRpcRequest = { jsonrpc: "2.0"; id: number | string; method: string; params?: unknown[] };
/** Rewrites a true result into a wrong one (or returns undefined to leave it true). */
export type Lie = (request: JsonRpcRequest, result: unknown) => unknown | undefined;

export type ProxyOptions = {
  target: string;
  seed: number;
  /** Share of calls that fail, 0..1; default 0.2. */
  failShare?: number;
  /** Relative weight of each kind among the failures; default all 1. */
  weights?: Partial<Record<FaultKind, number>>;
  /** How long a `timeout` holds the request before dropping it; Ponder gives up after 10 s. */
  timeoutMs?: number;
};

export type ProxyStats = { calls: number; faults: Record<FaultKind, number>; lies: number; byMethod: Record<string, number> };

export type RpcProxy = {
  url: string;
  stats: ProxyStats;
  /** Total of injected failures. */
  faults(): number;
  setFailShare(share: number): void;
  setLie(lie: Lie | undefined): void;
  stop(): Promise<void>;
};

/** Retryable codes public nodes send (Ponder, as viem, does not retry -32700 parse errors or -32601). */
const RPC_ERRORS = [
  { code: -32603, message: "internal error (injected)" },
  { code: -32000, message: "header not found (injected)" },
  { code: -32005, message: "request rate exceeded (injected)" },
];
const HTTP_5XX = [500, 502, 503, 504];

function drawKind(random: Random, weights: Record<FaultKind, number>): FaultKind {
  const total = FAULT_KINDS.reduce((sum, kind) => sum + weights[kind], 0);
  let roll = random() * total;
  for (const kind of FAULT_KINDS) {
    roll -= weights[kind];
    if (roll < 0) return kind;
  }
  return FAULT_KINDS[FAULT_KINDS.length - 1]!;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => resolve(body));
    request.on("error", reject);
  });

const send = (response: ServerResponse, status: number, body: string) => {
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  response.end(body);
};

export async function startRpcProxy(options: ProxyOptions): Promise<RpcProxy> {
  const random = mulberry32(options.seed);
  const weights = Object.fromEntries(FAULT_KINDS.map((k) => [k, options.weights?.[k] ?? 1])) as Record<FaultKind, number>;
  const timeoutMs = options.timeoutMs ?? 11_000;
  let failShare = options.failShare ?? 0.2;
  let lie: Lie | undefined;
  const stats: ProxyStats = { calls: 0, faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>, lies: 0, byMethod: {} };
  const held = new Set<NodeJS.Timeout>();

  const forward = async (body: string) => {
    const answer = await fetch(options.target, { method: "POST", headers: { "content-type": "application/json" }, body });
    return { status: answer.status, text: await answer.text() };
  };

  /** Applies the lie to each answer of a single or batched call; counts the answers it changed. */
  const lieAbout = (requestText: string, answerText: string): string => {
    if (!lie) return answerText;
    const requests = JSON.parse(requestText) as JsonRpcRequest | JsonRpcRequest[];
    const answers = JSON.parse(answerText) as { id: unknown; result?: unknown } | { id: unknown; result?: unknown }[];
    const list = Array.isArray(answers) ? answers : [answers];
    const byId = new Map((Array.isArray(requests) ? requests : [requests]).map((r) => [r.id, r]));
    let changed = false;
    for (const answer of list) {
      const request = byId.get(answer.id as never);
      if (!request || !("result" in answer)) continue;
      const wrong = lie(request, answer.result);
      if (wrong !== undefined) {
        answer.result = wrong;
        stats.lies++;
        changed = true;
      }
    }
    return changed ? JSON.stringify(answers) : answerText;
  };

  const server = createServer(async (request, response) => {
    const body = await readBody(request).catch(() => undefined);
    if (body === undefined) return response.destroy();
    stats.calls++;
    let parsed: JsonRpcRequest | JsonRpcRequest[];
    try {
      parsed = JSON.parse(body);
    } catch {
      return send(response, 400, JSON.stringify({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } }));
    }
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first) stats.byMethod[first.method] = (stats.byMethod[first.method] ?? 0) + 1;

    if (random() < failShare) {
      const kind = drawKind(random, weights);
      stats.faults[kind]++;
      switch (kind) {
        case "rpcError": {
          const error = RPC_ERRORS[Math.floor(random() * RPC_ERRORS.length)]!;
          const one = (r: JsonRpcRequest) => ({ jsonrpc: "2.0", id: r.id, error });
          return send(response, 200, JSON.stringify(Array.isArray(parsed) ? parsed.map(one) : one(parsed)));
        }
        case "http429":
          return send(response, 429, JSON.stringify({ error: "Too Many Requests (injected)" }));
        case "http5xx":
          return send(response, HTTP_5XX[Math.floor(random() * HTTP_5XX.length)]!, "<html>bad gateway (injected)</html>");
        case "timeout": {
          const timer = setTimeout(() => (held.delete(timer), response.destroy()), timeoutMs);
          held.add(timer);
          return;
        }
        case "drop":
          return response.socket?.destroy();
        case "truncate": {
          const answer = await forward(body).catch(() => undefined);
          if (!answer) return response.destroy();
          return send(response, answer.status, answer.text.slice(0, Math.max(1, Math.floor(answer.text.length * random()))));
        }
      }
    }
    const answer = await forward(body).catch(() => undefined);
    if (!answer) return response.destroy();
    send(response, answer.status, answer.status === 200 ? lieAbout(body, answer.text) : answer.text);
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${HOST}:${port}`,
    stats,
    faults: () => FAULT_KINDS.reduce((sum, kind) => sum + stats.faults[kind], 0),
    setFailShare: (share) => (failShare = share),
    setLie: (next) => (lie = next),
    async stop() {
      for (const timer of held) clearTimeout(timer);
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
