import { type Address, getAddress, type Hex, size, sliceHex } from "viem";
import { DeployOutput2024Fields, DeployOutput2025Fields } from "../../abis/OPContractsManager";

/**
 * OPContractsManager `Deployed.deployOutput`: `abi.encode(DeployOutput)`, a struct of addresses
 * only, so one word per field in declaration order. Both variants have 15 fields but not the
 * same ones: the event's topic0 says which layout applies.
 */
export type OpcmVariant = "2024" | "2025";

type Fields<V extends OpcmVariant> = (V extends "2024" ? typeof DeployOutput2024Fields : typeof DeployOutput2025Fields)[number];

export type DeployOutput<V extends OpcmVariant = OpcmVariant> = { variant: V } & Record<Fields<V>, Address>;

export type DecodedDeployOutput<V extends OpcmVariant = OpcmVariant> = ({ ok: true } & DeployOutput<V>) | { ok: false; error: string };

const FIELDS = { "2024": DeployOutput2024Fields, "2025": DeployOutput2025Fields } as const;

export function decodeDeployOutput<V extends OpcmVariant>(variant: V, deployOutput: Hex): DecodedDeployOutput<V> {
  const fields = FIELDS[variant] as readonly string[];
  const length = size(deployOutput);
  if (length !== fields.length * 32) {
    return { ok: false, error: `deployOutput is ${length} bytes, expected ${fields.length * 32} (${fields.length} addresses of the ${variant} DeployOutput)` };
  }
  const output: Record<string, Address> = {};
  for (const [i, field] of fields.entries()) {
    const word = sliceHex(deployOutput, i * 32, (i + 1) * 32);
    if (BigInt(sliceHex(word, 0, 12)) !== 0n) return { ok: false, error: `deployOutput word ${i} (${field}) is not an address: ${word}` };
    output[field] = getAddress(sliceHex(word, 12, 32));
  }
  return { ok: true, variant, ...output } as DecodedDeployOutput<V>;
}
