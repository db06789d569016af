import { type Address, getAddress, type Hex, hexToBigInt, size, sliceHex } from "viem";

/**
 * SystemConfig `ConfigUpdate(version, updateType, data)` data by update type. contracts-bedrock
 * 0.17.3 emits 0–3; 4 (Holocene) and 5 (Isthmus) come from later releases.
 */
export const CONFIG_UPDATE_TYPE = {
  batcher: 0,
  feeScalars: 1,
  gasLimit: 2,
  unsafeBlockSigner: 3,
  eip1559Params: 4,
  operatorFeeParams: 5,
} as const;

export type ConfigUpdate =
  | { type: "batcher"; batcherHash: Hex; batcher: Address }
  /**
   * Type 1 is `abi.encode(overhead, scalar)`. Scalar version byte 0 (pre-Ecotone): the scalar
   * is one number; version 1 (Ecotone): `(1 << 248) | (blobBaseFeeScalar << 32) | baseFeeScalar`.
   */
  | { type: "feeScalars"; overhead: bigint; scalar: bigint; scalarVersion: number; baseFeeScalar: number | null; blobBaseFeeScalar: number | null }
  | { type: "gasLimit"; gasLimit: bigint }
  | { type: "unsafeBlockSigner"; unsafeBlockSigner: Address }
  | { type: "eip1559Params"; denominator: number; elasticity: number }
  | { type: "operatorFeeParams"; operatorFeeScalar: number; operatorFeeConstant: bigint };

export type DecodedConfigUpdate = ({ ok: true } & ConfigUpdate) | { ok: false; updateType: number; error: string };

const WORD = 32;
const word = (data: Hex, i: number) => hexToBigInt(sliceHex(data, i * WORD, (i + 1) * WORD));
const MASK_32 = (1n << 32n) - 1n;
const MASK_64 = (1n << 64n) - 1n;

/** Words each type's data must hold at least (types 1 carries two, the rest one). */
const WORDS: Record<number, number> = { 0: 1, 1: 2, 2: 1, 3: 1, 4: 1, 5: 1 };

export function decodeConfigUpdate(updateType: number, data: Hex): DecodedConfigUpdate {
  const words = WORDS[updateType];
  if (words === undefined) return { ok: false, updateType, error: `unknown ConfigUpdate type ${updateType} (known: 0–5)` };
  const length = size(data);
  if (length < words * WORD) return { ok: false, updateType, error: `ConfigUpdate type ${updateType} data is ${length} bytes, expected ${words * WORD}` };
  switch (updateType) {
    case 0: {
      const batcherHash = sliceHex(data, 0, WORD);
      // The batcher hash is the batcher address left-padded (SystemConfig's only format so far).
      return { ok: true, type: "batcher", batcherHash, batcher: getAddress(sliceHex(data, 12, WORD)) };
    }
    case 1: {
      const overhead = word(data, 0);
      const scalar = word(data, 1);
      const scalarVersion = Number(scalar >> 248n);
      const ecotone = scalarVersion === 1;
      return {
        ok: true,
        type: "feeScalars",
        overhead,
        scalar,
        scalarVersion,
        baseFeeScalar: ecotone ? Number(scalar & MASK_32) : null,
        blobBaseFeeScalar: ecotone ? Number((scalar >> 32n) & MASK_32) : null,
      };
    }
    case 2:
      return { ok: true, type: "gasLimit", gasLimit: word(data, 0) };
    case 3:
      return { ok: true, type: "unsafeBlockSigner", unsafeBlockSigner: getAddress(sliceHex(data, 12, WORD)) };
    case 4: {
      const packed = word(data, 0);
      return { ok: true, type: "eip1559Params", denominator: Number((packed >> 32n) & MASK_32), elasticity: Number(packed & MASK_32) };
    }
    default: {
      const packed = word(data, 0);
      return { ok: true, type: "operatorFeeParams", operatorFeeScalar: Number((packed >> 64n) & MASK_32), operatorFeeConstant: packed & MASK_64 };
    }
  }
}
