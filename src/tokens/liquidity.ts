import type { Context } from "ponder:registry";
import { route, routeChain } from "ponder:schema";

type RouteChainRow = typeof routeChain.$inferSelect;
type RouteRow = typeof route.$inferSelect;
type Amounts<T> = { [K in keyof T as T[K] extends bigint ? K : never]?: bigint };

/** Adds signed amounts to a route's row on one chain (created on first use). */
export async function addToRouteChain(
  db: Context["db"],
  key: Pick<RouteChainRow, "route" | "chainId" | "kind" | "router" | "decimals">,
  add: Amounts<RouteChainRow>,
) {
  const delta = { locked: 0n, supply: 0n, sent: 0n, received: 0n, ...add };
  await db
    .insert(routeChain)
    .values({ id: `${key.route}:${key.chainId}`, ...key, ...delta })
    .onConflictDoUpdate((row) => ({
      locked: row.locked + delta.locked,
      supply: row.supply + delta.supply,
      sent: row.sent + delta.sent,
      received: row.received + delta.received,
    }));
}

/** Adds signed amounts to a route's chain-independent figures. */
export async function addToRoute(db: Context["db"], key: Pick<RouteRow, "id" | "kind" | "symbol" | "decimals">, add: Amounts<RouteRow>) {
  const delta = { inFlight: 0n, dust: 0n, ...add };
  await db
    .insert(route)
    .values({ ...key, ...delta })
    .onConflictDoUpdate((row) => ({ inFlight: row.inFlight + delta.inFlight, dust: row.dust + delta.dust }));
}
