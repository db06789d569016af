import { index, onchainTable, primaryKey, relations } from "ponder";
import { chainNumber, scratchKey } from "../network/columns";
import { chain } from "../network/schema";

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
 * The message a transaction is processing now, per chain. Process carries no message id: the
 * ProcessId right after it does, and the recipient's own events (a warp route's
 * ReceivedTransferRemote) follow inside `handle`, so each reads this row by primary key.
 */
export const processing = onchainTable("processing", (t) => ({
  ...scratchKey(),
  originDomain: chainNumber().notNull(),
  sender: t.hex().notNull(),
  recipient: t.hex().notNull(),
  messageId: t.hex(),
}));

export const chainMessagingRelations = relations(chain, ({ many }) => ({
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

