import { and, eq, isNotNull, or, sql } from "ponder";
import schema from "ponder:schema";
import { zeroAddress } from "viem";
import { db } from "../api/db";
import { INBOX_MESSAGE_KIND } from "./inboxMessage";

const { bridgeTransfer, rollupTokenSupply } = schema;
type Rollup = typeof schema.rollup.$inferSelect;
type Figures = { locked: bigint; supply: bigint; inFlight: bigint };

/**
 * A rollup's bridge liquidity per parent-chain token, in the warp routes' vocabulary: `locked` is
 * what its parent-side bridge holds (ETH or the gas token in the Orbit Bridge or the OP portal,
 * ERC20s in the token gateway or the L1StandardBridge: deposits in, withdrawals executed out),
 * `supply` what is minted on the rollup, `inFlight` what is on its way (deposits not executed,
 * withdrawals not executed); conservation: locked = supply + inFlight.
 *
 * A transfer moves the gas token by its `value` (what the parent-side message carried: an Orbit
 * retryable's fees and call value, an OP deposit's mint) and an ERC20 by its `amount`. The supply
 * of a token with an indexed L2 token (OP Stack) is that token's own mints and burns, so a mint
 * outside the bridge breaks the check; the gas token and Orbit ERC20s (whose L2 tokens no event
 * announces) have the supply the bridge's rollup-side events credit. An Orbit ETH deposit (kind
 * 12) is credited as ArbOS reads it (no execution that could fail, and no log).
 */
export async function bridgeLiquidity(r: Rollup) {
  const native = r.stack === "orbit" ? r.nativeToken : zeroAddress;
  const groups = await db
    .select({
      direction: bridgeTransfer.direction,
      token: bridgeTransfer.token,
      l2Token: bridgeTransfer.l2Token,
      kind: bridgeTransfer.kind,
      initiated: sql<boolean>`${bridgeTransfer.initiatedTxHash} is not null`,
      ran: sql<boolean>`${bridgeTransfer.status} = 'finalized'`,
      value: sql<string>`coalesce(sum(${bridgeTransfer.value}), 0)::text`,
      amount: sql<string>`coalesce(sum(${bridgeTransfer.amount}), 0)::text`,
    })
    .from(bridgeTransfer)
    .where(or(eq(bridgeTransfer.rollup, r.id), and(sql`${bridgeTransfer.rollup} is null`, eq(bridgeTransfer.l2ChainId, r.l2ChainId ?? -1))))
    .groupBy(sql`1, 2, 3, 4, 5, 6`);
  const figures = new Map<string, Figures>();
  const add = (token: string, f: Partial<Figures>) => {
    const t = figures.get(token) ?? { locked: 0n, supply: 0n, inFlight: 0n };
    figures.set(token, { locked: t.locked + (f.locked ?? 0n), supply: t.supply + (f.supply ?? 0n), inFlight: t.inFlight + (f.inFlight ?? 0n) });
  };
  const l2Tokens = new Map<string, Set<string>>();
  for (const g of groups) {
    const parts: [string, bigint][] = [[native, BigInt(g.value)]];
    if (g.token !== null && g.token !== native) parts.push([g.token, BigInt(g.amount)]);
    if (g.token !== null && g.l2Token !== null) l2Tokens.set(g.token, (l2Tokens.get(g.token) ?? new Set()).add(g.l2Token));
    for (const [token, x] of parts) {
      if (g.direction === "deposit") {
        const credited = g.ran || g.kind === INBOX_MESSAGE_KIND.ethDeposit;
        add(token, { locked: g.initiated ? x : 0n, supply: credited ? x : 0n, inFlight: g.initiated && !credited ? x : 0n });
      } else {
        // A withdrawal's initiation is on the rollup (burned there), its execution on the parent.
        add(token, { supply: g.initiated ? -x : 0n, locked: g.ran ? -x : 0n, inFlight: g.initiated && !g.ran ? x : 0n });
      }
    }
  }
  const supplies = r.chainId === null ? [] : await db.select().from(rollupTokenSupply).where(and(eq(rollupTokenSupply.chainId, r.chainId), isNotNull(rollupTokenSupply.token)));
  return [...figures.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([token, f]) => {
      const minted = supplies.filter((s) => l2Tokens.get(token)?.has(s.token));
      const supply = minted.length > 0 ? minted.reduce((sum, s) => sum + s.supply, 0n) : f.supply;
      const discrepancy = f.locked - (supply + f.inFlight);
      return {
        token,
        l2Tokens: [...(l2Tokens.get(token) ?? [])].sort(),
        /** "token": the L2 token's own mints and burns; "bridge": what the bridge's rollup-side events credited */
        supplySource: minted.length > 0 ? ("token" as const) : ("bridge" as const),
        locked: f.locked.toString(),
        supply: supply.toString(),
        inFlight: f.inFlight.toString(),
        conservation: {
          holds: discrepancy === 0n,
          /** locked − (supply + in flight): negative when more was minted than locked */
          discrepancy: discrepancy.toString(),
        },
      };
    });
}
