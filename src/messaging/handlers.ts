import { type Context, ponder } from "ponder:registry";
import { deployment, gasPayment } from "ponder:schema";
import type { Hex } from "viem";
import { indexed } from "../network/indexed";
import { dispatchedMessage } from "./dispatch";
import { nameProcessed, notifyDispatch, startProcessing } from "./listeners";
import { toAccount } from "./message";
import { updateMessage, upsertMessage } from "./store";

const { chainIdOfDomain, localDomain } = indexed;
const logKey = (chainId: number, txHash: string, logIndex: number) => `${chainId}:${txHash}:${logIndex}`;

/** The chain's Hyperlane deployments, from the manifest, once per chain. */
ponder.on("messaging/Mailbox:setup", async ({ context }) => {
  const c = indexed.chain(context.chain.id);
  for (const d of c.deployments) {
    await context.db.insert(deployment).values({
      chainId: c.chainId,
      mailbox: d.mailbox,
      name: d.name,
      interchainGasPaymaster: d.interchainGasPaymaster,
      merkleTreeHook: d.merkleTreeHook,
      startBlock: d.startBlock,
    });
  }
});

ponder.on("messaging/Mailbox:Dispatch", async ({ event, context }) => {
  const { id, ...fields } = dispatchedMessage(event.args.message, event.args, localDomain(context.chain.id));
  const txFrom = toAccount(event.transaction.from);
  const timestamp = Number(event.block.timestamp);
  await upsertMessage(context.db, id, () => ({
    ...fields,
    originChainId: context.chain.id,
    destinationChainId: chainIdOfDomain(fields.destinationDomain),
    dispatchMailbox: toAccount(event.log.address),
    dispatchTxHash: event.transaction.hash,
    dispatchBlockNumber: Number(event.block.number),
    dispatchTimestamp: timestamp,
    dispatchLogIndex: event.log.logIndex,
    dispatchFrom: txFrom,
  }));
  await notifyDispatch(context, {
    id,
    chainId: context.chain.id,
    sender: toAccount(event.args.sender),
    destinationDomain: fields.destinationDomain,
    body: fields.body,
    txHash: event.transaction.hash,
    txFrom,
    timestamp,
  });
});

/** The Mailbox's own id for the Dispatch just before: flags a message whose bytes hash otherwise. */
ponder.on("messaging/Mailbox:DispatchId", async ({ event, context }) => {
  await updateMessage(context.db, event.args.messageId, () => ({ dispatchIdVerified: true }));
});

ponder.on("messaging/MerkleTreeHook:InsertedIntoTree", async ({ event, context }) => {
  await updateMessage(context.db, event.args.messageId, () => ({ merkleLeafIndex: event.args.index }));
});

ponder.on("messaging/Mailbox:Process", async ({ event, context }) => {
  await startProcessing(context, event.transaction.hash, {
    originDomain: event.args.origin,
    sender: event.args.sender,
    recipient: toAccount(event.args.recipient),
    messageId: null,
  });
});

ponder.on("messaging/Mailbox:ProcessId", async ({ event, context }) => {
  const process = await nameProcessed(context, event.transaction.hash, event.args.messageId);
  await upsertMessage(context.db, event.args.messageId, (row) => ({
    // The delivery names the message's ends until its dispatch is indexed (or if its origin never is).
    ...(row?.dispatchTxHash == null &&
      process && {
        originDomain: process.originDomain,
        originChainId: chainIdOfDomain(process.originDomain),
        sender: toAccount(process.sender),
        destinationDomain: localDomain(context.chain.id),
        destinationChainId: context.chain.id,
        recipient: process.recipient,
      }),
    deliveryMailbox: toAccount(event.log.address),
    deliveryTxHash: event.transaction.hash,
    deliveryBlockNumber: Number(event.block.number),
    deliveryTimestamp: Number(event.block.timestamp),
    deliveryLogIndex: event.log.logIndex,
    relayer: toAccount(event.transaction.from),
  }));
});

type GasPaymentEvent = {
  event: {
    args: { messageId: Hex; destinationDomain?: number; gasAmount: bigint; payment: bigint };
    log: { address: Hex; logIndex: number };
    block: { number: bigint; timestamp: bigint };
    transaction: { hash: Hex };
  };
  context: Context;
};

/**
 * Both GasPayment variants: one row per payment. A message's gas is what was paid for it on its
 * origin chain, after its dispatch (the IGP hook pays in the dispatch's own transaction, later
 * payments top it up); a payment for an id no side has shown, or made on another chain, is
 * recorded and names no message.
 */
async function recordGasPayment({ event, context }: GasPaymentEvent) {
  const { messageId, destinationDomain, gasAmount, payment } = event.args;
  await context.db.insert(gasPayment).values({
    id: logKey(context.chain.id, event.transaction.hash, event.log.logIndex),
    messageId,
    chainId: context.chain.id,
    interchainGasPaymaster: toAccount(event.log.address),
    destinationDomain: destinationDomain ?? null,
    gasAmount,
    payment,
    txHash: event.transaction.hash,
    blockNumber: Number(event.block.number),
    timestamp: Number(event.block.timestamp),
    logIndex: event.log.logIndex,
  });
  await updateMessage(context.db, messageId, (row) =>
    row.originChainId === context.chain.id
      ? { gasPayments: row.gasPayments + 1, gasAmount: row.gasAmount + gasAmount, gasPaid: row.gasPaid + payment }
      : undefined,
  );
}

ponder.on(
  "messaging/InterchainGasPaymaster:GasPayment(bytes32 indexed messageId, uint32 indexed destinationDomain, uint256 gasAmount, uint256 payment)",
  recordGasPayment,
);
ponder.on("messaging/InterchainGasPaymaster:GasPayment(bytes32 indexed messageId, uint256 gasAmount, uint256 payment)", recordGasPayment);
