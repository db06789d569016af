import { index, numeric, onchainTable, primaryKey, relations } from "ponder";

/**
 * Chain ids and Hyperlane domain ids. EVM chain ids and uint32 domains run past 2^31, which
 * GraphQL's Int cannot carry (Ponder serves int8 columns as Int): as numeric they are exact,
 * read as numbers, and served in GraphQL as numbers too.
 */
const chainNumber = () => numeric({ mode: "number" });

// ─── network: written once per chain from the manifest (Mailbox:setup) ───────────────────

export const chain = onchainTable("chain", (t) => ({
  chainId: chainNumber().primaryKey(),
  name: t.text().notNull(),
  /** The Hyperlane domain id; usually the chain id, not always (RARI Chain). */
  domainId: chainNumber().notNull(),
  stack: t.text({ enum: ["settlement", "opstack", "orbit"] }).notNull(),
  /** The chain id of the chain this rollup settles on. */
  settlesOn: chainNumber(),
}));

/** A Hyperlane deployment on a chain: a chain can carry several (the Metalayer's, public Hyperlane's). */
export const deployment = onchainTable(
  "deployment",
  (t) => ({
    mailbox: t.hex().notNull(),
    chainId: chainNumber().notNull(),
    name: t.text().notNull(),
    interchainGasPaymaster: t.hex(),
    merkleTreeHook: t.hex(),
    startBlock: t.int8({ mode: "number" }).notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.chainId, table.mailbox] }) }),
);

// ─── messaging ───────────────────────────────────────────────────────────────────────────

/**
 * One row per Hyperlane message, joining both chains: the dispatch side (Dispatch, DispatchId,
 * InsertedIntoTree, GasPayment on the origin) and the delivery side (Process + ProcessId on the
 * destination). Each side is an upsert of its own columns, so the row ends the same whichever
 * chain is indexed first; status and latency are derived from the columns (see status.ts).
 */
export const message = onchainTable(
  "message",
  (t) => ({
    /** keccak256 of the message bytes */
    id: t.hex().primaryKey(),
    status: t.text({ enum: ["pending", "delivered"] }).notNull(),
    version: t.integer(),
    nonce: t.int8({ mode: "number" }),
    originDomain: chainNumber(),
    /** null while only the delivery is known and its origin domain is not in the manifest */
    originChainId: chainNumber(),
    /** 20-byte address when the bytes32 holds one, else the bytes32 */
    sender: t.hex(),
    destinationDomain: chainNumber(),
    destinationChainId: chainNumber(),
    recipient: t.hex(),
    body: t.hex(),
    /** The raw message bytes when they could not be decoded, with the reason. */
    malformed: t.boolean().notNull().default(false),
    decodeError: t.text(),
    raw: t.hex(),
    /**
     * Newest-first order of the message list: dispatch time, else delivery time; null while
     * only a gas payment names the message.
     */
    timestamp: t.int8({ mode: "number" }),

    dispatchMailbox: t.hex(),
    dispatchTxHash: t.hex(),
    dispatchBlockNumber: t.int8({ mode: "number" }),
    dispatchTimestamp: t.int8({ mode: "number" }),
    dispatchLogIndex: t.integer(),
    /** The account that sent the dispatch transaction (the Dispatch `sender` may be a contract). */
    dispatchFrom: t.hex(),
    /** The Mailbox's DispatchId matched keccak256(message). */
    dispatchIdVerified: t.boolean().notNull().default(false),
    merkleLeafIndex: t.int8({ mode: "number" }),

    deliveryMailbox: t.hex(),
    deliveryTxHash: t.hex(),
    deliveryBlockNumber: t.int8({ mode: "number" }),
    deliveryTimestamp: t.int8({ mode: "number" }),
    deliveryLogIndex: t.integer(),
    /** The account that sent the process transaction. */
    relayer: t.hex(),

    gasPayments: t.integer().notNull().default(0),
    gasAmount: t.bigint().notNull().default(0n),
    /** Sum of the IGP payments, in the origin chain's native wei. */
    gasPaid: t.bigint().notNull().default(0n),

    latencySeconds: t.int8({ mode: "number" }),
  }),
  (table) => ({
    byTime: index().on(table.timestamp, table.id),
    byStatus: index().on(table.status, table.timestamp),
    byOrigin: index().on(table.originChainId, table.timestamp),
    byDestination: index().on(table.destinationChainId, table.timestamp),
    bySender: index().on(table.sender),
    byRecipient: index().on(table.recipient),
    byDispatchTx: index().on(table.dispatchTxHash),
    byDeliveryTx: index().on(table.deliveryTxHash),
  }),
);

