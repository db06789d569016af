import type schema from "ponder:schema";
import { type ChainRow, chainRef, loadChains } from "../network/chains";
import { type RouteContext, routeContext, rowDiagnosis } from "./facts";
import { messageParts, type SelectedMessage } from "./queries";

type MessageRow = typeof schema.message.$inferSelect;

const end = (chainId: number | null, domainId: number | null, chains: ChainRow[]) => ({
  chainId,
  domainId,
  name: chainRef(chainId, chains).name,
});

/** A message as explorers read it: both ends by chain, each side null until it is seen. */
export function presentMessage(m: MessageRow, chains: ChainRow[]) {
  return {
    id: m.id,
    status: m.status,
    version: m.version,
    nonce: m.nonce,
    origin: end(m.originChainId, m.originDomain, chains),
    destination: end(m.destinationChainId, m.destinationDomain, chains),
    sender: m.sender,
    recipient: m.recipient,
    body: m.body,
    malformed: m.malformed ? { error: m.decodeError, raw: m.raw } : null,
    dispatch:
      m.dispatchTxHash === null
        ? null
        : {
            txHash: m.dispatchTxHash,
            blockNumber: m.dispatchBlockNumber,
            timestamp: m.dispatchTimestamp,
            logIndex: m.dispatchLogIndex,
            mailbox: m.dispatchMailbox,
            from: m.dispatchFrom,
            idVerified: m.dispatchIdVerified,
            merkleLeafIndex: m.merkleLeafIndex,
          },
    delivery:
      m.deliveryTxHash === null
        ? null
        : {
            txHash: m.deliveryTxHash,
            blockNumber: m.deliveryBlockNumber,
            timestamp: m.deliveryTimestamp,
            logIndex: m.deliveryLogIndex,
            mailbox: m.deliveryMailbox,
            relayer: m.relayer,
          },
    gas: { payments: m.gasPayments, gasAmount: m.gasAmount.toString(), paid: m.gasPaid.toString() },
    latencySeconds: m.latencySeconds,
  };
}

/**
 * Messages as read with their applications' parts (see queries.ts), and why each pending one is
 * not delivered, as its row tells (the full check is /api/messages/:id/diagnosis).
 */
export async function present(rows: SelectedMessage[], at?: RouteContext) {
  const [chains, ctx] = await Promise.all([loadChains(), at ?? routeContext()]);
  return rows.map((row) => ({
    ...presentMessage(row.message, chains),
    diagnosis: rowDiagnosis(row.message, ctx),
    ...Object.fromEntries(messageParts.map((p) => [p.name, p.present(row[p.name])])),
  }));
}

type GasPaymentRow = typeof schema.gasPayment.$inferSelect;

export const presentGasPayment = (p: GasPaymentRow) => ({
  messageId: p.messageId,
  chainId: p.chainId,
  interchainGasPaymaster: p.interchainGasPaymaster,
  destinationDomain: p.destinationDomain,
  gasAmount: p.gasAmount.toString(),
  payment: p.payment.toString(),
  txHash: p.txHash,
  blockNumber: p.blockNumber,
  timestamp: p.timestamp,
  logIndex: p.logIndex,
});
