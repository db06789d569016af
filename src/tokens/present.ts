import type schema from "ponder:schema";
import { formatUnits } from "viem";
import { type ChainRow, chainRef } from "../network/chains";

type TransferRow = typeof schema.transfer.$inferSelect;

export function presentTransfer(t: TransferRow, chains: ChainRow[]) {
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

