import { index, onchainTable, relations } from "ponder";
import { message } from "../messaging/schema";
import { chainNumber, scratchKey } from "../network/columns";
import { chain } from "../network/schema";

/**
 * A token transfer across chains: a warp route message (id = the message id) or a MetaERC20
 * transfer (id = its transferId, which may travel in two messages through the hub). Each side
 * upserts its own columns; status and latency derive from them (see src/tokens/transfer.ts).
 */
export const transfer = onchainTable(
  "transfer",
  (t) => ({
    id: t.hex().primaryKey(),
    kind: t.text({ enum: ["warp", "metaerc20"] }).notNull(),
    /** The warp route's or the MetaERC20 token's id in the manifest */
    route: t.text().notNull(),
    symbol: t.text().notNull(),
    status: t.text({ enum: ["pending", "buffered", "released", "delivered", "expired", "unlocked", "reissued"] }).notNull(),
    /** The Hyperlane message that carried it from its origin */
    messageId: t.hex(),
    /** MetaERC20 security relay: the hub's message on to the destination spoke */
    relayMessageId: t.hex(),
    originChainId: chainNumber(),
    destinationChainId: chainNumber(),
    /** The account that sent the transfer transaction on the origin */
    sender: t.hex(),
    recipient: t.hex(),
    /** As the messages carry it: the warp route's decimals, or the MetaERC20 source token's */
    amountRaw: t.bigint(),
    decimals: t.integer(),
    /** amountRaw with 18 decimals, comparable across routes */
    amount: t.bigint(),
    malformed: t.boolean().notNull().default(false),
    decodeError: t.text(),
    dispatchTxHash: t.hex(),
    dispatchTimestamp: t.int8({ mode: "number" }),
    deliveryTxHash: t.hex(),
    deliveryTimestamp: t.int8({ mode: "number" }),
    latencySeconds: t.int8({ mode: "number" }),
    /** MetaERC20 security relay through the hub */
    bufferedTimestamp: t.int8({ mode: "number" }),
    releasedTimestamp: t.int8({ mode: "number" }),
    expiredTimestamp: t.int8({ mode: "number" }),
    adminAction: t.text({ enum: ["unlock", "reissue"] }),
    adminTxHash: t.hex(),
    /** Whether the delivered count of its buckets includes it: set once both sides are known. */
    countedDelivered: t.boolean().notNull().default(false),
  }),
  (table) => ({
    byTime: index().on(table.dispatchTimestamp, table.id),
    byRoute: index().on(table.route, table.dispatchTimestamp),
    bySender: index().on(table.sender),
    byRecipient: index().on(table.recipient),
    byMessage: index().on(table.messageId),
    byRelayMessage: index().on(table.relayMessageId),
    byDispatchTx: index().on(table.dispatchTxHash),
    byDeliveryTx: index().on(table.deliveryTxHash),
  }),
);

/** Liquidity of one route on one chain, from its transfers and (synthetics) its mints and burns. */
export const routeChain = onchainTable("route_chain", (t) => ({
  /** route:chainId */
  id: t.text().primaryKey(),
  route: t.text().notNull(),
  chainId: chainNumber().notNull(),
  kind: t.text({ enum: ["collateral", "synthetic", "native", "hub", "spoke"] }).notNull(),
  router: t.hex().notNull(),
  /** The local token's decimals */
  decimals: t.integer().notNull(),
  /** Collateral and native routers, and the MetaERC20 hub: tokens held for the route, local units */
  locked: t.bigint().notNull().default(0n),
  /** Synthetic routers and spokes: minted − burned, local units */
  supply: t.bigint().notNull().default(0n),
  /** In the route's message units */
  sent: t.bigint().notNull().default(0n),
  received: t.bigint().notNull().default(0n),
}));

/** Route-wide figures that belong to no single chain. */
export const route = onchainTable("route", (t) => ({
  id: t.text().primaryKey(),
  kind: t.text({ enum: ["warp", "metaerc20"] }).notNull(),
  symbol: t.text().notNull(),
  /** The decimals of the amounts in the route's messages */
  decimals: t.integer().notNull(),
  /** Sent and not yet received, message units */
  inFlight: t.bigint().notNull().default(0n),
  /** Message units lost to rounding down into chains with fewer decimals */
  dust: t.bigint().notNull().default(0n),
}));

/**
 * The MetaERC20 transfer a transaction is sending now, per chain: its
 * MetaERC20Dispatch (or, on the hub, SecurityRelayReleased) comes right before the Mailbox
 * Dispatch that carries it, which reads this row by primary key to link the two.
 */
export const sending = onchainTable("sending", (t) => ({
  ...scratchKey(),
  transferId: t.hex().notNull(),
  hop: t.text({ enum: ["origin", "relay"] }).notNull(),
}));

/** Transfers per hour or day and per route, chain pair or asset, kept up to date by the handlers. */
export const transferBucket = onchainTable(
  "transfer_bucket",
  (t) => ({
    /** interval:start:dimension:key */
    id: t.text().primaryKey(),
    interval: t.text({ enum: ["hour", "day"] }).notNull(),
    /** Unix seconds */
    start: t.int8({ mode: "number" }).notNull(),
    dimension: t.text({ enum: ["route", "pair", "asset"] }).notNull(),
    /** route id, "originChainId>destinationChainId" or asset symbol */
    key: t.text().notNull(),
    transfers: t.integer().notNull().default(0),
    /** Sum of amountRaw: in one unit only per route */
    volumeRaw: t.bigint().notNull().default(0n),
    /** Sum of amount, 18 decimals */
    volume: t.bigint().notNull().default(0n),
    senders: t.integer().notNull().default(0),
    delivered: t.integer().notNull().default(0),
  }),
  (table) => ({ bySeries: index().on(table.dimension, table.key, table.interval, table.start) }),
);

/** Which senders a bucket has counted (unique senders, kept incrementally). */
export const bucketSender = onchainTable("bucket_sender", (t) => ({
  /** bucket id:sender */
  id: t.text().primaryKey(),
}));

export const transferRelations = relations(transfer, ({ one }) => ({
  message: one(message, { fields: [transfer.messageId], references: [message.id] }),
  relayMessage: one(message, { fields: [transfer.relayMessageId], references: [message.id] }),
  origin: one(chain, { fields: [transfer.originChainId], references: [chain.chainId] }),
  destination: one(chain, { fields: [transfer.destinationChainId], references: [chain.chainId] }),
}));

export const routeRelations = relations(route, ({ many }) => ({ chains: many(routeChain) }));

export const routeChainRelations = relations(routeChain, ({ one }) => ({
  route: one(route, { fields: [routeChain.route], references: [route.id] }),
  chain: one(chain, { fields: [routeChain.chainId], references: [chain.chainId] }),
}));

