import { type Address, decodeFunctionData, type Hex, parseAbi, toFunctionSelector } from "viem";

/**
 * What an OP Stack cross-domain message carries, read from its calldata: the messenger's
 * `relayMessage` (version 1, what a deposit's TransactionDeposited data and a withdrawal's
 * MessagePassed data hold) and, inside it, the standard bridge's `finalizeBridgeETH` /
 * `finalizeBridgeERC20` (StandardBridge.sol), whose tokens are named as the receiving side sees
 * them: local = the token on the chain that finalizes.
 */
const abi = parseAbi([
  "function relayMessage(uint256 _nonce, address _sender, address _target, uint256 _value, uint256 _minGasLimit, bytes _message)",
  "function finalizeBridgeETH(address _from, address _to, uint256 _amount, bytes _extraData)",
  "function finalizeBridgeERC20(address _localToken, address _remoteToken, address _from, address _to, uint256 _amount, bytes _extraData)",
]);

export type RelayMessage = { nonce: bigint; sender: Address; target: Address; value: bigint; minGasLimit: bigint; message: Hex };

export type BridgeCall =
  | { kind: "eth"; from: Address; to: Address; amount: bigint }
  | { kind: "erc20"; localToken: Address; remoteToken: Address; from: Address; to: Address; amount: bigint };

const selectors = new Set(abi.map((item) => toFunctionSelector(item)));

const decode = (data: Hex) => {
  // Other calldata is common (a deposit's plain call): viem would throw, and its error costs more than a decode.
  if (!selectors.has(data.slice(0, 10).toLowerCase() as Hex)) return undefined;
  try {
    return decodeFunctionData({ abi, data });
  } catch {
    return undefined;
  }
};

/** The relayMessage a messenger sends; undefined for other calldata. */
export function decodeRelayMessage(data: Hex): RelayMessage | undefined {
  const call = decode(data);
  if (call?.functionName !== "relayMessage") return undefined;
  const [nonce, sender, target, value, minGasLimit, message] = call.args;
  return { nonce, sender, target, value, minGasLimit, message };
}

/** The standard bridge's finalize call a message makes; undefined for any other message. */
export function decodeBridgeCall(message: Hex): BridgeCall | undefined {
  const call = decode(message);
  if (call?.functionName === "finalizeBridgeETH") {
    const [from, to, amount] = call.args;
    return { kind: "eth", from, to, amount };
  }
  if (call?.functionName === "finalizeBridgeERC20") {
    const [localToken, remoteToken, from, to, amount] = call.args;
    return { kind: "erc20", localToken, remoteToken, from, to, amount };
  }
  return undefined;
}

/** The OP predeploys a cross-domain transfer passes through on every OP Stack chain. */
export const L2_CROSS_DOMAIN_MESSENGER = "0x4200000000000000000000000000000000000007";
export const L2_STANDARD_BRIDGE = "0x4200000000000000000000000000000000000010";

export type Funds = { token: Address; l2Token: Address | null; from: Address; to: Address; amount: bigint };

const ETH = "0x0000000000000000000000000000000000000000";

/**
 * What a message moves: the standard bridge's call when the message is between the bridges (the
 * rollup's bridge is its sender for a withdrawal, its target for a deposit), else the ETH the
 * message carries from its sender to its target. `token` is the parent chain's.
 */
export function messageFunds(relay: RelayMessage, direction: "deposit" | "withdrawal"): Funds {
  const rollupBridge = (direction === "deposit" ? relay.target : relay.sender).toLowerCase() === L2_STANDARD_BRIDGE;
  const call = rollupBridge ? decodeBridgeCall(relay.message) : undefined;
  if (call?.kind === "eth") return { token: ETH, l2Token: null, from: call.from, to: call.to, amount: call.amount };
  if (call?.kind === "erc20") {
    // The finalizing side's token is `local`.
    const [token, l2Token] = direction === "deposit" ? [call.remoteToken, call.localToken] : [call.localToken, call.remoteToken];
    return { token, l2Token, from: call.from, to: call.to, amount: call.amount };
  }
  return { token: ETH, l2Token: null, from: relay.sender, to: relay.target, amount: relay.value };
}
