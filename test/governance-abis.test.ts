import { createRequire } from "node:module";
import { type AbiEvent, decodeEventLog, encodeAbiParameters, type Hex, pad, toEventSelector } from "viem";
import { describe, expect, it } from "vitest";
import { AccessControlAbi, Erc1967Abi, MailboxAdminAbi, MailboxClientAdminAbi, OwnableAbi } from "../abis/Admin";
import { ERC20VotesAbi } from "../abis/ERC20Votes";
import { GovernorAbi, GovernorQuorumAbi } from "../abis/Governor";
import { InterchainAccountRouterAbi, LegacyInterchainAccountRouterAbi } from "../abis/InterchainAccountRouter";
import { TimelockControllerAbi } from "../abis/TimelockController";
import { artifacts } from "../devnet/artifacts";
import { governanceArtifacts } from "../devnet/governance/artifacts";
import { fixtureArtifact } from "../devnet/solc";

/** name, type and indexed of each input, in order: what decides topic0 and the decoding. */
const shape = (event: AbiEvent) => ({
  name: event.name,
  selector: toEventSelector(event),
  inputs: event.inputs.map(({ name, type, indexed }) => ({ name, type, indexed: indexed ?? false })),
});

const eventsOf = (abi: readonly unknown[]) => (abi as AbiEvent[]).filter((item) => item.type === "event");

/** The OpenZeppelin 5.4.0 hardhat artifact's ABI, abstract contracts included. */
const openzeppelinAbi = (name: string) => (createRequire(import.meta.url)(`@openzeppelin/contracts/build/contracts/${name}.json`) as { abi: AbiEvent[] }).abi;

describe("governance abis/ equal the npm artifacts (topic0, field order, types, indexed)", () => {
  const cases = [
    ["Governor (OpenZeppelin 5.4.0)", GovernorAbi, openzeppelinAbi("Governor")],
    ["EraGovernor (compiled here)", GovernorAbi, fixtureArtifact("EraGovernor").abi],
    ["GovernorVotesQuorumFraction (OpenZeppelin 5.4.0)", GovernorQuorumAbi, openzeppelinAbi("GovernorVotesQuorumFraction")],
    ["EraGovernor's quorum fraction (compiled here)", GovernorQuorumAbi, fixtureArtifact("EraGovernor").abi],
    ["ERC20Votes (OpenZeppelin 5.4.0)", ERC20VotesAbi, openzeppelinAbi("ERC20Votes")],
    ["EraToken (compiled here)", ERC20VotesAbi, fixtureArtifact("EraToken").abi],
    ["TimelockController (OpenZeppelin 5.4.0)", TimelockControllerAbi, governanceArtifacts.TimelockController().abi],
    ["IERC1967 (OpenZeppelin 5.4.0)", Erc1967Abi, openzeppelinAbi("IERC1967")],
    ["Ownable2Step (OpenZeppelin 5.4.0)", OwnableAbi, openzeppelinAbi("Ownable2Step")],
    ["AccessControl (OpenZeppelin 5.4.0)", AccessControlAbi, openzeppelinAbi("AccessControl")],
    ["InterchainAccountRouter (@hyperlane-xyz/core 12.1.0)", InterchainAccountRouterAbi, governanceArtifacts.InterchainAccountRouter().abi],
    ["Mailbox (@hyperlane-xyz/core 12.1.0)", [...MailboxAdminAbi, OwnableAbi[0]], artifacts.Mailbox().abi],
    ["HypERC20 (a warp router's setters)", [...MailboxClientAdminAbi, OwnableAbi[0]], artifacts.HypERC20().abi],
    ["InterchainAccountRouter (its own setters)", [...MailboxClientAdminAbi, OwnableAbi[0]], governanceArtifacts.InterchainAccountRouter().abi],
  ] as const;

  for (const [contract, ours, real] of cases) {
    it(`${contract}: every event we decode is the real one`, () => {
      expect(eventsOf(ours).length).toBeGreaterThan(0);
      for (const event of eventsOf(ours)) {
        const match = eventsOf(real).find((e) => toEventSelector(e) === toEventSelector(event));
        expect(match, `${contract}.${event.name} is not in the artifact`).toBeDefined();
        expect(shape(event)).toEqual(shape(match!));
      }
    });
  }

  it("the precompiled proxies emit the ERC-1967 events we decode", () => {
    const proxyEvents = eventsOf(governanceArtifacts.TransparentUpgradeableProxy().abi).map((e) => toEventSelector(e));
    expect(proxyEvents).toEqual(expect.arrayContaining([toEventSelector(Erc1967Abi[0]), toEventSelector(Erc1967Abi[1])]));
    const beaconProxyEvents = eventsOf(openzeppelinAbi("BeaconProxy")).map((e) => toEventSelector(e));
    expect(beaconProxyEvents).toContain(toEventSelector(Erc1967Abi[2]));
  });

  it("Governor: the topic0s are those of protocols.md section 5", () => {
    expect(eventsOf(GovernorAbi).map((e) => toEventSelector(e))).toEqual(
      [
        "ProposalCreated(uint256,address,address[],uint256[],string[],bytes[],uint256,uint256,string)",
        "VoteCast(address,uint256,uint8,uint256,string)",
        "VoteCastWithParams(address,uint256,uint8,uint256,string,bytes)",
        "ProposalQueued(uint256,uint256)",
        "ProposalExecuted(uint256)",
        "ProposalCanceled(uint256)",
      ].map((signature) => toEventSelector(signature)),
    );
  });
});

