import type schema from "ponder:schema";
import { formatUnits } from "viem";
import { z } from "zod";
import { accountOut, bytes32, chainRef as chainRefSchema, decimalString, int, unixTime } from "../api/shapes";
import { type ChainRow, chainRef } from "../network/chains";

type TransferRow = typeof schema.transfer.$inferSelect;

export const TRANSFER_STATUSES = ["pending", "buffered", "released", "delivered", "expired", "unlocked", "reissued"] as const;

const sideSchema = z.object({ txHash: bytes32, timestamp: unixTime.nullable() }).nullable();

export const transferSchema = z.object({
  id: bytes32.describe("a warp transfer's message id, or a MetaERC20 transferId"),
  kind: z.enum(["warp", "metaerc20"]),
  route: z.string(),
  symbol: z.string(),
  status: z.enum(TRANSFER_STATUSES),
  origin: chainRefSchema,
  destination: chainRefSchema,
  sender: accountOut.nullable().describe("the transaction's sender"),
  recipient: accountOut.nullable(),
  amount: z.object({ raw: decimalString, decimals: int.nullable(), value: z.string() }).nullable(),
  messageId: bytes32.nullable().describe("the message from its origin"),
  relayMessageId: bytes32.nullable().describe("a MetaERC20 relay: the hub's message on to the destination"),
  malformed: z.object({ error: z.string().nullable() }).nullable(),
  dispatch: sideSchema,
  delivery: sideSchema,
  relay: z.object({ bufferedAt: unixTime, releasedAt: unixTime.nullable(), expiredAt: unixTime.nullable() }).nullable(),
  admin: z.object({ action: z.enum(["unlock", "reissue"]), txHash: bytes32.nullable() }).nullable(),
  latencySeconds: int.nullable(),
});

export function presentTransfer(t: TransferRow, chains: ChainRow[]): z.input<typeof transferSchema> {
  return {
    id: t.id,
    kind: t.kind,
    route: t.route,
    symbol: t.symbol,
    status: t.status,
    origin: chainRef(t.originChainId, chains),
    destination: chainRef(t.destinationChainId, chains),
    sender: t.sender,
    recipient: t.recipient,
    amount:
      t.amountRaw === null
        ? null
        : { raw: t.amountRaw.toString(), decimals: t.decimals, value: formatUnits(t.amountRaw, t.decimals ?? 0) },
    messageId: t.messageId,
    relayMessageId: t.relayMessageId,
    malformed: t.malformed ? { error: t.decodeError } : null,
    dispatch: t.dispatchTxHash === null ? null : { txHash: t.dispatchTxHash, timestamp: t.dispatchTimestamp },
    delivery: t.deliveryTxHash === null ? null : { txHash: t.deliveryTxHash, timestamp: t.deliveryTimestamp },
    relay:
      t.bufferedTimestamp === null
        ? null
        : { bufferedAt: t.bufferedTimestamp, releasedAt: t.releasedTimestamp, expiredAt: t.expiredTimestamp },
    admin: t.adminAction === null ? null : { action: t.adminAction, txHash: t.adminTxHash },
    latencySeconds: t.latencySeconds,
  };
}
