import { index, onchainTable, relations } from "ponder";
import { chainNumber } from "../network/columns";
import { chain } from "../network/schema";

/**
 * One row per rollup. id = `parentChainId:anchor`, the anchor being the address that names the
 * deployment on its parent: the Orbit Rollup contract, or the OP chain's SystemConfig.
 */
export const rollup = onchainTable(
  "rollup",
  (t) => ({
    id: t.text().primaryKey(),
    stack: t.text({ enum: ["orbit", "opstack"] }).notNull(),
    parentChainId: chainNumber().notNull(),
    l2ChainId: chainNumber(),
    /** The manifest chain with that chain id, if the manifest indexes it */
    chainId: chainNumber(),
    /** The RollupCreator or OPContractsManager; null for an OP chain named by hand */
    creator: t.hex(),
    /** RollupCreated variant, or OPCM Deployed variant ("2024" | "2025"), or "manifest" */
    variant: t.text().notNull(),
    creationTxHash: t.hex(),
    creationBlock: t.bigint(),
    creationTimestamp: t.int8({ mode: "number" }),
    /** The gas token; the zero address is ETH */
    nativeToken: t.hex().notNull(),
    /** Every contract of the deployment, by its name in the event or the manifest */
    contracts: t.json().$type<Record<string, string>>().notNull(),
  }),
  (table) => ({ byL2: index().on(table.l2ChainId), byParent: index().on(table.parentChainId) }),
);

/** The current configuration of an OP chain, from its SystemConfig's ConfigUpdate events. */
export const rollupConfig = onchainTable("rollup_config", (t) => ({
  /** The rollup's id */
  id: t.text().primaryKey(),
  batcherHash: t.hex(),
  overhead: t.bigint(),
  scalar: t.bigint(),
  gasLimit: t.bigint(),
  unsafeBlockSigner: t.hex(),
  eip1559Denominator: t.integer(),
  eip1559Elasticity: t.integer(),
  operatorFeeScalar: t.integer(),
  operatorFeeConstant: t.bigint(),
  updates: t.integer().notNull().default(0),
  updatedTimestamp: t.int8({ mode: "number" }),
}));

/** Every ConfigUpdate: id = Ponder's event id (chain, block, log). */
export const configUpdate = onchainTable(
  "config_update",
  (t) => ({
    id: t.text().primaryKey(),
    rollup: t.text().notNull(),
    chainId: chainNumber().notNull(),
    /** batcher | feeScalars | gasLimit | unsafeBlockSigner | eip1559Params | operatorFeeParams */
    type: t.text(),
    updateType: t.integer().notNull(),
    data: t.hex().notNull(),
    /** The decoded values (bigints as strings), or the decode error */
    value: t.json(),
    decodeError: t.text(),
    txHash: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.int8({ mode: "number" }).notNull(),
    logIndex: t.integer().notNull(),
  }),
  (table) => ({ byRollup: index().on(table.rollup, table.blockNumber, table.logIndex) }),
);

export const rollupRelations = relations(rollup, ({ one, many }) => ({
  parent: one(chain, { fields: [rollup.parentChainId], references: [chain.chainId] }),
  chain: one(chain, { fields: [rollup.chainId], references: [chain.chainId] }),
  config: one(rollupConfig, { fields: [rollup.id], references: [rollupConfig.id] }),
  configUpdates: many(configUpdate),
}));

export const configUpdateRelations = relations(configUpdate, ({ one }) => ({
  rollup: one(rollup, { fields: [configUpdate.rollup], references: [rollup.id] }),
}));

/** A contract of a rollup's deployment on its parent, by `chainId:address`: what its events belong to. */
export const rollupContract = onchainTable("rollup_contract", (t) => ({
  id: t.text().primaryKey(),
  rollup: t.text().notNull(),
  l2ChainId: chainNumber().notNull(),
  role: t.text().notNull(),
}));

/**
 * A native bridge transfer, both sides joined, keyed by what both sides know, prefixed with the
 * L2 chain id (a hash alone repeats across rollups for the same nonce, sender, target and call):
 * - OP withdrawal: `l2ChainId:withdrawalHash`;
 * - OP deposit through the messenger: `l2ChainId:msgHash` (Hashing.hashCrossDomainMessage);
 *   a bare portal deposit: `l2ChainId:l2TxHash` (the deposit transaction's hash on the rollup);
 * - Orbit deposit: `l2ChainId:message:N`, N the Bridge's delayed message number (a retryable's
 *   `hash` is its ticket id; its finalization is the redeem attempt that ran, see retryableTicket);
 * - Orbit withdrawal: `l2ChainId:position:N`, N the send's position in the outbox tree.
 * status: initiated → proven (OP withdrawals) → finalized, or failed (finalized without success).
 */