describe("the interchain account events of core ≤ 7.1.2 decode from hand-built logs", () => {
  const owner = "0x1111111111111111111111111111111111111111";
  const account = "0x2222222222222222222222222222222222222222";
  const ism = "0x3333333333333333333333333333333333333333";
  const router: Hex = pad("0x4444444444444444444444444444444444444444", { size: 32 });

  it("their topic0s are the older signatures, distinct from the current ones", () => {
    const [dispatched, created] = LegacyInterchainAccountRouterAbi;
    expect(toEventSelector(dispatched)).toBe(toEventSelector("RemoteCallDispatched(uint32,address,bytes32,bytes32)"));
    expect(toEventSelector(created)).toBe(toEventSelector("InterchainAccountCreated(uint32,bytes32,address,address)"));
    expect(toEventSelector(dispatched)).not.toBe(toEventSelector(InterchainAccountRouterAbi[0]));
    expect(toEventSelector(created)).not.toBe(toEventSelector(InterchainAccountRouterAbi[1]));
  });

  it("RemoteCallDispatched(uint32 indexed destination, address indexed owner, bytes32 router, bytes32 ism)", () => {
    const log = {
      topics: [toEventSelector("RemoteCallDispatched(uint32,address,bytes32,bytes32)"), pad("0x0385", { size: 32 }), pad(owner, { size: 32 })] as [Hex, ...Hex[]],
      data: encodeAbiParameters([{ type: "bytes32" }, { type: "bytes32" }], [router, pad(ism, { size: 32 })]),
    };
    const decoded = decodeEventLog({ abi: LegacyInterchainAccountRouterAbi, ...log });
    expect(decoded.eventName).toBe("RemoteCallDispatched");
    expect(decoded.args).toEqual({ destination: 901, owner, router, ism: pad(ism, { size: 32 }) });
  });

  it("InterchainAccountCreated(uint32 indexed origin, bytes32 indexed owner, address ism, address account)", () => {
    const log = {
      topics: [toEventSelector("InterchainAccountCreated(uint32,bytes32,address,address)"), pad("0x0384", { size: 32 }), pad(owner, { size: 32 })] as [Hex, ...Hex[]],
      data: encodeAbiParameters([{ type: "address" }, { type: "address" }], [ism, account]),
    };
    const decoded = decodeEventLog({ abi: LegacyInterchainAccountRouterAbi, ...log });
    expect(decoded.eventName).toBe("InterchainAccountCreated");
    expect(decoded.args).toEqual({ origin: 900, owner: pad(owner, { size: 32 }), ism, account });
  });

  it("a current-shape log is not taken for an older one", () => {
    const topics = [toEventSelector(InterchainAccountRouterAbi[1]), pad(account, { size: 32 })] as [Hex, ...Hex[]];
    const data = encodeAbiParameters(
      [{ type: "uint32" }, { type: "bytes32" }, { type: "bytes32" }, { type: "address" }, { type: "bytes32" }],
      [900, router, pad(owner, { size: 32 }), ism, pad("0x00", { size: 32 })],
    );
    expect(() => decodeEventLog({ abi: LegacyInterchainAccountRouterAbi, topics, data })).toThrow();
    expect(decodeEventLog({ abi: InterchainAccountRouterAbi, topics, data }).args).toMatchObject({ account, origin: 900 });
  });
});