/** Every IGP GasPayment log; the message row carries their sum. */
export const gasPayment = onchainTable(
  "gas_payment",
  (t) => ({
    /** chainId:txHash:logIndex */
    id: t.text().primaryKey(),
    messageId: t.hex().notNull(),
    chainId: chainNumber().notNull(),
    interchainGasPaymaster: t.hex().notNull(),
    /** null for the legacy GasPayment, which does not name it */
    destinationDomain: chainNumber(),
    gasAmount: t.bigint().notNull(),
    payment: t.bigint().notNull(),
    txHash: t.hex().notNull(),
    blockNumber: t.int8({ mode: "number" }).notNull(),
    timestamp: t.int8({ mode: "number" }).notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ byMessage: index().on(table.messageId), byTx: index().on(table.txHash) }),
);

/**
 * The message a transaction is processing now, per chain and transaction. Process carries no
 * message id: the ProcessId right after it does, and the recipient's own events (a warp
 * route's ReceivedTransferRemote) follow inside `handle`, so each reads this row by primary key.
 */
export const processing = onchainTable("processing", (t) => ({
  /** chainId:txHash */
  id: t.text().primaryKey(),
  originDomain: chainNumber().notNull(),
  sender: t.hex().notNull(),
  recipient: t.hex().notNull(),
  messageId: t.hex(),
}));

/**
 * The MetaERC20 transfer a transaction is sending now, per chain and transaction: its
 * MetaERC20Dispatch (or, on the hub, SecurityRelayReleased) comes right before the Mailbox
 * Dispatch that carries it, which reads this row by primary key to link the two.
 */
export const sending = onchainTable("sending", (t) => ({
  /** chainId:txHash */
  id: t.text().primaryKey(),
  transferId: t.hex().notNull(),
  hop: t.text({ enum: ["origin", "relay"] }).notNull(),
}));

export const chainRelations = relations(chain, ({ many }) => ({
  deployments: many(deployment),
  dispatched: many(message, { relationName: "origin" }),
  delivered: many(message, { relationName: "destination" }),
}));

export const deploymentRelations = relations(deployment, ({ one }) => ({
  chain: one(chain, { fields: [deployment.chainId], references: [chain.chainId] }),
}));

export const messageRelations = relations(message, ({ one, many }) => ({
  origin: one(chain, { fields: [message.originChainId], references: [chain.chainId], relationName: "origin" }),
  destination: one(chain, {
    fields: [message.destinationChainId],
    references: [chain.chainId],
    relationName: "destination",
  }),
  payments: many(gasPayment),
}));

export const gasPaymentRelations = relations(gasPayment, ({ one }) => ({
  message: one(message, { fields: [gasPayment.messageId], references: [message.id] }),
}));

// ─── metalayer ───────────────────────────────────────────────────────────────────────────

/** A message sent through a MetalayerRouter: the app's own addresses, finality and reads. */
export const metalayerMessage = onchainTable(
  "metalayer_message",
  (t) => ({
    /** The Hyperlane message id */
    messageId: t.hex().primaryKey(),
    router: t.hex().notNull(),
    originChainId: chainNumber().notNull(),
    malformed: t.boolean().notNull(),
    decodeError: t.text(),
    version: t.integer(),
    finality: t.text({ enum: ["instant", "finalized", "espresso"] }),
    nonce: t.int8({ mode: "number" }),
    originDomain: chainNumber(),
    /** The app that sent it (not the router) */
    sender: t.hex(),
    destinationDomain: chainNumber(),
    recipient: t.hex(),
    readCount: t.integer(),
    /** [{ domain, target, callData }] */
    reads: t.json(),
    writeCallData: t.hex(),
  }),
  (table) => ({ bySender: index().on(table.sender), byRecipient: index().on(table.recipient) }),
);

// ─── tokens ──────────────────────────────────────────────────────────────────────────────

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

// ─── analytics ───────────────────────────────────────────────────────────────────────────

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

export const metalayerMessageRelations = relations(metalayerMessage, ({ one }) => ({
  message: one(message, { fields: [metalayerMessage.messageId], references: [message.id] }),
}));
