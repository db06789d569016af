import { type Context, ponder } from "ponder:registry";
import { chain, deployment, gasPayment, processing } from "ponder:schema";
import type { Hex } from "viem";
import { onMetalayerDispatch } from "../metalayer/handlers";
import { indexed } from "../network/indexed";
import { onWarpDispatch } from "../tokens/warp";
import { dispatchedMessage } from "./dispatch";
import { toAccount } from "./message";
import { txKey } from "./processing";
import { upsertMessage } from "./store";

const { chainIdOf, chainIdOfDomain, localDomain } = indexed;
const logKey = (chainId: number, txHash: string, logIndex: number) => `${chainId}:${txHash}:${logIndex}`;

/** The chain and its deployments, from the manifest, once per chain. */
ponder.on("Mailbox:setup", async ({ context }) => {
  const c = indexed.chain(context.chain.id);
  await context.db.insert(chain).values({
    chainId: c.chainId,
    name: c.name,
    domainId: c.domainId,
    stack: c.stack,
    settlesOn: c.settlesOn === undefined ? null : chainIdOf(c.settlesOn),
  });
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

ponder.on("Mailbox:Dispatch", async ({ event, context }) => {
  const { id, ...fields } = dispatchedMessage(event.args.message, event.args, localDomain(context.chain.id));
  const dispatched = {
    id,
    chainId: context.chain.id,
    sender: toAccount(event.args.sender),
    destinationDomain: fields.destinationDomain,
    body: fields.body,
    txHash: event.transaction.hash,
    txFrom: toAccount(event.transaction.from),
    timestamp: Number(event.block.timestamp),
  };
  await upsertMessage(context.db, id, () => ({
    ...fields,
    originChainId: context.chain.id,
    destinationChainId: chainIdOfDomain(fields.destinationDomain),
    dispatchMailbox: toAccount(event.log.address),
    dispatchTxHash: dispatched.txHash,
    dispatchBlockNumber: Number(event.block.number),
    dispatchTimestamp: dispatched.timestamp,
    dispatchLogIndex: event.log.logIndex,
    dispatchFrom: dispatched.txFrom,
  }));
  // Applications on Hyperlane read their own message bodies: Ponder takes one handler per event.
  await onWarpDispatch(context, dispatched);
  await onMetalayerDispatch(context, dispatched);
});

/** The Mailbox's own id for the Dispatch just before: flags a message whose bytes hash otherwise. */
ponder.on("Mailbox:DispatchId", async ({ event, context }) => {
  await upsertMessage(context.db, event.args.messageId, () => ({ dispatchIdVerified: true }));
});

ponder.on("MerkleTreeHook:InsertedIntoTree", async ({ event, context }) => {
  await upsertMessage(context.db, event.args.messageId, () => ({ merkleLeafIndex: event.args.index }));
});

ponder.on("Mailbox:Process", async ({ event, context }) => {
  const current = {
    originDomain: event.args.origin,
    sender: event.args.sender,
    recipient: toAccount(event.args.recipient),
    messageId: null,
  };
  await context.db
    .insert(processing)
    .values({ id: txKey(context.chain.id, event.transaction.hash), ...current })
    .onConflictDoUpdate(current);
});

ponder.on("Mailbox:ProcessId", async ({ event, context }) => {
  const id = txKey(context.chain.id, event.transaction.hash);
  const process = await context.db.find(processing, { id });
  await context.db.update(processing, { id }).set({ messageId: event.args.messageId });
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

/** Both GasPayment variants: one row per payment, summed on the message (a message can be paid several times). */
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
  await upsertMessage(context.db, messageId, (row) => ({
    gasPayments: (row?.gasPayments ?? 0) + 1,
    gasAmount: (row?.gasAmount ?? 0n) + gasAmount,
    gasPaid: (row?.gasPaid ?? 0n) + payment,
  }));
}

ponder.on(
  "InterchainGasPaymaster:GasPayment(bytes32 indexed messageId, uint32 indexed destinationDomain, uint256 gasAmount, uint256 payment)",
  recordGasPayment,
);
ponder.on("InterchainGasPaymaster:GasPayment(bytes32 indexed messageId, uint256 gasAmount, uint256 payment)", recordGasPayment);
