import { type Address, decodeFunctionData, getAddress, type Hex, parseAbi, size, slice, sliceHex, toFunctionSelector } from "viem";

/**
 * What a proposal's action does, read from its calldata: the administrative calls governance
 * makes on bridges, rollups and itself, by selector. An interchain account call is opened up:
 * each call the remote account will make is summarised in turn. Anything else stays raw.
 */

/** The functions recognised, by the contracts that declare them. */
export const adminFunctionsAbi = parseAbi([
  // Ownable, Ownable2Step
  "function transferOwnership(address newOwner)",
  "function acceptOwnership()",
  "function renounceOwnership()",
  // UUPS / ERC-1967 proxies, OpenZeppelin 5 ProxyAdmin, OpenZeppelin 4 ProxyAdmin
  "function upgradeToAndCall(address newImplementation, bytes data)",
  "function upgradeTo(address newImplementation)",
  "function upgradeAndCall(address proxy, address implementation, bytes data)",
  "function upgrade(address proxy, address implementation)",
  "function changeProxyAdmin(address proxy, address newAdmin)",
  "function changeAdmin(address newAdmin)",
  // Hyperlane Mailbox and routers (MailboxClient, Router)
  "function setDefaultIsm(address _module)",
  "function setDefaultHook(address _hook)",
  "function setRequiredHook(address _hook)",
  "function setHook(address _hook)",
  "function setInterchainSecurityModule(address _module)",
  "function enrollRemoteRouter(uint32 _domain, bytes32 _router)",
  "function enrollRemoteRouters(uint32[] _domains, bytes32[] _addresses)",
  "function unenrollRemoteRouter(uint32 _domain)",
  "function setDestinationGas(uint32 domain, uint256 gas)",
  // InterchainAccountRouter
  "function callRemote(uint32 _destination, (bytes32 to, uint256 value, bytes data)[] _calls)",
  "function callRemote(uint32 _destination, (bytes32 to, uint256 value, bytes data)[] _calls, bytes _hookMetadata)",
  "function callRemoteWithOverrides(uint32 _destination, bytes32 _router, bytes32 _ism, (bytes32 to, uint256 value, bytes data)[] _calls)",
  "function callRemoteWithOverrides(uint32 _destination, bytes32 _router, bytes32 _ism, (bytes32 to, uint256 value, bytes data)[] _calls, bytes _hookMetadata)",
  // OP Stack SystemConfig
  "function setGasLimit(uint64 _gasLimit)",
  "function setBatcherHash(bytes32 _batcherHash)",
  "function setGasConfig(uint256 _overhead, uint256 _scalar)",
  "function setGasConfigEcotone(uint32 _basefeeScalar, uint32 _blobbasefeeScalar)",
  "function setUnsafeBlockSigner(address _unsafeBlockSigner)",
  // TimelockController and Governor settings (governance changing itself)
  "function updateDelay(uint256 newDelay)",
  "function grantRole(bytes32 role, address account)",
  "function revokeRole(bytes32 role, address account)",
  "function setVotingDelay(uint48 newVotingDelay)",
  "function setVotingPeriod(uint32 newVotingPeriod)",
  "function setProposalThreshold(uint256 newProposalThreshold)",
  "function updateQuorumNumerator(uint256 newQuorumNumerator)",
  "function updateTimelock(address newTimelock)",
  // ERC20 treasury moves
  "function transfer(address to, uint256 value)",
  "function approve(address spender, uint256 value)",
]);

/** One call an interchain account will make on the destination chain. */
export type RemoteCallSummary = { to: Address; value: bigint; call: CallSummary };

export type CallSummary =
  | {
      kind: "known";
      target: Address;
      selector: Hex;
      /** e.g. "transferOwnership(address)". */
      signature: string;
      functionName: string;
      args: Record<string, unknown>;
      /** Set for callRemote and callRemoteWithOverrides. */
      remote?: { destinationDomain: number; calls: RemoteCallSummary[] };
      text: string;
    }
  | { kind: "raw"; target: Address; selector: Hex | null; calldata: Hex; text: string };

type AdminFunction = Extract<(typeof adminFunctionsAbi)[number], { type: "function" }>;

const bySelector = new Map<Hex, AdminFunction>(adminFunctionsAbi.map((item) => [toFunctionSelector(item), item]));

const signatureOf = (item: AdminFunction) => `${item.name}(${item.inputs.map((input) => input.type).join(",")})`;

/** bytes32 → address when its top 12 bytes are zero (an EVM address, as Hyperlane pads it). */
function bytes32ToAddress(word: Hex): Address | null {
  return /^0x0{24}/i.test(word) ? getAddress(sliceHex(word, 12)) : null;
}

const show = (value: unknown): string => {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  return String(value);
};

function raw(target: Address, calldata: Hex): CallSummary {
  const selector = size(calldata) >= 4 ? slice(calldata, 0, 4) : null;
  const text = selector ? `call ${selector} on ${target} (${size(calldata) - 4} bytes of arguments)` : `plain call on ${target}`;
  return { kind: "raw", target, selector, calldata, text };
}

const MAX_DEPTH = 4;

export function summarizeCall(target: Address, calldata: Hex, depth = 0): CallSummary {
  const checksummed = getAddress(target);
  const item = size(calldata) >= 4 ? bySelector.get(slice(calldata, 0, 4)) : undefined;
  if (!item) return raw(checksummed, calldata);
  let decoded: readonly unknown[];
  try {
    decoded = decodeFunctionData({ abi: [item], data: calldata }).args ?? [];
  } catch {
    // A known selector with arguments that do not decode: show it as it is.
    return raw(checksummed, calldata);
  }
  const args = Object.fromEntries(item.inputs.map((input, i) => [input.name ?? String(i), decoded[i]]));
  const selector = toFunctionSelector(item);
  const base = { kind: "known" as const, target: checksummed, selector, signature: signatureOf(item), functionName: item.name, args };

  if (item.name === "callRemote" || item.name === "callRemoteWithOverrides") {
    const destinationDomain = Number(args._destination);
    const calls = (args._calls as readonly { to: Hex; value: bigint; data: Hex }[]).map((call): RemoteCallSummary => {
      const to = bytes32ToAddress(call.to);
      // A non-EVM destination's bytes32 target cannot be an address: keep the call raw.
      const summary = to && depth < MAX_DEPTH ? summarizeCall(to, call.data, depth + 1) : raw(to ?? checksummed, call.data);
      return { to: to ?? checksummed, value: call.value, call: summary };
    });
    const text = `on domain ${destinationDomain} through the interchain account: ${calls.map((c) => c.call.text).join("; ")}`;
    return { ...base, remote: { destinationDomain, calls }, text };
  }
  const shown = item.inputs.map((input, i) => `${input.name ?? i}: ${show(decoded[i])}`).join(", ");
  return { ...base, text: `${item.name}(${shown}) on ${checksummed}` };
}
