import type { Context } from "ponder:registry";
import { message } from "ponder:schema";
import type { Hex } from "viem";
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
 * The one way a handler writes a message: apply `change` to the row (or to a blank one) and
 * derive status and latency from the result. Every side's change touches only its own
 * columns (or sums), which is what makes the cross-chain join commutative.
 */
export async function upsertMessage(
  db: Context["db"],
  id: Hex,
  change: (row: MessageRow | undefined) => Change,
) {
  const apply = (row: MessageRow | undefined) => {
    const next = { ...BLANK, ...row, ...change(row) };
    return { ...next, ...deriveStatus(next) };
  };
  await db
    .insert(message)
    .values({ ...apply(undefined), id })
    .onConflictDoUpdate((row) => {
      const { id: _id, ...next } = apply(row);
      return next;
    });
}
