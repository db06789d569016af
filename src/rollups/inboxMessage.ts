import { type Address, getAddress, type Hex, hexToBigInt, hexToNumber, size, sliceHex } from "viem";

/** L1MessageType (nitro-contracts libraries/MessageTypes.sol): the Bridge MessageDelivered kind. */
export const INBOX_MESSAGE_KIND = { l2Message: 3, l2FundedByL1: 7, submitRetryableTx: 9, ethDeposit: 12 } as const;

/** Inbox.InboxMessageDelivered data by kind, as the Inbox packs it. */
export type InboxMessage =
  | { kind: "ethDeposit"; to: Address; amount: bigint }
  | {
      kind: "retryable";
      to: Address;
      l2CallValue: bigint;
      /** msg.value on an ETH inbox; the native-token amount on an ERC20 inbox. */
      deposit: bigint;
      maxSubmissionCost: bigint;
      excessFeeRefundAddress: Address;
      callValueRefundAddress: Address;
      gasLimit: bigint;
      maxFeePerGas: bigint;
      data: Hex;
    }
  | { kind: "l2FundedByL1"; transaction: "unsignedEOATx" | "unsignedContractTx"; gasLimit: bigint; maxFeePerGas: bigint; nonce: bigint | null; to: Address; value: bigint; data: Hex }
  | { kind: "l2Message"; data: Hex };

export type DecodedInboxMessage = ({ ok: true } & InboxMessage) | { ok: false; kind: number; error: string };

const word = (data: Hex, i: number) => hexToBigInt(sliceHex(data, i * 32, (i + 1) * 32));
const wordAddress = (data: Hex, i: number) => getAddress(sliceHex(data, i * 32 + 12, (i + 1) * 32));
const tail = (data: Hex, from: number) => (size(data) === from ? "0x" : sliceHex(data, from));

const tooShort = (kind: number, data: Hex, needed: number): DecodedInboxMessage | null =>
  size(data) < needed ? { ok: false, kind, error: `kind ${kind} data is ${size(data)} bytes, shorter than ${needed}` } : null;

export function decodeInboxMessage(kind: number, data: Hex): DecodedInboxMessage {
  switch (kind) {
    case INBOX_MESSAGE_KIND.ethDeposit:
      // encodePacked(address dest, uint256 amount)
      return tooShort(kind, data, 52) ?? { ok: true, kind: "ethDeposit", to: getAddress(sliceHex(data, 0, 20)), amount: hexToBigInt(sliceHex(data, 20, 52)) };
    case INBOX_MESSAGE_KIND.submitRetryableTx: {
      // Nine words (to, l2CallValue, deposit, maxSubmissionCost, two refund addresses, gasLimit,
      // maxFeePerGas, data length), then the calldata.
      const short = tooShort(kind, data, 9 * 32);
      if (short) return short;
      const dataLength = Number(word(data, 8));
      if (size(data) < 9 * 32 + dataLength) return { ok: false, kind, error: `retryable calldata length ${dataLength} runs past the ${size(data)}-byte message` };
      return {
        ok: true,
        kind: "retryable",
        to: wordAddress(data, 0),
        l2CallValue: word(data, 1),
        deposit: word(data, 2),
        maxSubmissionCost: word(data, 3),
        excessFeeRefundAddress: wordAddress(data, 4),
        callValueRefundAddress: wordAddress(data, 5),
        gasLimit: word(data, 6),
        maxFeePerGas: word(data, 7),
        data: dataLength === 0 ? "0x" : sliceHex(data, 9 * 32, 9 * 32 + dataLength),
      };
    }
    case INBOX_MESSAGE_KIND.l2FundedByL1: {
      // encodePacked(uint8 type, gasLimit, maxFeePerGas, [nonce,] uint256(to), value, data)
      const short = tooShort(kind, data, 1);
      if (short) return short;
      const type = hexToNumber(sliceHex(data, 0, 1));
      if (type !== 0 && type !== 1) return { ok: false, kind, error: `unknown L2 message type ${type} in an L2-funded-by-L1 message (known: 0, 1)` };
      const words = type === 0 ? 5 : 4;
      const body = tooShort(kind, data, 1 + words * 32);
      if (body) return body;
      const at = (i: number) => hexToBigInt(sliceHex(data, 1 + i * 32, 1 + (i + 1) * 32));
      const to = (i: number) => getAddress(sliceHex(data, 1 + i * 32 + 12, 1 + (i + 1) * 32));
      return type === 0
        ? { ok: true, kind: "l2FundedByL1", transaction: "unsignedEOATx", gasLimit: at(0), maxFeePerGas: at(1), nonce: at(2), to: to(3), value: at(4), data: tail(data, 1 + 5 * 32) }
        : { ok: true, kind: "l2FundedByL1", transaction: "unsignedContractTx", gasLimit: at(0), maxFeePerGas: at(1), nonce: null, to: to(2), value: at(3), data: tail(data, 1 + 4 * 32) };
    }
    case INBOX_MESSAGE_KIND.l2Message:
      return { ok: true, kind: "l2Message", data };
    default:
      return { ok: false, kind, error: `inbox message kind ${kind} is not a deposit kind (known: 3, 7, 9, 12)` };
  }
}
