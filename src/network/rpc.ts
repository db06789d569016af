import { createPublicClient, fallback, http, type PublicClient, webSocket } from "viem";
import { indexed } from "./indexed";

/**
 * Clients over the manifest chains' own RPC URLs, for the API's reads outside Ponder (a
 * diagnosis, the finality watch): one per chain, made on first use, each call bounded by
 * `timeoutMs` and tried on `retryCount` more URLs.
 */
export function rpcClients(options: { timeoutMs: number; retryCount: number }): (chainId: number) => PublicClient {
  const clients = new Map<number, PublicClient>();
  return (chainId) => {
    let c = clients.get(chainId);
    if (!c) {
      const per = { timeout: options.timeoutMs, retryCount: 0 };
      const transports = indexed.chain(chainId).rpc.map((url) => (url.startsWith("ws") ? webSocket(url, per) : http(url, per)));
      c = createPublicClient({ transport: fallback(transports, { retryCount: options.retryCount }) });
      clients.set(chainId, c);
    }
    return c;
  };
}
