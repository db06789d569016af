/**
 * A bare JSON-RPC client for the benchmark's bulk work: batches of thousands of calls in one
 * POST, and responses of any size (viem's transport refuses bodies over 10 MB).
 */

export type RpcCall = { method: string; params: unknown[] };

export class RpcError extends Error {
  override name = "RpcError";
  constructor(
    readonly url: string,
    readonly call: RpcCall,
    readonly detail: unknown,
  ) {
    super(`${call.method} on ${url} failed: ${JSON.stringify(detail)}`);
  }
}

type RpcReply = { id: number; result?: unknown; error?: unknown };

async function post(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

export async function rpc<T = unknown>(url: string, method: string, params: unknown[] = []): Promise<T> {
  const reply = (await post(url, { jsonrpc: "2.0", id: 1, method, params })) as RpcReply;
  if (reply.error !== undefined) throw new RpcError(url, { method, params }, reply.error);
  return reply.result as T;
}

/** One POST with every call; results in call order. Throws on the first call that failed. */
export async function rpcBatch<T = unknown>(url: string, calls: readonly RpcCall[]): Promise<T[]> {
  if (calls.length === 0) return [];
  const replies = (await post(
    url,
    calls.map((call, id) => ({ jsonrpc: "2.0", id, method: call.method, params: call.params })),
  )) as RpcReply[];
  const results = new Array<T>(calls.length);
  for (const reply of replies) {
    if (reply.error !== undefined) throw new RpcError(url, calls[reply.id] as RpcCall, reply.error);
    results[reply.id] = reply.result as T;
  }
  return results;
}

export const toQuantity = (value: number | bigint) => `0x${value.toString(16)}`;
