/** The columns a message's status and latency are derived from. */
type Sides = {
  dispatchTimestamp: number | null;
  deliveryTxHash: string | null;
  deliveryTimestamp: number | null;
};

/**
 * Status and latency as functions of the two sides alone, so that upserting the sides in
 * either order ends in the same row. A ProcessId log means a successful delivery: a failing
 * `handle` reverts the whole process transaction.
 */
export function deriveStatus(row: Sides) {
  const delivered = row.deliveryTxHash !== null;
  return {
    status: delivered ? ("delivered" as const) : ("pending" as const),
    timestamp: row.dispatchTimestamp ?? row.deliveryTimestamp,
    latencySeconds:
      row.dispatchTimestamp !== null && row.deliveryTimestamp !== null
        ? row.deliveryTimestamp - row.dispatchTimestamp
        : null,
  };
}