export const bridgeTransfer = onchainTable(
  "bridge_transfer",
  (t) => ({
    id: t.text().primaryKey(),
    stack: t.text({ enum: ["orbit", "opstack"] }).notNull(),
    direction: t.text({ enum: ["deposit", "withdrawal"] }).notNull(),
    status: t.text({ enum: ["initiated", "proven", "finalized", "failed"] }).notNull(),
    l2ChainId: chainNumber().notNull(),
    /** The rollup's registry id, once the parent side is indexed */
    rollup: t.text(),
    /** withdrawalHash, msgHash or the L2 transaction hash (OP); the send hash (Orbit withdrawals) */
    hash: t.hex(),
    /** The messenger's or passer's nonce (OP), the delayed message number or the outbox position (Orbit) */
    nonce: t.bigint(),
    /** The message's sender and target (a bridge's messenger, a user's address for plain ETH) */
    sender: t.hex(),
    target: t.hex(),
    /** The Orbit delayed message kind (L1MessageType: 7, 9 or 12); null otherwise */
    kind: t.integer(),
    /** Orbit: the parent's base fee the Bridge recorded with the message (a retryable's ticket id commits to it) */
    l1BaseFee: t.bigint(),
    /** ETH (or an Orbit rollup's gas token) sent along, in wei; null before the initiating side is indexed */
    value: t.bigint(),
    /** The parent-chain token: zero address = ETH; an Orbit rollup's own gas token for its native transfers */
    token: t.hex(),
    /** The token on the rollup, where the bridge's message names it */
    l2Token: t.hex(),
    /** Who sent the funds and who receives them, and how much of `token` */
    from: t.hex(),
    to: t.hex(),
    amount: t.bigint(),
    initiatedTxHash: t.hex(),
    initiatedBlock: t.bigint(),
    initiatedTimestamp: t.int8({ mode: "number" }),
    provenTxHash: t.hex(),
    provenBlock: t.bigint(),
    provenTimestamp: t.int8({ mode: "number" }),
    finalizedTxHash: t.hex(),
    finalizedBlock: t.bigint(),
    finalizedTimestamp: t.int8({ mode: "number" }),
    success: t.boolean(),
  }),
  (table) => ({
    byTime: index().on(table.initiatedTimestamp, table.id),
    byHash: index().on(table.hash),
    bySender: index().on(table.sender),
    byFrom: index().on(table.from),
    byTo: index().on(table.to),
    byInitiatedTx: index().on(table.initiatedTxHash),
    byProvenTx: index().on(table.provenTxHash),
    byFinalizedTx: index().on(table.finalizedTxHash),
  }),
);

export const bridgeTransferRelations = relations(bridgeTransfer, ({ one }) => ({
  rollup: one(rollup, { fields: [bridgeTransfer.rollup], references: [rollup.id] }),
}));

/**
 * An Orbit retryable ticket as the rollup's ArbRetryableTx (0x6e) shows it, id
 * `l2ChainId:ticketId`: TicketCreated in the submission transaction, then each RedeemScheduled
 * attempt (the auto-redeem is attempt 0) and whether its retry transaction ran. `transfer` is the
 * deposit's id once the parent's message (whose fields the ticket id hashes) is indexed.
 */
export const retryableTicket = onchainTable(
  "retryable_ticket",
  (t) => ({
    id: t.text().primaryKey(),
    l2ChainId: chainNumber().notNull(),
    ticketId: t.hex().notNull(),
    transfer: t.text(),
    createdTxHash: t.hex(),
    createdBlock: t.bigint(),
    createdTimestamp: t.int8({ mode: "number" }),
    /** Redeem attempts scheduled so far */
    attempts: t.integer().notNull(),
    /** The latest attempt's retry transaction, or the one that ran */
    retryTxHash: t.hex(),
    retryBlock: t.bigint(),
    retryTimestamp: t.int8({ mode: "number" }),
    /** Whether that retry transaction succeeded (its receipt's status) */
    success: t.boolean(),
  }),
  (table) => ({ byTransfer: index().on(table.transfer) }),
);

/**
 * The supply of a token the bridge mints on a rollup, from the token's own Transfer events
 * (minted − burned, any minter), id `chainId:token`: what the bridge liquidity's conservation
 * check compares with what the parent-side bridge holds. OP Stack L2 tokens are found from the
 * L2StandardBridge's ERC20BridgeFinalized (`localToken`).
 */
export const rollupTokenSupply = onchainTable("rollup_token_supply", (t) => ({
  id: t.text().primaryKey(),
  chainId: chainNumber().notNull(),
  token: t.hex().notNull(),
  supply: t.bigint().notNull(),
}));
