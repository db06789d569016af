import { decodeAbiParameters, type Hex, hexToNumber, size, sliceHex } from "viem";

/**
 * A Hyperlane InterchainAccountMessage body (core 12.1.0 InterchainAccountMessage.sol): a CALLS
 * message is type 0 (1 byte) ‖ owner (32) ‖ ISM (32) ‖ user salt (32) ‖ abi.encode(CallLib.Call[]).
 * COMMITMENT (1) and REVEAL (2) messages carry no calls here.
 */
export type InterchainAccountMessage =
  | { ok: true; type: "calls"; owner: Hex; ism: Hex; salt: Hex; calls: { to: Hex; value: bigint; data: Hex }[] }
  | { ok: true; type: "commitment" | "reveal"; owner: Hex | null }
  | { ok: false; error: string };

const CALLS_OFFSET = 97;
const TYPES = ["calls", "commitment", "reveal"] as const;

export function decodeInterchainAccountMessage(body: Hex): InterchainAccountMessage {
  if (size(body) < 1) return { ok: false, error: "empty body" };
  const type = TYPES[hexToNumber(sliceHex(body, 0, 1))];
  if (!type) return { ok: false, error: `unknown message type ${hexToNumber(sliceHex(body, 0, 1))}` };
  if (type !== "calls") return { ok: true, type, owner: size(body) >= 33 ? sliceHex(body, 1, 33) : null };
  if (size(body) < CALLS_OFFSET + 64) return { ok: false, error: `a CALLS message of ${size(body)} bytes, expected at least ${CALLS_OFFSET + 64}` };
  try {
    const [calls] = decodeAbiParameters(
      [{ type: "tuple[]", components: [{ name: "to", type: "bytes32" }, { name: "value", type: "uint256" }, { name: "data", type: "bytes" }] }],
      sliceHex(body, CALLS_OFFSET),
    );
    return { ok: true, type, owner: sliceHex(body, 1, 33), ism: sliceHex(body, 33, 65), salt: sliceHex(body, 65, 97), calls: [...calls] };
  } catch (error) {
    return { ok: false, error: `the calls do not decode: ${(error as Error).message.split("\n")[0]}` };
  }
}
