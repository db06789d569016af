import { type Context, ponder } from "ponder:registry";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { upsertSides } from "../store";
import { upsertTransfer } from "./transfer";

/**
 * Orbit retryables executed on the rollup. A deposit through the Inbox's createRetryableTicket
 * (the token bridge's too) becomes, on the rollup, a submission transaction whose hash is the
 * ticket id, in which ArbRetryableTx emits TicketCreated and, for the auto-redeem, RedeemScheduled
 * naming the retry transaction that ArbOS runs next in the same block. The retry's receipt says
 * whether the deposit executed (finalized) or not (failed, the ticket left for a manual redeem,
 * whose RedeemScheduled is another attempt). The parent side computes the same ticket id from its
 * message (retryable.ts) and links the ticket to the deposit, so either chain may be indexed first.
 */

type Ticket = typeof schema.retryableTicket.$inferSelect;
type Db = Context["db"];

const BLANK: Omit<Ticket, "id" | "l2ChainId" | "ticketId"> = {
  transfer: null,
  createdTxHash: null,
  createdBlock: null,
  createdTimestamp: null,
  attempts: 0,
  retryTxHash: null,
  retryBlock: null,
  retryTimestamp: null,
  success: null,
};

const upsertTicket = async (db: Db, l2ChainId: number, ticketId: Hex, change: (row: Ticket | undefined) => Partial<Ticket>) => {
  const { row } = await upsertSides<Ticket>(db, schema.retryableTicket, `${l2ChainId}:${ticketId}`, { ...BLANK, l2ChainId, ticketId }, () => ({}), change);
  return row;
};

/** The deposit's finalization is its ticket's latest attempt: the one that ran, or the last that failed. */
async function settle(db: Db, ticket: Ticket) {
  if (ticket.transfer === null || ticket.retryTxHash === null || ticket.success === null) return;
  await upsertTransfer(db, ticket.transfer, { stack: "orbit", direction: "deposit", l2ChainId: ticket.l2ChainId }, () => ({
    finalizedTxHash: ticket.retryTxHash,
    finalizedBlock: ticket.retryBlock,
    finalizedTimestamp: ticket.retryTimestamp,
    success: ticket.success,
  }));
}

/** The parent side: the deposit `transfer` is the message whose ticket this is. */
export async function linkTicket(db: Db, l2ChainId: number, ticketId: Hex, transfer: string) {
  await settle(db, await upsertTicket(db, l2ChainId, ticketId, () => ({ transfer })));
}

ponder.on("rollups/ArbRetryableTx:TicketCreated", async ({ event, context }) => {
  await upsertTicket(context.db, context.chain.id, event.args.ticketId, () => ({
    createdTxHash: event.transaction.hash,
    createdBlock: event.block.number,
    createdTimestamp: Number(event.block.timestamp),
  }));
});

ponder.on("rollups/ArbRetryableTx:RedeemScheduled", async ({ event, context }) => {
  const { ticketId, retryTxHash } = event.args;
  // ArbOS runs the retry in the block that scheduled it, so its receipt is there already.
  const receipt = await context.client.getTransactionReceipt({ hash: retryTxHash }).catch(() => null);
  const ticket = await upsertTicket(context.db, context.chain.id, ticketId, (row) =>
    // A ticket that ran is deleted: no attempt follows a successful one.
    row?.success === true
      ? {}
      : {
          attempts: (row?.attempts ?? 0) + 1,
          retryTxHash,
          retryBlock: receipt?.blockNumber ?? event.block.number,
          retryTimestamp: Number(event.block.timestamp),
          success: receipt ? receipt.status === "success" : null,
        },
  );
  await settle(context.db, ticket);
});
