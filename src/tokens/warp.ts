import { ponder } from "ponder:registry";
import { zeroAddress } from "viem";
import { toAccount } from "../messaging/message";
import { onDispatch, processedMessageId } from "../messaging/listeners";
import { addToRoute, addToRouteChain } from "./liquidity";
import { indexed } from "../network/indexed";
import { tokens } from "./routes";
import { decodeTokenMessage, normalise, rescale } from "./tokenMessage";
import { countDispatch, upsertTransfer } from "./transfer";

type At = NonNullable<ReturnType<typeof tokens.warpRouter>>;
const baseOf = ({ route }: At) => ({ kind: "warp" as const, route: route.id, symbol: route.symbol });
const routeKey = ({ route }: At) => ({ id: route.id, kind: "warp" as const, symbol: route.symbol, decimals: route.decimals });
const chainKey = ({ route, router, chainId }: At) => ({
  route: route.id,
  chainId,
  kind: router.kind,
  router: router.address,
  decimals: router.decimals,
});
const amounts = ({ route }: At, amountRaw: bigint) => ({
  amountRaw,
  decimals: route.decimals,
  amount: normalise(amountRaw, route.decimals),
});

/** A Dispatch from a warp router: the origin side of a transfer, its TokenMessage decoded. */
onDispatch(async (context, d) => {
  const at = tokens.warpRouter(d.chainId, d.sender);
  if (!at) return;
  const decoded = d.body === null ? { ok: false as const, error: "the Hyperlane message is malformed" } : decodeTokenMessage(d.body);
  const transfer = await upsertTransfer(context.db, d.id, baseOf(at), () => ({
    messageId: d.id,
    originChainId: d.chainId,
    destinationChainId: indexed.chainIdOfDomain(d.destinationDomain),
    sender: d.txFrom,
    dispatchTxHash: d.txHash,
    dispatchTimestamp: d.timestamp,
    ...(decoded.ok
      ? { recipient: toAccount(decoded.recipient), ...amounts(at, decoded.amount), malformed: false, decodeError: null }
      : { malformed: true, decodeError: decoded.error }),
  }));
  if (!decoded.ok) return;
  await countDispatch(context.db, transfer);
  // A collateral or native router takes the tokens in; a synthetic one burns them (its Transfer to 0).
  const locked = at.router.kind === "synthetic" ? 0n : rescale(decoded.amount, at.route.decimals, at.router.decimals);
  await addToRouteChain(context.db, chainKey(at), { sent: decoded.amount, locked });
  await addToRoute(context.db, routeKey(at), { inFlight: decoded.amount });
});

/**
 * The destination side: the router's `handle` emits ReceivedTransferRemote right after the
 * Mailbox's ProcessId, in the same transaction, which names the message.
 */
ponder.on("tokens/WarpRouter:ReceivedTransferRemote", async ({ event, context }) => {
  const at = tokens.warpRouter(context.chain.id, event.log.address)!;
  const { origin, recipient, amountOrId: amount } = event.args;
  const local = rescale(amount, at.route.decimals, at.router.decimals);
  const messageId = await processedMessageId(context, event.transaction.hash);
  if (messageId) {
    await upsertTransfer(context.db, messageId, baseOf(at), (row) => ({
      messageId,
      destinationChainId: context.chain.id,
      deliveryTxHash: event.transaction.hash,
      deliveryTimestamp: Number(event.block.timestamp),
      // Until the origin side is indexed (or if it never is), the delivery tells what it can.
      ...(row?.dispatchTxHash == null && {
        originChainId: indexed.chainIdOfDomain(origin),
        recipient: toAccount(recipient),
        ...amounts(at, amount),
      }),
    }));
  }
  const released = at.router.kind === "synthetic" ? 0n : -local;
  await addToRouteChain(context.db, chainKey(at), { received: amount, locked: released });
  await addToRoute(context.db, routeKey(at), {
    inFlight: -amount,
    dust: amount - rescale(local, at.router.decimals, at.route.decimals),
  });
});

/** A synthetic router's own mints and burns (and any made outside the route) are its supply. */
ponder.on("tokens/SyntheticToken:Transfer", async ({ event, context }) => {
  const at = tokens.warpRouter(context.chain.id, event.log.address)!;
  const { from, to, value } = event.args;
  const supply = (from === zeroAddress ? value : 0n) - (to === zeroAddress ? value : 0n);
  if (supply !== 0n) await addToRouteChain(context.db, chainKey(at), { supply });
});
