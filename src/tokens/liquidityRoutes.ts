import { Hono } from "hono";
import { eq } from "ponder";
import schema from "ponder:schema";
import { db } from "../api/db";
import { formatUnits } from "viem";
import { z } from "zod";
import { notFound } from "../api/errors";
import { text } from "../api/params";
import { route as declare } from "../api/route";
import { decimalString, int, itemsOf } from "../api/shapes";
import { loadChains } from "../network/chains";
import { rescale } from "./tokenMessage";

const { route, routeChain } = schema;
type RouteRow = typeof route.$inferSelect;
type RouteChainRow = typeof routeChain.$inferSelect;

const amount = (raw: bigint, decimals: number) => ({ raw: raw.toString(), value: formatUnits(raw, decimals) });
const amountSchema = z.object({ raw: decimalString, value: z.string() });

const routeSchema = z.object({
  route: z.string(),
  kind: z.enum(["warp", "metaerc20"]),
  symbol: z.string(),
  decimals: int,
  chains: z.array(
    z.object({
      chainId: int,
      name: z.string().nullable(),
      kind: z.enum(["collateral", "synthetic", "native", "hub", "spoke"]),
      router: z.string(),
      decimals: int.describe("the local token's decimals"),
      locked: amountSchema.describe("collateral and native routers, the MetaERC20 hub: held for the route, local units"),
      supply: amountSchema.describe("synthetics and spokes: minted − burned, local units"),
      sent: amountSchema.describe("in the route's message units"),
      received: amountSchema.describe("in the route's message units"),
    }),
  ),
  conservation: z
    .object({
      holds: z.boolean(),
      locked: amountSchema,
      supply: amountSchema,
      inFlight: amountSchema,
      dust: amountSchema,
      discrepancy: amountSchema.describe("locked − (supply + in flight + dust): negative when more was minted than locked"),
    })
    .describe("locked = supply + in flight + rounding dust, in the route's message units"),
});

/**
 * Conservation of a route, in its message units: what the collateral (or native, or hub)
 * routers hold must equal the synthetic supply across chains, plus what is in flight, plus the
 * dust lost rounding into chains with fewer decimals. Anything else was minted or released
 * outside the route.
 */
export function conservation(r: RouteRow, chains: RouteChainRow[]) {
  const inRouteUnits = (c: RouteChainRow, local: bigint) => rescale(local, c.decimals, r.decimals);
  const locked = chains.reduce((sum, c) => sum + inRouteUnits(c, c.locked), 0n);
  const supply = chains.reduce((sum, c) => sum + inRouteUnits(c, c.supply), 0n);
  const discrepancy = locked - (supply + r.inFlight + r.dust);
  return {
    holds: discrepancy === 0n,
    locked: amount(locked, r.decimals),
    supply: amount(supply, r.decimals),
    inFlight: amount(r.inFlight, r.decimals),
    dust: amount(r.dust, r.decimals),
    /** locked − (supply + in flight + dust): negative when more was minted than locked */
    discrepancy: amount(discrepancy, r.decimals),
  };
}

async function presentRoutes(routes: RouteRow[]): Promise<z.input<typeof routeSchema>[]> {
  const [rows, chains] = await Promise.all([db.select().from(routeChain), loadChains()]);
  return routes.map((r) => {
    const own = rows.filter((c) => c.route === r.id).sort((a, b) => a.chainId - b.chainId);
    return {
      route: r.id,
      kind: r.kind,
      symbol: r.symbol,
      decimals: r.decimals,
      chains: own.map((c) => ({
        chainId: c.chainId,
        name: chains.find((x) => x.chainId === c.chainId)?.name ?? null,
        kind: c.kind,
        router: c.router,
        decimals: c.decimals,
        locked: amount(c.locked, c.decimals),
        supply: amount(c.supply, c.decimals),
        sent: amount(c.sent, r.decimals),
        received: amount(c.received, r.decimals),
      })),
      conservation: conservation(r, own),
    };
  });
}

export const liquidity = new Hono()
  .get(
    "/",
    declare({ summary: "Liquidity per route and chain, with each route's conservation check", response: itemsOf(routeSchema) }, async () => ({
      items: await presentRoutes(await db.select().from(route).orderBy(route.id)),
    })),
  )
  .get(
    "/:route",
    declare(
      { summary: "One route's liquidity and conservation check", params: z.object({ route: text("a route id") }), response: routeSchema, errors: [404] },
      async ({ params: { route: id } }) => {
        const rows = await db.select().from(route).where(eq(route.id, id));
        if (rows.length === 0) throw notFound(`no route ${JSON.stringify(id)}`);
        return (await presentRoutes(rows))[0]!;
      },
    ),
  );
