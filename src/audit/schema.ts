import { index, onchainTable, relations } from "ponder";
import { proposalExecution } from "../governance/schema";
import { message } from "../messaging/schema";
import { chainNumber } from "../network/columns";
import { ADMIN_EVENTS } from "./change";

/**
 * The admin audit trail: every administrative change of every contract the indexer knows, and
 * each contract's settings as they stand. The proposal behind a change is joined when it is read
 * (the execution's transaction, or the message whose delivery made it), so either chain may be
 * indexed first.
 */
export const adminChange = onchainTable(
  "admin_change",
  (t) => ({
    /** chainId:0x(block number << 32 | log index), 32 bytes: unique per chain, and ordered */
    id: t.text().primaryKey(),
    chainId: chainNumber().notNull(),
    contract: t.hex().notNull(),
    /** What the contract is (mailbox, warpRouter, timelock, …) and whose (a deployment, route, governor) */
    role: t.text().notNull(),
    of: t.text().notNull(),
    /** The event's name */
    kind: t.text({ enum: ADMIN_EVENTS }).notNull(),
    /** A role (bytes32) or a SystemConfig update type */
    key: t.text(),
    oldValue: t.text(),
    newValue: t.text(),
    txHash: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    timestamp: t.int8({ mode: "number" }).notNull(),
    /** The account that sent the transaction */
    from: t.hex().notNull(),
  }),
  (table) => ({
    byTime: index().on(table.timestamp, table.id),
    byContract: index().on(table.contract, table.timestamp),
    byTx: index().on(table.txHash),
    byFrom: index().on(table.from),
  }),
);

/** A setting of an audited contract as it stands: its last change. */
export const adminSetting = onchainTable(
  "admin_setting",
  (t) => ({
    /** chainId:contract:field[:key] */
    id: t.text().primaryKey(),
    chainId: chainNumber().notNull(),
    contract: t.hex().notNull(),
    field: t.text().notNull(),
    key: t.text(),
    value: t.text(),
    changeId: t.text().notNull(),
  }),
  (table) => ({ byContract: index().on(table.contract) }),
);

/**
 * In GraphQL, the proposal behind a change as the REST answer joins it: the execution in its own
 * transaction (`execution.proposal`), or the message whose delivery made it
 * (`delivery.execution.proposal`, a proposal that acted across chains).
 */
export const adminChangeRelations = relations(adminChange, ({ one }) => ({
  execution: one(proposalExecution, { fields: [adminChange.txHash], references: [proposalExecution.txHash], relationName: "executionChanges" }),
  delivery: one(message, { fields: [adminChange.txHash], references: [message.deliveryTxHash], relationName: "deliveryChanges" }),
}));

export const executionChangeRelations = relations(proposalExecution, ({ many }) => ({
  /** The admin changes its transaction made */
  changes: many(adminChange, { relationName: "executionChanges" }),
}));

export const messageChangeRelations = relations(message, ({ many }) => ({
  /** The admin changes its delivery made */
  changes: many(adminChange, { relationName: "deliveryChanges" }),
}));
