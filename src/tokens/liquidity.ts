import type { Context } from "ponder:registry";
import { route, routeChain } from "ponder:schema";
import { addTo } from "../store";

type RouteChainRow = typeof routeChain.$inferSelect;
type RouteRow = typeof route.$inferSelect;
type Amounts<T> = { [K in keyof T as T[K] extends bigint ? K : never]?: bigint };

/** Adds signed amounts to a route's row on one chain (created on first use). */
export const addToRouteChain = (
  db: Context["db"],
  key: Pick<RouteChainRow, "route" | "chainId" | "kind" | "router" | "decimals">,
  add: Amounts<RouteChainRow>,
) => addTo(db, routeChain, { id: `${key.route}:${key.chainId}`, ...key }, { locked: 0n, supply: 0n, sent: 0n, received: 0n, ...add });

/** Adds signed amounts to a route's chain-independent figures. */
export const addToRoute = (db: Context["db"], key: Pick<RouteRow, "id" | "kind" | "symbol" | "decimals">, add: Amounts<RouteRow>) =>
  addTo(db, route, key, { inFlight: 0n, dust: 0n, ...add });
