import { type Context, ponder } from "ponder:registry";
import { sending, transfer } from "ponder:schema";
import type { Hex } from "viem";
import { toAccount } from "../messaging/message";
import { processedMessageId } from "../messaging/listeners";
import { onMetalayerDispatch } from "../metalayer/handlers";
import { readScratch, writeScratch } from "../store";
import { addToRoute, addToRouteChain } from "./liquidity";
import { indexed } from "../network/indexed";
import { tokens } from "./routes";
import { normalise, rescale } from "./tokenMessage";
import { countDispatch, type TransferChange, upsertTransfer } from "./transfer";

/**
 * MetaERC20: a hub that locks the canonical token and spokes that mint and burn, joined by
 * transferId whatever chain is indexed first. Amounts travel in source-token units with their
 * decimals; the route's own unit is the hub token's.
 */

type At = NonNullable<ReturnType<typeof tokens.metaEnd>>;
const baseOf = ({ token }: At) => ({ kind: "metaerc20" as const, route: token.id, symbol: token.symbol });
const routeKey = ({ token }: At) => ({ id: token.id, kind: "metaerc20" as const, symbol: token.symbol, decimals: token.hub.decimals });
const chainKey = (at: At, router: Hex) => ({ route: at.token.id, chainId: at.chainId, kind: at.kind, router, decimals: at.decimals });
const inRouteUnits = (at: At, amount: bigint, decimals: number) => rescale(amount, decimals, at.token.hub.decimals);

/** The hub's tokens locked (+) or released (−), or a spoke's supply minted (+) or burned (−), in local units. */
const held = (at: At, local: bigint) => (at.kind === "hub" ? { locked: local } : { supply: -local });

type Log = { log: { address: Hex }; transaction: { hash: Hex; from: Hex }; block: { timestamp: bigint } };
const endOf = (context: Context, event: Log) => tokens.metaEnd(context.chain.id, event.log.address)!;
const SECURITY_RELAY = 2;

/** The Mailbox Dispatch that follows in this transaction carries this transfer (see the listener below). */
const sendsNext = (context: Context, event: Log, transferId: Hex, hop: "origin" | "relay") =>
  writeScratch(context.db, sending, context.chain.id, event.transaction.hash, { transferId, hop });

const change = (context: Context, event: Log, id: Hex, at: At, set: (row: typeof transfer.$inferSelect | undefined) => TransferChange) =>
  upsertTransfer(context.db, id, baseOf(at), set);

ponder.on("tokens/MetaERC20:MetaERC20Dispatch", async ({ event, context }) => {
  const at = endOf(context, event);
  const { transferId, recipientDomain, recipientAddress, amount, sourceDecimals } = event.args;
  const t = await change(context, event, transferId, at, () => ({
    originChainId: context.chain.id,
    destinationChainId: indexed.chainIdOfDomain(recipientDomain),
    sender: toAccount(event.transaction.from),
    recipient: toAccount(recipientAddress),
    amountRaw: amount,
    decimals: sourceDecimals,
    amount: normalise(amount, sourceDecimals),
    dispatchTxHash: event.transaction.hash,
    dispatchTimestamp: Number(event.block.timestamp),
  }));
  await countDispatch(context.db, t);
  await sendsNext(context, event, transferId, "origin");
  const routeAmount = inRouteUnits(at, amount, sourceDecimals);
  await addToRouteChain(context.db, chainKey(at, event.log.address), {
    ...held(at, rescale(amount, sourceDecimals, at.decimals)),
    sent: routeAmount,
  });
  await addToRoute(context.db, routeKey(at), { inFlight: routeAmount });
});

