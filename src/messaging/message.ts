import { createKeccak } from "hash-wasm";
import { type Hex, size, sliceHex, hexToNumber } from "viem";

/** The Hyperlane message version this indexer decodes (Message.sol, Mailbox VERSION). */
export const MESSAGE_VERSION = 3;
/** version 1 ‖ nonce 4 ‖ origin 4 ‖ sender 32 ‖ destination 4 ‖ recipient 32 */
export const MESSAGE_HEADER_BYTES = 77;

export type HyperlaneMessage = {
  id: Hex;
  version: number;
  nonce: number;
  originDomain: number;
  /** bytes32 as in the message */
  sender: Hex;
  destinationDomain: number;
  recipient: Hex;
  body: Hex;
};

export type DecodedMessage =
  | ({ ok: true } & HyperlaneMessage)
  | { ok: false; id: Hex; error: string };

// WebAssembly keccak: a tenth of viem's JavaScript one per message, which was most of a Dispatch's cost.
const keccak = await createKeccak(256);

/** keccak256 of the whole message: the id the Mailbox emits in DispatchId and ProcessId. */
export function messageId(message: Hex): Hex {
  keccak.init();
  keccak.update(Buffer.from(message.slice(2), "hex"));
  return `0x${keccak.digest("hex")}`;
}

/** Decodes `abi.encodePacked(version, nonce, origin, sender, destination, recipient, body)`. */
export function decodeMessage(message: Hex): DecodedMessage {
  const id = messageId(message);
  const length = size(message);
  if (length < MESSAGE_HEADER_BYTES) {
    return { ok: false, id, error: `message is ${length} bytes, shorter than the ${MESSAGE_HEADER_BYTES}-byte header` };
  }
  const version = hexToNumber(sliceHex(message, 0, 1));
  if (version !== MESSAGE_VERSION) {
    return { ok: false, id, error: `unknown message version ${version}, expected ${MESSAGE_VERSION}` };
  }
  return {
    ok: true,
    id,
    version,
    nonce: hexToNumber(sliceHex(message, 1, 5)),
    originDomain: hexToNumber(sliceHex(message, 5, 9)),
    sender: sliceHex(message, 9, 41),
    destinationDomain: hexToNumber(sliceHex(message, 41, 45)),
    recipient: sliceHex(message, 45, 77),
    body: length === MESSAGE_HEADER_BYTES ? "0x" : sliceHex(message, 77),
  };
}

/**
 * A bytes32 account as the explorer shows it: the 20-byte address when the upper 12 bytes
 * are zero (every EVM sender and recipient), the full 32 bytes otherwise.
 */
export function toAccount(value: Hex): Hex {
  const hex = value.toLowerCase() as Hex;
  if (hex.length === 42) return hex;
  return hex.length === 66 && hex.startsWith("0x000000000000000000000000") ? `0x${hex.slice(26)}` : hex;
}
