import { index, onchainTable, relations } from "ponder";
import { message } from "../messaging/schema";
import { chainNumber } from "../network/columns";

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

export const metalayerMessageRelations = relations(metalayerMessage, ({ one }) => ({
  message: one(message, { fields: [metalayerMessage.messageId], references: [message.id] }),
}));
