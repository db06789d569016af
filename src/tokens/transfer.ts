import type { Context } from "ponder:registry";
import { transfer } from "ponder:schema";
import type { Hex } from "viem";
import { upsertSides } from "../store";
import { bumpBuckets } from "./buckets";

export type TransferRow = typeof transfer.$inferSelect;
type Derived = "id" | "status" | "latencySeconds" | "countedDelivered";
export type TransferChange = Partial<Omit<TransferRow, Derived>>;
export type TransferBase = Pick<TransferRow, "kind" | "route" | "symbol">;

const BLANK: Omit<TransferRow, "id" | keyof TransferBase> = {
  status: "pending",
  messageId: null,
  relayMessageId: null,
  originChainId: null,
  destinationChainId: null,
  sender: null,
  recipient: null,
  amountRaw: null,
  decimals: null,
  amount: null,
  malformed: false,
  decodeError: null,
  dispatchTxHash: null,
  dispatchTimestamp: null,
  deliveryTxHash: null,
  deliveryTimestamp: null,
  latencySeconds: null,
  bufferedTimestamp: null,
  releasedTimestamp: null,
  expiredTimestamp: null,
  adminAction: null,
  adminTxHash: null,
  countedDelivered: false,
};

/** A transfer's status from its columns alone, whatever order its events were indexed in. */
export function transferStatus(t: Omit<TransferRow, "id" | "status" | "latencySeconds">): TransferRow["status"] {
  if (t.deliveryTxHash !== null) return "delivered";
  if (t.adminAction === "unlock") return "unlocked";
  if (t.adminAction === "reissue") return "reissued";
  if (t.expiredTimestamp !== null) return "expired";
  if (t.releasedTimestamp !== null) return "released";
  if (t.bufferedTimestamp !== null) return "buffered";
  return "pending";
}

/** Status and latency from the columns alone; the delivery is counted once both sides are known. */
function derive(t: Omit<TransferRow, "id">) {
  const status = transferStatus(t);
  return {
    status,
    latencySeconds: t.dispatchTimestamp !== null && t.deliveryTimestamp !== null ? t.deliveryTimestamp - t.dispatchTimestamp : null,
    countedDelivered: t.countedDelivered || (status === "delivered" && t.dispatchTimestamp !== null && t.originChainId !== null),
  };
}

/**
 * The one way handlers write a transfer. When a change completes both sides of a delivered
 * transfer, its buckets' delivered counts go up, once.
 */
export async function upsertTransfer(
  db: Context["db"],
  id: Hex,
  base: TransferBase,
  change: (row: TransferRow | undefined) => TransferChange,
) {
  const { before, row } = await upsertSides<TransferRow>(db, transfer, id, { ...BLANK, ...base }, derive, change);
  if (row.countedDelivered && !before?.countedDelivered) {
    await bumpBuckets(db, { ...row, originChainId: row.originChainId!, timestamp: row.dispatchTimestamp! }, { delivered: 1 });
  }
  return row;
}

/** The dispatch side's contribution to the buckets: one transfer, its volume, its sender. */
export async function countDispatch(db: Context["db"], t: TransferRow) {
  if (t.originChainId === null || t.dispatchTimestamp === null) return;
  await bumpBuckets(
    db,
    { ...t, originChainId: t.originChainId, timestamp: t.dispatchTimestamp },
    { transfers: 1, volumeRaw: t.amountRaw ?? 0n, volume: t.amount ?? 0n, sender: t.sender ?? undefined },
  );
}