ponder.on("tokens/MetaERC20:MetaERC20Received", async ({ event, context }) => {
  const at = endOf(context, event);
  const { transferId, originDomain, recipientAddress, amount, sourceDecimals, messageType } = event.args;
  const messageId = await processedMessageId(context, event.transaction.hash);
  await change(context, event, transferId, at, (row) => ({
    // A relayed transfer arrives in the hub's message, not in the one its origin sent.
    ...(messageId && (messageType === SECURITY_RELAY ? { relayMessageId: messageId } : { messageId })),
    destinationChainId: context.chain.id,
    deliveryTxHash: event.transaction.hash,
    deliveryTimestamp: Number(event.block.timestamp),
    ...(row?.dispatchTxHash == null && {
      originChainId: indexed.chainIdOfDomain(originDomain),
      recipient: toAccount(recipientAddress),
      amountRaw: amount,
      decimals: sourceDecimals,
      amount: normalise(amount, sourceDecimals),
    }),
  }));
  const local = rescale(amount, sourceDecimals, at.decimals);
  const routeAmount = inRouteUnits(at, amount, sourceDecimals);
  await addToRouteChain(context.db, chainKey(at, event.log.address), { ...held(at, -local), received: routeAmount });
  await addToRoute(context.db, routeKey(at), {
    inFlight: -routeAmount,
    dust: routeAmount - inRouteUnits(at, local, at.decimals),
  });
});

/** The hub's buffer names the amount too: an admin unlock on the hub must not wait for the origin spoke. */
ponder.on("tokens/MetaERC20:SecurityRelayBuffered", async ({ event, context }) => {
  const { transferId, amount, sourceDecimals } = event.args;
  const messageId = await processedMessageId(context, event.transaction.hash);
  await change(context, event, transferId, endOf(context, event), (row) => ({
    ...(messageId && { messageId }),
    bufferedTimestamp: Number(event.block.timestamp),
    ...(row?.amountRaw == null && { amountRaw: amount, decimals: sourceDecimals, amount: normalise(amount, sourceDecimals) }),
  }));
});

ponder.on("tokens/MetaERC20:SecurityRelayReleased", async ({ event, context }) => {
  const { transferId } = event.args;
  await change(context, event, transferId, endOf(context, event), () => ({ releasedTimestamp: Number(event.block.timestamp) }));
  await sendsNext(context, event, transferId, "relay");
});

ponder.on("tokens/MetaERC20:TransferExpired", async ({ event, context }) => {
  await change(context, event, event.args.transferId, endOf(context, event), () => ({ expiredTimestamp: Number(event.block.timestamp) }));
});

/**
 * An expired relay settled by an admin: the hub pays it out of its locked tokens (unlock), or
 * the origin spoke mints it back (reissue). Either way it is no longer in flight. The amount is
 * the transfer's, known from the same chain's earlier events.
 */
async function settle(context: Context, event: Log & { args: { transferId: Hex } }, action: "unlock" | "reissue") {
  const at = endOf(context, event);
  const t = await change(context, event, event.args.transferId, at, () => ({ adminAction: action, adminTxHash: event.transaction.hash }));
  if (t.amountRaw === null || t.decimals === null) return;
  await addToRouteChain(context.db, chainKey(at, event.log.address), held(at, -rescale(t.amountRaw, t.decimals, at.decimals)));
  await addToRoute(context.db, routeKey(at), { inFlight: -inRouteUnits(at, t.amountRaw, t.decimals) });
}

ponder.on("tokens/MetaERC20:MetaERC20AdminUnlock", ({ event, context }) => settle(context, event, "unlock"));
ponder.on("tokens/MetaERC20:MetaERC20AdminReissue", ({ event, context }) => settle(context, event, "reissue"));

/**
 * A Metalayer message sent by a MetaERC20 hub or spoke: the message that carries the transfer
 * whose MetaERC20Dispatch (or SecurityRelayReleased) came just before in the same transaction.
 */
onMetalayerDispatch(async (context, d) => {
  const at = tokens.metaEnd(context.chain.id, d.app);
  if (!at) return;
  const next = await readScratch<typeof sending.$inferSelect>(context.db, sending, context.chain.id, d.txHash);
  if (!next) return;
  await upsertTransfer(context.db, next.transferId, baseOf(at), () => (next.hop === "origin" ? { messageId: d.id } : { relayMessageId: d.id }));
});
