import type { Context } from "ponder:registry";
import { bucketSender, transferBucket } from "ponder:schema";
import { addTo } from "../store";
import { type BucketDelta, bucketsOf, type Placed } from "./bucket";

/** Adds to every bucket of a transfer; a sender counts once per bucket. */
export async function bumpBuckets(db: Context["db"], placed: Placed, delta: BucketDelta) {
  for (const bucket of bucketsOf(placed)) {
    let newSender = 0;
    if (delta.sender !== undefined) {
      const seen = await db.find(bucketSender, { id: `${bucket.id}:${delta.sender}` });
      if (!seen) {
        await db.insert(bucketSender).values({ id: `${bucket.id}:${delta.sender}` });
        newSender = 1;
      }
    }
    await addTo(db, transferBucket, bucket, {
      transfers: delta.transfers ?? 0,
      volumeRaw: delta.volumeRaw ?? 0n,
      volume: delta.volume ?? 0n,
      senders: newSender,
      delivered: delta.delivered ?? 0,
    });
  }
}
