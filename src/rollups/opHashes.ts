import { type Address, encodeAbiParameters, encodeFunctionData, type Hex, keccak256, parseAbi } from "viem";

/**
 * The OP Stack join keys (Hashing.sol): a withdrawal's hash, carried by MessagePassed and the
 * portal's WithdrawalProven / WithdrawalFinalized, and a cross-domain message's hash, carried
 * by RelayedMessage / FailedRelayedMessage on the other side.
 */
export type WithdrawalTransaction = { nonce: bigint; sender: Address; target: Address; value: bigint; gasLimit: bigint; data: Hex };

export const hashWithdrawal = (tx: WithdrawalTransaction): Hex =>
  keccak256(
    encodeAbiParameters(
      [{ type: "uint256" }, { type: "address" }, { type: "address" }, { type: "uint256" }, { type: "uint256" }, { type: "bytes" }],
      [tx.nonce, tx.sender, tx.target, tx.value, tx.gasLimit, tx.data],
    ),
  );

export type CrossDomainMessage = { nonce: bigint; sender: Address; target: Address; value: bigint; minGasLimit: bigint; message: Hex };

const relayMessageAbi = parseAbi([
  "function relayMessage(address _target, address _sender, bytes _message, uint256 _messageNonce)",
  "function relayMessage(uint256 _nonce, address _sender, address _target, uint256 _value, uint256 _minGasLimit, bytes _message)",
]);

/** The version lives in the nonce's top two bytes (Encoding.encodeVersionedNonce). */
export const messageNonceVersion = (nonce: bigint) => Number(nonce >> 240n);

export class UnknownMessageVersionError extends Error {
  override name = "UnknownMessageVersionError";
}

/** Hashing.hashCrossDomainMessage: the calldata of the relayMessage of the nonce's version, hashed. */
export function hashCrossDomainMessage(m: CrossDomainMessage): Hex {
  const version = messageNonceVersion(m.nonce);
  if (version === 0) return keccak256(encodeFunctionData({ abi: relayMessageAbi, functionName: "relayMessage", args: [m.target, m.sender, m.message, m.nonce] }));
  if (version === 1) {
    return keccak256(
      encodeFunctionData({ abi: relayMessageAbi, functionName: "relayMessage", args: [m.nonce, m.sender, m.target, m.value, m.minGasLimit, m.message] }),
    );
  }
  throw new UnknownMessageVersionError(`cross-domain message nonce ${m.nonce} has version ${version}; known versions are 0 and 1`);
}
