import type { Context } from "ponder:registry";
import { message } from "ponder:schema";
import type { Hex } from "viem";
import { updateIfFound, upsertSides } from "../store";
import { deriveStatus } from "./status";

export type MessageRow = typeof message.$inferSelect;
type Change = Partial<Omit<MessageRow, "id" | "status" | "timestamp" | "latencySeconds">>;

const BLANK: Omit<MessageRow, "id"> = {
  status: "pending",
  version: null,
  nonce: null,
  originDomain: null,
  originChainId: null,
  sender: null,
  destinationDomain: null,
  destinationChainId: null,
  recipient: null,
  body: null,
  malformed: false,
  decodeError: null,
  raw: null,
  timestamp: null,
  dispatchMailbox: null,
  dispatchTxHash: null,
  dispatchBlockNumber: null,
  dispatchTimestamp: null,
  dispatchLogIndex: null,
  dispatchFrom: null,
  dispatchIdVerified: false,
  merkleLeafIndex: null,
  deliveryMailbox: null,
  deliveryTxHash: null,
  deliveryBlockNumber: null,
  deliveryTimestamp: null,
  deliveryLogIndex: null,
  relayer: null,
  gasPayments: 0,
  gasAmount: 0n,
  gasPaid: 0n,
  latencySeconds: null,
};

/**
 * The one way a handler writes a message: each side's change touches only its own columns (or
 * sums), and status and latency are derived from the result, which is what makes the cross-chain
 * join commutative.
 */
export const upsertMessage = (db: Context["db"], id: Hex, change: (row: MessageRow | undefined) => Change) =>
  upsertSides<MessageRow>(db, message, id, BLANK, deriveStatus, change);

/** Changes only a message some side has written already: a payment or a Merkle leaf names no new message. */
export async function updateMessage(db: Context["db"], id: Hex, change: (row: MessageRow) => Change | undefined) {
  await updateIfFound<MessageRow>(db, message, { id }, (row) => change(row) ?? {});
}
