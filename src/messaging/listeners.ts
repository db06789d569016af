import type { Context } from "ponder:registry";
import { processing } from "ponder:schema";
import type { Hex } from "viem";
import { readScratch, updateScratch, writeScratch } from "../store";
import type { Dispatched } from "./dispatched";

/**
 * How the applications on Hyperlane (the Metalayer, warp routes, MetaERC20) learn of messages.
 *
 * Dispatch: Ponder takes one handler per event, so the Mailbox's Dispatch handler calls every
 * listener registered here with the decoded dispatch. A listener checks the sender against its
 * own contracts and returns at once for the others.
 *
 * Process: the Mailbox emits Process, then ProcessId, then calls the recipient's `handle`, whose
 * events come after them in the same transaction. Process writes the chain's `processing` row,
 * naming its transaction, and ProcessId names the message in it, so the recipient's own handlers
 * read `processedMessageId` by primary key.
 *
 * The same-transaction assumptions, in one place:
 * - Ponder hands a chain's logs to the handlers in order (block, transaction, log), so a
 *   chain's scratch row names the transaction of the last log that wrote it;
 * - a recipient's events between a ProcessId and the next Process belong to that message (a
 *   transaction that processes several messages overwrites the row at each Process);
 * - an application's own event that announces a message (MetaERC20Dispatch,
 *   SecurityRelayReleased) comes right before the Mailbox Dispatch that carries it, and its
 *   `sending` row (src/tokens) is read by that Dispatch's listener the same way.
 */

export type DispatchListener = (context: Context, dispatched: Dispatched) => Promise<void>;

const dispatchListeners: DispatchListener[] = [];

/** Called at a module's top level: Ponder executes every file under src/ before indexing starts. */
export const onDispatch = (listener: DispatchListener) => void dispatchListeners.push(listener);

export async function notifyDispatch(context: Context, dispatched: Dispatched) {
  for (const listener of dispatchListeners) await listener(context, dispatched);
}

export type Processing = typeof processing.$inferSelect;

export const startProcessing = (context: Context, txHash: Hex, current: Omit<Processing, "chainId" | "txHash">) =>
  writeScratch(context.db, processing, context.chain.id, txHash, current);

/** ProcessId: the message the processing in this transaction is for; the processing row, if Process wrote one. */
export const nameProcessed = (context: Context, txHash: Hex, messageId: Hex) =>
  updateScratch<Processing>(context.db, processing, context.chain.id, txHash, { messageId });

export const currentProcessing = (context: Context, txHash: Hex) => readScratch<Processing>(context.db, processing, context.chain.id, txHash);

/** The message the Mailbox is processing in this transaction (for the recipient's own events). */
export async function processedMessageId(context: Context, txHash: Hex): Promise<Hex | null> {
  return (await currentProcessing(context, txHash))?.messageId ?? null;
}
