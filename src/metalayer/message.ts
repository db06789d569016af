import { type Hex, hexToNumber, size, sliceHex } from "viem";
import { toAccount } from "../messaging/message";

/** version 1 ‖ finality 1 ‖ nonce 4 ‖ origin 4 ‖ sender 32 ‖ destination 4 ‖ recipient 32 */
export const METALAYER_HEADER_BYTES = 78;
export const FINALITY = ["instant", "finalized", "espresso"] as const;
export type Finality = (typeof FINALITY)[number];

export type ReadOperation = { domain: number; target: Hex; callData: Hex };

export type MetalayerMessage = {
  version: number;
  finality: Finality;
  nonce: number;
  originDomain: number;
  /** The app that sent through the router (20-byte address when it holds one). */
  sender: Hex;
  destinationDomain: number;
  recipient: Hex;
  reads: ReadOperation[];
  writeCallData: Hex;
};

export type DecodedMetalayerMessage = ({ ok: true } & MetalayerMessage) | { ok: false; error: string };

/**
 * Decodes the body of a Mailbox Dispatch sent by a MetalayerRouter: the header, then
 * `uint32 readCount ‖ readCount × (uint32 domain ‖ address target ‖ uint32 len ‖ callData) ‖ writeCallData`.
 */
export function decodeMetalayerMessage(body: Hex): DecodedMetalayerMessage {
  const length = size(body);
  const fail = (error: string) => ({ ok: false as const, error });
  if (length < METALAYER_HEADER_BYTES + 4) {
    return fail(`Metalayer message is ${length} bytes, shorter than the ${METALAYER_HEADER_BYTES}-byte header and read count`);
  }
  const uint = (start: number, bytes: number) => hexToNumber(sliceHex(body, start, start + bytes));
  const finalityCode = uint(1, 1);
  const finality = FINALITY[finalityCode];
  if (finality === undefined) return fail(`unknown finality ${finalityCode}, expected 0 (instant), 1 (finalized) or 2 (espresso)`);
  const readCount = uint(METALAYER_HEADER_BYTES, 4);
  const reads: ReadOperation[] = [];
  let offset = METALAYER_HEADER_BYTES + 4;
  for (let i = 0; i < readCount; i++) {
    if (offset + 28 > length) return fail(`read ${i} of ${readCount} runs past the end of the message`);
    const callDataLength = uint(offset + 24, 4);
    if (offset + 28 + callDataLength > length) return fail(`read ${i} call data runs past the end of the message`);
    reads.push({
      domain: uint(offset, 4),
      target: toAccount(sliceHex(body, offset + 4, offset + 24)),
      callData: callDataLength === 0 ? "0x" : sliceHex(body, offset + 28, offset + 28 + callDataLength),
    });
    offset += 28 + callDataLength;
  }
  return {
    ok: true,
    version: uint(0, 1),
    finality,
    nonce: uint(2, 4),
    originDomain: uint(6, 4),
    sender: toAccount(sliceHex(body, 10, 42)),
    destinationDomain: uint(42, 4),
    recipient: toAccount(sliceHex(body, 46, 78)),
    reads,
    writeCallData: offset === length ? "0x" : sliceHex(body, offset),
  };
}
