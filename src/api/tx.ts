import { Hono } from "hono";
import { eq, inArray, or } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { notFound } from "./errors";
import { present, selectMessages } from "./messages";
import { loadChains } from "./network";
import { presentTransfer } from "./transfers";
import { txHashParam } from "./params";

const { message, gasPayment, transfer } = schema;

/** Everything a transaction did, on any chain: messages dispatched, delivered, paid for; token transfers. */
export const tx = new Hono().get("/:hash", async (c) => {
  const hash = txHashParam(c.req.param("hash"));
  const [dispatched, delivered, payments, transfers] = await Promise.all([
    selectMessages().where(eq(message.dispatchTxHash, hash)).orderBy(message.dispatchLogIndex),
    selectMessages().where(eq(message.deliveryTxHash, hash)).orderBy(message.deliveryLogIndex),
    db.select().from(gasPayment).where(eq(gasPayment.txHash, hash)).orderBy(gasPayment.logIndex),
    db
      .select()
      .from(transfer)
      .where(or(eq(transfer.dispatchTxHash, hash), eq(transfer.deliveryTxHash, hash), eq(transfer.adminTxHash, hash))),
  ]);
  if (dispatched.length + delivered.length + payments.length + transfers.length === 0) {
    throw notFound(`no message or transfer was dispatched, delivered or paid for in transaction ${hash}`);
  }
  const chains = await loadChains();
  const known = new Set([...dispatched, ...delivered].map((m) => m.message.id));
  const paidIds = [...new Set(payments.map((p) => p.messageId))].filter((id) => !known.has(id));
  const paid = paidIds.length ? await selectMessages().where(inArray(message.id, paidIds)) : [];
  return c.json({
    hash,
    dispatched: await present(dispatched),
    delivered: await present(delivered),
    gasPayments: payments.map((p) => ({
      messageId: p.messageId,
      chainId: p.chainId,
      interchainGasPaymaster: p.interchainGasPaymaster,
      destinationDomain: p.destinationDomain,
      gasAmount: p.gasAmount.toString(),
      payment: p.payment.toString(),
      blockNumber: p.blockNumber,
      timestamp: p.timestamp,
      logIndex: p.logIndex,
    })),
    paidMessages: await present(paid),
    transfers: transfers.map((t) => presentTransfer(t, chains)),
  });
});
