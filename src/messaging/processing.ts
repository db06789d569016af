import type { Context } from "ponder:registry";
import { processing } from "ponder:schema";
import type { Hex } from "viem";

/** Rows kept per chain and transaction ("chainId:txHash"). */
export const txKey = (chainId: number, txHash: string) => `${chainId}:${txHash}`;

/**
 * The message the Mailbox is processing in this transaction: its ProcessId came right before
 * the recipient's own events (inside `handle`), so they learn which message delivered them.
 */
export async function processedMessageId(context: Context, txHash: Hex): Promise<Hex | null> {
  const row = await context.db.find(processing, { id: txKey(context.chain.id, txHash) });
  return row?.messageId ?? null;
}
