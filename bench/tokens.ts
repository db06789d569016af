import type { Address, Hex } from "viem";
import { devnetAccount, TRAFFIC_SENDERS } from "../devnet/accounts";
import type { Apps } from "../devnet/apps";
import { type Finality, metalayerDispatchRequest, metalayerOn, randomMetalayerSpec } from "../devnet/metalayer";
import { DEFAULT_META_GAS_LIMIT, metaTransferRequest } from "../devnet/metatoken";
import { chainNamed, type Network } from "../devnet/network";
import { mulberry32, pick, type Random, randomInt, shuffle } from "../devnet/random";
import { toLocalAmount, toMessageAmount, warpAbi, warpRouter, type WarpRouteId, warpTransferRequest } from "../devnet/warp";

/**
 * Token and Metalayer traffic for the benchmark, in the generator's batched style: each item is
 * one transaction (explicit gas, sent with the rest of its chain's block) that dispatches exactly
 * one Hyperlane message, delivered later with Mailbox.process like the plain messages.
 *
 * - warp transfers out of the settlement chain: ERA on its collateral router (the traffic
 *   accounts hold ERA and approved the router at deployment) and ETH on the native router
 *   (msg.value = amount + the router's IGP quote); a fifth of the warp share later goes back
 *   from a rollup (synthetic burn) once the outbound deliveries have minted;
 * - MetaERC20 hub → spoke transfers (the hub's transferRemote, paid dispatchPayment(gasLimit));
 * - Metalayer messages between any two chains through the routers, each with 1–3 reads.
 */

export type TokenShares = { warp: number; meta: number; metalayer: number };
export const DEFAULT_TOKEN_SHARES: TokenShares = { warp: 0.15, meta: 0.05, metalayer: 0.05 };
/** Of the warp share: sent back rollup → settlement after the outbound ones are delivered. */
const WARP_RETURN_SHARE = 0.2;

// Explicit gas, so anvil never estimates (a transferRemote is ~200–300k, a Metalayer dispatch with
// a few KB of write and reads well under 1M).
export const TOKEN_GAS = { warp: 1_000_000n, meta: 1_500_000n, metalayer: 2_500_000n };

export type TokenTx = { from: Address; to: Address; data: Hex; value: bigint; gas: bigint };

export type TokenKind = "warp" | "warpReturn" | "meta" | "metalayer";

export type TokenItem = {
  kind: TokenKind;
  origin: string;
  destination: string;
  tx: TokenTx;
  deliver: boolean;
  /** Warp only: what the recipient (a traffic account) is paid out on the destination, in local units. */
  warp?: { route: WarpRouteId; recipient: number; receivedLocal: bigint };
  reads?: number;
};

export type TokenSummary = {
  shares: TokenShares;
  warp: { sent: number; delivered: number; era: number; eth: number; returns: number; returnsDelivered: number };
  meta: { sent: number; delivered: number };
  metalayer: { sent: number; delivered: number; reads: number };
  /** Rows the `transfer` table must end with: warp transfers and MetaERC20 transfers. */
  transfers: number;
  transfersDelivered: number;
  deploySeconds: number;
};

/** Exactly 85% delivered per kind, spread evenly. */
const delivers = (i: number) => i % 20 < 17;

export function tokenCounts(messages: number, shares: TokenShares = DEFAULT_TOKEN_SHARES) {
  const warp = Math.floor(messages * shares.warp);
  const warpReturns = Math.floor(warp * WARP_RETURN_SHARE);
  const meta = Math.floor(messages * shares.meta);
  const metalayer = Math.floor(messages * shares.metalayer);
  return { warpOut: warp - warpReturns, warpReturns, meta, metalayer, plain: messages - warp - meta - metalayer };
}

type Quotes = Map<string, bigint>;

async function warpQuotes(network: Network, apps: Apps): Promise<Quotes> {
  const quotes: Quotes = new Map();
  for (const route of ["ERA", "ETH"] as const) {
    for (const [originName, from] of Object.entries(apps.warp.contracts[route])) {
      const origin = chainNamed(network, originName);
      for (const [destinationName] of Object.entries(apps.warp.contracts[route])) {
        if (destinationName === originName) continue;
        const destination = chainNamed(network, destinationName);
        const quote = await origin.publicClient.readContract({
          address: from.router,
          abi: warpAbi.tokenRouter,
          functionName: "quoteGasPayment",
          args: [destination.domainId],
        });
        quotes.set(`${route}|${originName}|${destinationName}`, quote);
      }
    }
  }
  return quotes;
}

function warpItem(
  network: Network,
  apps: Apps,
  quotes: Quotes,
  spec: { route: WarpRouteId; origin: string; destination: string; sender: number; recipient: number; amount: bigint; deliver: boolean; kind: "warp" | "warpReturn" },
): TokenItem {
  const from = warpRouter(apps.warp, spec.route, spec.origin);
  const to = warpRouter(apps.warp, spec.route, spec.destination);
  const quote = quotes.get(`${spec.route}|${spec.origin}|${spec.destination}`);
  if (quote === undefined) throw new Error(`no IGP quote for ${spec.route} ${spec.origin} → ${spec.destination}`);
  const destination = chainNamed(network, spec.destination);
  return {
    kind: spec.kind,
    origin: spec.origin,
    destination: spec.destination,
    deliver: spec.deliver,
    tx: {
      from: devnetAccount(spec.sender).address,
      ...warpTransferRequest(from, destination.domainId, devnetAccount(spec.recipient).address, spec.amount, quote),
      gas: TOKEN_GAS.warp,
    },
    warp: { route: spec.route, recipient: spec.recipient, receivedLocal: toLocalAmount(toMessageAmount(spec.amount, from.scale), to.scale) },
  };
}

