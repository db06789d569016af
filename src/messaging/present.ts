import type schema from "ponder:schema";
import { z } from "zod";
import { accountOut, address, bytes32, decimalString, hex, int, unixTime } from "../api/shapes";
import { type ChainRow, chainRef, loadChains } from "../network/chains";
import { CHECKS, REASONS, ROW_REASONS } from "./diagnosis";
import { type RouteContext, routeContext, rowDiagnosis } from "./facts";
import { messageParts, type SelectedMessage } from "./queries";

type MessageRow = typeof schema.message.$inferSelect;

/** Why a pending message is not delivered, as its row tells; null when delivered. */
export const rowDiagnosisSchema = z
  .object({ reason: z.enum(ROW_REASONS), summary: z.string() })
  .nullable()
  .describe("why it is not delivered, as its row tells (null: delivered); the full check is /api/messages/{id}/diagnosis");

/** GET /api/messages/:id/diagnosis: the full check of one message (diagnosis.ts, facts.ts). */
export const diagnosisSchema = z.object({
  id: bytes32,
  status: z.enum(["pending", "delivered"]),
  reason: z.enum(REASONS).nullable().describe("the reason of the first check that fails; null when delivered"),
  summary: z.string(),
  checks: z
    .array(
      z.object({
        check: z.enum(CHECKS),
        ok: z.boolean().nullable().describe("null: the chain it needs did not answer"),
        detail: z.string(),
        evidence: z.record(z.string(), z.unknown()).describe("the facts the check read: indexed blocks, the chains' answers, the IGP quote (amounts in decimal strings)"),
      }),
    )
    .describe("in the order each would stop a delivery; empty when delivered"),
  checkedAt: unixTime,
});

const endSchema = z.object({ chainId: int.nullable(), domainId: int.nullable(), name: z.string().nullable() });

/** What both sides of a message share: its log, where and when. */
const side = z.object({ txHash: bytes32, blockNumber: int.nullable(), timestamp: unixTime.nullable(), logIndex: int.nullable(), mailbox: address.nullable() });

/** A message as presentMessage serves it, without the parts its applications add. */
export const messageCore = z.object({
  id: bytes32,
  status: z.enum(["pending", "delivered"]),
  version: int.nullable(),
  nonce: int.nullable(),
  origin: endSchema,
  destination: endSchema,
  sender: accountOut.nullable(),
  recipient: accountOut.nullable(),
  body: hex.nullable(),
  malformed: z.object({ error: z.string().nullable(), raw: hex.nullable() }).nullable(),
  dispatch: side.extend({ from: address.nullable(), idVerified: z.boolean(), merkleLeafIndex: int.nullable() }).nullable(),
  delivery: side.extend({ relayer: address.nullable() }).nullable(),
  gas: z.object({ payments: int, gasAmount: decimalString, paid: decimalString.describe("wei, in the origin chain's native token") }),
  latencySeconds: int.nullable(),
});

/** A message with every application's part (the Metalayer header, the transfer it carries), once they are registered. */
export const messageSchema = z.lazy(() => messageCore.extend({ diagnosis: rowDiagnosisSchema, ...Object.fromEntries(messageParts.map((p) => [p.name, p.schema])) }));

const end = (chainId: number | null, domainId: number | null, chains: ChainRow[]) => ({
  chainId,
  domainId,
  name: chainRef(chainId, chains).name,
});

/** A message as explorers read it: both ends by chain, each side null until it is seen. */
export function presentMessage(m: MessageRow, chains: ChainRow[]): z.input<typeof messageCore> {
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
export async function present(rows: SelectedMessage[], at?: RouteContext): Promise<z.input<typeof messageSchema>[]> {
  const [chains, ctx] = await Promise.all([loadChains(), at ?? routeContext()]);
  return rows.map((row) => ({
    ...presentMessage(row.message, chains),
    diagnosis: rowDiagnosis(row.message, ctx),
    ...Object.fromEntries(messageParts.map((p) => [p.name, p.present(row[p.name])])),
  }));
}

export const gasPaymentSchema = z.object({
  messageId: bytes32,
  chainId: int,
  interchainGasPaymaster: address,
  destinationDomain: int.nullable().describe("null for the legacy GasPayment, which does not name it"),
  gasAmount: decimalString,
  payment: decimalString,
  txHash: bytes32,
  blockNumber: int,
  timestamp: unixTime,
  logIndex: int,
});

type GasPaymentRow = typeof schema.gasPayment.$inferSelect;

export const presentGasPayment = (p: GasPaymentRow): z.input<typeof gasPaymentSchema> => ({
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
