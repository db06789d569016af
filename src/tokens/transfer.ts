import type { Context } from "ponder:registry";
import { transfer } from "ponder:schema";
import type { Hex } from "viem";
import { bumpBuckets } from "../analytics/store";

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
  const before = await db.find(transfer, { id });
  const merged = { ...BLANK, ...base, ...before, ...change(before ?? undefined) };
  const next: TransferRow = {
    ...merged,
    id,
    status: transferStatus(merged),
    latencySeconds:
      merged.dispatchTimestamp !== null && merged.deliveryTimestamp !== null
        ? merged.deliveryTimestamp - merged.dispatchTimestamp
        : null,
  };
  const countDelivery =
    !next.countedDelivered && next.status === "delivered" && next.dispatchTimestamp !== null && next.originChainId !== null;
  if (countDelivery) next.countedDelivered = true;
  if (before) {
    const { id: _, ...set } = next;
    await db.update(transfer, { id }).set(set);
  } else {
    await db.insert(transfer).values(next);
  }
  if (countDelivery) {
    await bumpBuckets(db, { ...next, originChainId: next.originChainId!, timestamp: next.dispatchTimestamp! }, { delivered: 1 });
  }
  return next;
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
