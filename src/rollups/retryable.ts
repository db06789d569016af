import { type Address, concat, type Hex, keccak256, numberToHex, pad, toRlp, zeroAddress } from "viem";
import type { InboxMessage } from "./inboxMessage";

type Retryable = Extract<InboxMessage, { kind: "retryable" }>;

/** An RLP integer: big-endian without leading zeros, zero as the empty string. */
const quantity = (n: bigint): Hex => (n === 0n ? "0x" : numberToHex(n));

/**
 * A retryable's ticket id: the hash of the ArbitrumSubmitRetryableTx (EIP-2718 type 0x69) that
 * ArbOS derives from the delayed message, keccak256(0x69 ‖ rlp([chainId, requestId, from,
 * l1BaseFee, deposit, gasFeeCap, gas, retryTo, retryValue, beneficiary, maxSubmissionFee,
 * feeRefundAddr, retryData])) with nitro's field order: requestId is the message number as 32
 * bytes, from the (aliased) sender the Bridge recorded, l1BaseFee its baseFeeL1, the beneficiary
 * the call-value refund address, retryTo empty for a creation. ArbRetryableTx's TicketCreated
 * and RedeemScheduled name it on the rollup.
 */
export function retryableTicketId(p: { l2ChainId: number | bigint; messageNum: bigint; sender: Address; l1BaseFee: bigint; message: Omit<Retryable, "kind"> }): Hex {
  const m = p.message;
  return keccak256(
    concat([
      "0x69",
      toRlp([
        quantity(BigInt(p.l2ChainId)),
        pad(numberToHex(p.messageNum), { size: 32 }),
        p.sender,
        quantity(p.l1BaseFee),
        quantity(m.deposit),
        quantity(m.maxFeePerGas),
        quantity(m.gasLimit),
        m.to.toLowerCase() === zeroAddress ? "0x" : m.to,
        quantity(m.l2CallValue),
        m.callValueRefundAddress,
        quantity(m.maxSubmissionCost),
        m.excessFeeRefundAddress,
        m.data,
      ]),
    ]),
  );
}