/** 1 to 999 units of 1, 0.1, 0.001 or 0.000001 ERA; of 0.001 ETH down to 1 gwei (as devnet/warp.ts draws them). */
function settlementAmount(random: Random, route: WarpRouteId): bigint {
  const steps = route === "ERA" ? [10n ** 18n, 10n ** 17n, 10n ** 15n, 10n ** 12n] : [10n ** 15n, 10n ** 14n, 10n ** 12n, 10n ** 9n];
  return BigInt(randomInt(random, 1, 999)) * pick(random, steps);
}

/** The first round: warp out of the settlement chain, MetaERC20 hub → spokes, Metalayer messages. */
export async function planTokenTraffic(network: Network, apps: Apps, options: { seed: number; messages: number; shares?: TokenShares }) {
  const random = mulberry32(options.seed ^ 0x70c3e5);
  const counts = tokenCounts(options.messages, options.shares);
  const quotes = await warpQuotes(network, apps);
  const items: TokenItem[] = [];

  const settlement = apps.meta.hub.chain;
  const warpDestinations = (route: WarpRouteId) => Object.keys(apps.warp.contracts[route]).filter((c) => c !== settlement);
  for (let i = 0; i < counts.warpOut; i++) {
    const route: WarpRouteId = i % 2 === 0 ? "ERA" : "ETH";
    items.push(
      warpItem(network, apps, quotes, {
        kind: "warp",
        route,
        origin: settlement,
        destination: pick(random, warpDestinations(route)),
        sender: pick(random, TRAFFIC_SENDERS),
        recipient: pick(random, TRAFFIC_SENDERS),
        amount: settlementAmount(random, route),
        deliver: delivers(i),
      }),
    );
  }

  const hub = apps.meta.hub;
  for (let i = 0; i < counts.meta; i++) {
    const spoke = pick(random, apps.meta.spokes);
    const amount = BigInt(randomInt(random, 1, 500)) * 10n ** 18n;
    const sender = pick(random, TRAFFIC_SENDERS);
    items.push({
      kind: "meta",
      origin: hub.chain,
      destination: spoke.chain,
      deliver: delivers(i),
      tx: {
        from: devnetAccount(sender).address,
        ...metaTransferRequest(hub.address, spoke.domainId, devnetAccount(pick(random, TRAFFIC_SENDERS)).address, amount, 1, DEFAULT_META_GAS_LIMIT),
        gas: TOKEN_GAS.meta,
      },
    });
  }

  const names = network.chains.map((c) => c.name);
  const domains = network.chains.map((c) => c.domainId);
  for (let i = 0; i < counts.metalayer; i++) {
    const origin = pick(random, names);
    const destination = pick(random, names.filter((n) => n !== origin));
    const spec = randomMetalayerSpec(random, { origin, destination }, { finality: (i % 3) as Finality, readCount: 1 + (i % 3), deliver: delivers(i), domains });
    const gasLimit = spec.gasLimit ?? 200_000n;
    items.push({
      kind: "metalayer",
      origin,
      destination,
      deliver: spec.deliver,
      reads: spec.reads.length,
      tx: {
        from: devnetAccount(spec.sender ?? 2).address,
        ...metalayerDispatchRequest(
          metalayerOn(apps.metalayer, origin).router,
          chainNamed(network, destination).domainId,
          metalayerOn(apps.metalayer, destination).testRecipient,
          spec,
          gasLimit,
        ),
        gas: TOKEN_GAS.metalayer,
      },
    });
  }
  return { items, counts, quotes, random };
}

/**
 * The second round: warp transfers back to the settlement chain, each from the recipient of a
 * distinct delivered outbound transfer, for half of what it received (all of it when that is one
 * unit): nobody spends more than it holds. The synthetic burns; the settlement router releases.
 */
export function planWarpReturns(network: Network, apps: Apps, plan: Awaited<ReturnType<typeof planTokenTraffic>>, delivered: readonly TokenItem[]): TokenItem[] {
  const { random, quotes, counts } = plan;
  const funded = shuffle(
    random,
    delivered.filter((item) => item.kind === "warp" && item.warp && item.warp.receivedLocal > 0n),
  );
  if (funded.length < counts.warpReturns) throw new Error(`only ${funded.length} delivered warp transfers to send ${counts.warpReturns} back from`);
  return funded.slice(0, counts.warpReturns).map((outbound, i) => {
    const { route, recipient, receivedLocal } = outbound.warp!;
    const half = receivedLocal / 2n;
    return warpItem(network, apps, quotes, {
      kind: "warpReturn",
      route,
      origin: outbound.destination,
      destination: outbound.origin,
      sender: recipient,
      recipient: pick(random, TRAFFIC_SENDERS),
      amount: half > 0n ? half : receivedLocal,
      deliver: delivers(i),
    });
  });
}
