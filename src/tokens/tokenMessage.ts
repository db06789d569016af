import { type Hex, hexToBigInt, size, sliceHex } from "viem";

/** recipient 32 ‖ amount 32 ‖ metadata */
export const TOKEN_MESSAGE_BYTES = 64;

export type TokenMessage = { recipient: Hex; amount: bigint; metadata: Hex };

export type DecodedTokenMessage = ({ ok: true } & TokenMessage) | { ok: false; error: string };

/** Decodes a warp route message body (TokenMessage.sol). */
export function decodeTokenMessage(body: Hex): DecodedTokenMessage {
  const length = size(body);
  if (length < TOKEN_MESSAGE_BYTES) {
    return { ok: false, error: `token message is ${length} bytes, shorter than the ${TOKEN_MESSAGE_BYTES}-byte recipient and amount` };
  }
  return {
    ok: true,
    recipient: sliceHex(body, 0, 32),
    amount: hexToBigInt(sliceHex(body, 32, 64)),
    metadata: length === TOKEN_MESSAGE_BYTES ? "0x" : sliceHex(body, 64),
  };
}

/**
 * An amount from one number of decimals to another, rounded down when there are fewer, as a
 * warp router's `_inboundAmount` (and a MetaERC20 receiver) rounds; exact when there are more.
 */
export function rescale(amount: bigint, fromDecimals: number, toDecimals: number): bigint {
  return toDecimals >= fromDecimals
    ? amount * 10n ** BigInt(toDecimals - fromDecimals)
    : amount / 10n ** BigInt(fromDecimals - toDecimals);
}

/** Fixed point with 18 decimals: amounts of one asset summed across routes of different decimals. */
export const NORMALISED_DECIMALS = 18;
export const normalise = (amount: bigint, decimals: number) => rescale(amount, decimals, NORMALISED_DECIMALS);
