import { type AbiEvent, parseAbiItem, toEventSelector } from "viem";
import { describe, expect, it } from "vitest";
import { InterchainGasPaymasterAbi } from "../abis/InterchainGasPaymaster";
import { MailboxAbi } from "../abis/Mailbox";
import { ERC20Abi } from "../abis/ERC20";
import { MerkleTreeHookAbi } from "../abis/MerkleTreeHook";
import { MetaERC20Abi } from "../abis/MetaERC20";
import { WarpRouterAbi } from "../abis/WarpRouter";
import { artifacts } from "../devnet/artifacts";

/** name, type and indexed of each input, in order: what decides topic0 and the decoding. */
const shape = (event: AbiEvent) => ({
  name: event.name,
  selector: toEventSelector(event),
  inputs: event.inputs.map(({ name, type, indexed }) => ({ name, type, indexed: indexed ?? false })),
});

const eventsOf = (abi: readonly unknown[]) => (abi as AbiEvent[]).filter((item) => item.type === "event");

describe("abis/ equal the @hyperlane-xyz/core artifacts", () => {
  const cases = [
    ["Mailbox", MailboxAbi, artifacts.Mailbox().abi],
    ["InterchainGasPaymaster", InterchainGasPaymasterAbi.slice(0, 1), artifacts.InterchainGasPaymaster().abi],
    ["MerkleTreeHook", MerkleTreeHookAbi, artifacts.MerkleTreeHook().abi],
    ["HypERC20 (warp router)", WarpRouterAbi, artifacts.HypERC20().abi],
    ["HypERC20Collateral (warp router)", WarpRouterAbi, artifacts.HypERC20Collateral().abi],
    ["HypNative (warp router)", WarpRouterAbi, artifacts.HypNative().abi],
    ["HypERC20 (synthetic token)", ERC20Abi, artifacts.HypERC20().abi],
  ] as const;

  for (const [contract, ours, real] of cases) {
    it(`${contract}: every event we decode is the real one (topic0, field order, types, indexed)`, () => {
      for (const event of eventsOf(ours)) {
        const match = eventsOf(real).find((e) => toEventSelector(e) === toEventSelector(event));
        expect(match, `${contract}.${event.name} is not in the artifact`).toBeDefined();
        expect(shape(event)).toEqual(shape(match!));
      }
    });
  }

  it("Mailbox: the four messaging events have the signatures of docs/protocols.md", () => {
    expect(eventsOf(MailboxAbi).map((e) => toEventSelector(e))).toEqual([
      toEventSelector("Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)"),
      toEventSelector("DispatchId(bytes32 indexed messageId)"),
      toEventSelector("Process(uint32 indexed origin, bytes32 indexed sender, address indexed recipient)"),
      toEventSelector("ProcessId(bytes32 indexed messageId)"),
    ]);
  });

  it("InterchainGasPaymaster: the legacy GasPayment (no destination) is the older IGP's signature", () => {
    // No npm package ships the legacy IGP: compare with the signature in docs/protocols.md.
    expect(toEventSelector(InterchainGasPaymasterAbi[1])).toBe(
      toEventSelector("GasPayment(bytes32 indexed messageId, uint256 gasAmount, uint256 payment)"),
    );
    expect(toEventSelector(InterchainGasPaymasterAbi[1])).not.toBe(toEventSelector(InterchainGasPaymasterAbi[0]));
  });
});

describe("abis/MetaERC20 equals the signatures of docs/protocols.md (no package ships the contracts)", () => {
  const signatures = [
    "MetaERC20Dispatch(bytes32 indexed transferId, uint32 originDomain, bytes32 indexed senderAddress, uint32 indexed recipientDomain, bytes32 recipientAddress, uint256 amount, uint8 sourceDecimals, uint8 messageType, uint8 metaERC20Version, uint8 finality, uint256 gasLimit, bytes32 sourceTokenAddress, bytes32 destinationTokenAddress)",
    "MetaERC20Received(bytes32 indexed transferId, uint32 indexed originDomain, bytes32 senderAddress, uint32 recipientDomain, bytes32 indexed recipientAddress, uint256 amount, uint8 sourceDecimals, uint8 messageType, uint8 metaERC20Version, bytes32 sourceTokenAddress, bytes32 destinationTokenAddress)",
    "MetaERC20UnhandledMessage(bytes32 indexed transferId, uint32 indexed originDomain, bytes32 senderAddress, uint32 recipientDomain, address indexed recipientAddress, uint256 amount, uint8 sourceDecimals, uint8 messageType, uint8 metaERC20Version)",
    "SecurityRelayBuffered(bytes32 indexed transferId, uint32 originDomain, bytes32 sender, address recipient, uint256 amount, uint8 sourceDecimals, uint8 version)",
    "SecurityRelayReleased(bytes32 indexed transferId, uint256 releaseTimestamp, uint32 indexed recipientDomain, address indexed recipient, uint256 amount)",
    "TransferExpired(bytes32 indexed transferId)",
    "MetaERC20AdminUnlock(bytes32 indexed transferId, address indexed adminAddress, address recipientAddress)",
    "MetaERC20AdminReissue(bytes32 indexed transferId, address indexed adminAddress, address recipientAddress)",
  ];
  it("every event: the same topic0, field order, types and indexed flags", () => {
    const ours = eventsOf(MetaERC20Abi).map(shape);
    const expected = signatures.map((s) => shape(parseAbiItem(`event ${s}`) as AbiEvent));
    expect(ours).toEqual(expected);
  });
});
