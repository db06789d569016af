import type { Context } from "ponder:registry";
import { bucketSender, transferBucket } from "ponder:schema";
import { addTo } from "../store";
import { type BucketDelta, bucketsOf, type Placed } from "./bucket";

/** Adds to every bucket of a transfer; a sender counts once per bucket. */
export async function bumpBuckets(db: Context["db"], placed: Placed, delta: BucketDelta) {
  for (const bucket of bucketsOf(placed)) {
    // One store call: the insert answers null when the sender was in the bucket already.
    const newSender = delta.sender !== undefined && (await db.insert(bucketSender).values({ id: `${bucket.id}:${delta.sender}` }).onConflictDoNothing()) ? 1 : 0;
    await addTo(db, transferBucket, bucket, {
      transfers: delta.transfers ?? 0,
      volumeRaw: delta.volumeRaw ?? 0n,
      volume: delta.volume ?? 0n,
      senders: newSender,
      delivered: delta.delivered ?? 0,
    });
  }
}
