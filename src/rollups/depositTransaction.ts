import { type Hex, hexToBigInt, hexToNumber, size, sliceHex } from "viem";

/** OptimismPortal TransactionDeposited version 0: `encodePacked(mint, value, gasLimit, isCreation, data)`. */
export type DepositTransaction = { mint: bigint; value: bigint; gasLimit: bigint; isCreation: boolean; data: Hex };

export type DecodedDepositTransaction = ({ ok: true } & DepositTransaction) | { ok: false; error: string };

/** uint256 mint ‖ uint256 value ‖ uint64 gasLimit ‖ bool isCreation */
export const OPAQUE_DATA_HEADER_BYTES = 32 + 32 + 8 + 1;

export function decodeDepositOpaqueData(opaqueData: Hex): DecodedDepositTransaction {
  const length = size(opaqueData);
  if (length < OPAQUE_DATA_HEADER_BYTES) {
    return { ok: false, error: `opaqueData is ${length} bytes, shorter than the ${OPAQUE_DATA_HEADER_BYTES}-byte header` };
  }
  const creation = hexToNumber(sliceHex(opaqueData, 72, 73));
  if (creation > 1) return { ok: false, error: `isCreation byte is ${creation}, expected 0 or 1` };
  return {
    ok: true,
    mint: hexToBigInt(sliceHex(opaqueData, 0, 32)),
    value: hexToBigInt(sliceHex(opaqueData, 32, 64)),
    gasLimit: hexToBigInt(sliceHex(opaqueData, 64, 72)),
    isCreation: creation === 1,
    data: length === OPAQUE_DATA_HEADER_BYTES ? "0x" : sliceHex(opaqueData, OPAQUE_DATA_HEADER_BYTES),
  };
}
