import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type Abi, type AbiEvent, encodeAbiParameters, encodeEventTopics, getAddress, keccak256, parseAbiItem, toBytes, toEventSelector } from "viem";
import { describe, expect, it } from "vitest";
import { ArbitrumBridgeAbi, ArbitrumInboxAbi, ArbitrumOutboxAbi } from "../abis/ArbitrumBridge";
import { ArbitrumGatewayRouterAbi, L1ArbitrumGatewayAbi, L2ArbitrumGatewayAbi } from "../abis/ArbitrumGateway";
import { ArbRetryableTxAbi } from "../abis/ArbRetryableTx";
import { ArbSysAbi } from "../abis/ArbSys";
import { CrossDomainMessengerAbi } from "../abis/CrossDomainMessenger";
import { L2OutputOracleAbi } from "../abis/L2OutputOracle";
import { L2ToL1MessagePasserAbi } from "../abis/L2ToL1MessagePasser";
import { OPContractsManagerAbi } from "../abis/OPContractsManager";
import { OptimismPortalAbi } from "../abis/OptimismPortal";
import { RollupAbi, RollupCreatorAbi } from "../abis/RollupCreator";
import { L1StandardBridgeAbi, L2StandardBridgeAbi } from "../abis/StandardBridge";
import { SystemConfigAbi } from "../abis/SystemConfig";
import { bedrockArtifact, nitroArtifact, tokenBridgeArtifact } from "../devnet/rollups/artifacts";
import { fixtureArtifact } from "../devnet/solc";
import { decodeRollupCreated } from "../src/rollups/rollupCreated";

/** name, type and indexed of each input, in order: what decides topic0 and the decoding. */
const shape = (event: AbiEvent) => ({
  name: event.name,
  selector: toEventSelector(event),
  inputs: event.inputs.map(({ name, type, indexed }) => ({ name, type, indexed: indexed ?? false })),
});
const eventsOf = (abi: readonly unknown[]) => (abi as AbiEvent[]).filter((item) => item.type === "event");
const parsed = (signature: string) => parseAbiItem(`event ${signature}`) as AbiEvent;

/** An interface's ABI (no bytecode, so not an Artifact): read the hardhat JSON as is. */
const interfaceAbi = (pkg: string, file: string): Abi => {
  const root = dirname(createRequire(import.meta.url).resolve(`${pkg}/package.json`));
  return (JSON.parse(readFileSync(join(root, file), "utf8")) as { abi: Abi }).abi;
};

function expectEventsIn(ours: readonly unknown[], real: Abi, label: string) {
  for (const event of eventsOf(ours)) {
    const match = eventsOf(real).find((e) => toEventSelector(e) === toEventSelector(event));
    expect(match, `${label}: ${event.name} is not in the artifact`).toBeDefined();
    expect(shape(event)).toEqual(shape(match as AbiEvent));
  }
}

describe("rollup ABIs equal the npm artifacts' events", () => {
  const cases: [string, readonly unknown[], () => Abi][] = [
    ["RollupCreator 3.2.0 (v3 RollupCreated)", RollupCreatorAbi.slice(0, 1), () => nitroArtifact("v3", "rollup/RollupCreator").abi],
    ["RollupCreator 2.1.3 (v1.1-2 RollupCreated)", RollupCreatorAbi.slice(1, 2), () => nitroArtifact("v2", "rollup/RollupCreator").abi],
    [
      "RollupCreator 1.1.1 (v1.1-2 RollupCreated; the token bridge's own nitro-contracts)",
      RollupCreatorAbi.slice(1, 2),
      () =>
        interfaceAbi(
          "@arbitrum/token-bridge-contracts",
          "node_modules/@arbitrum/nitro-contracts/build/contracts/src/rollup/RollupCreator.sol/RollupCreator.json",
        ),
    ],
    ["RollupAdminLogic 3.2.0", RollupAbi, () => nitroArtifact("v3", "rollup/RollupAdminLogic").abi],
    ["RollupAdminLogic 2.1.3", RollupAbi, () => nitroArtifact("v2", "rollup/RollupAdminLogic").abi],
    ["Bridge 3.2.0", ArbitrumBridgeAbi, () => nitroArtifact("v3", "bridge/Bridge").abi],
    ["Bridge 2.1.3", ArbitrumBridgeAbi, () => nitroArtifact("v2", "bridge/Bridge").abi],
    ["ERC20Bridge 3.2.0", ArbitrumBridgeAbi, () => nitroArtifact("v3", "bridge/ERC20Bridge").abi],
    ["Inbox 3.2.0", ArbitrumInboxAbi, () => nitroArtifact("v3", "bridge/Inbox").abi],
    ["ERC20Inbox 3.2.0", ArbitrumInboxAbi, () => nitroArtifact("v3", "bridge/ERC20Inbox").abi],
    ["Inbox 2.1.3", ArbitrumInboxAbi, () => nitroArtifact("v2", "bridge/Inbox").abi],
    ["Outbox 3.2.0", ArbitrumOutboxAbi, () => nitroArtifact("v3", "bridge/Outbox").abi],
    ["Outbox 2.1.3", ArbitrumOutboxAbi, () => nitroArtifact("v2", "bridge/Outbox").abi],
    ["ArbSys interface 3.2.0", ArbSysAbi, () => interfaceAbi("@arbitrum/nitro-contracts", "build/contracts/src/precompiles/ArbSys.sol/ArbSys.json")],
    ["ArbRetryableTx interface 3.2.0", ArbRetryableTxAbi, () => interfaceAbi("@arbitrum/nitro-contracts", "build/contracts/src/precompiles/ArbRetryableTx.sol/ArbRetryableTx.json")],
    ["L1ERC20Gateway 1.2.5", L1ArbitrumGatewayAbi, () => tokenBridgeArtifact("ethereum/gateway/L1ERC20Gateway").abi],
    ["L2ERC20Gateway 1.2.5", L2ArbitrumGatewayAbi, () => tokenBridgeArtifact("arbitrum/gateway/L2ERC20Gateway").abi],
    ["L1GatewayRouter 1.2.5", ArbitrumGatewayRouterAbi, () => tokenBridgeArtifact("ethereum/gateway/L1GatewayRouter").abi],
    ["L2GatewayRouter 1.2.5", ArbitrumGatewayRouterAbi, () => tokenBridgeArtifact("arbitrum/gateway/L2GatewayRouter").abi],
    ["SystemConfig 0.17.3", SystemConfigAbi, () => bedrockArtifact("SystemConfig").abi],
    ["OptimismPortal 0.17.3", OptimismPortalAbi, () => bedrockArtifact("OptimismPortal").abi],
    ["L2OutputOracle 0.17.3", L2OutputOracleAbi, () => bedrockArtifact("L2OutputOracle").abi],
    ["L1StandardBridge 0.17.3", L1StandardBridgeAbi, () => bedrockArtifact("L1StandardBridge").abi],
    ["L2StandardBridge 0.17.3", L2StandardBridgeAbi, () => bedrockArtifact("L2StandardBridge").abi],
    ["L1CrossDomainMessenger 0.17.3", CrossDomainMessengerAbi, () => bedrockArtifact("L1CrossDomainMessenger").abi],
    ["L2CrossDomainMessenger 0.17.3", CrossDomainMessengerAbi, () => bedrockArtifact("L2CrossDomainMessenger").abi],
    ["L2ToL1MessagePasser 0.17.3", L2ToL1MessagePasserAbi, () => bedrockArtifact("L2ToL1MessagePasser").abi],
  ];
  for (const [label, ours, real] of cases) {
    it(`${label}: every event we decode is the real one (topic0, field order, types, indexed)`, () => {
      expect(eventsOf(ours).length).toBeGreaterThan(0);
      expectEventsIn(ours, real(), label);
    });
  }
});

describe("rollup ABIs have the signatures of protocols.md (sections 3 and 4)", () => {
  const signatures: [string, readonly unknown[]][] = [
    ["RollupCreated(address indexed rollupAddress, address indexed nativeToken, address inboxAddress, address outbox, address rollupEventInbox, address challengeManager, address adminProxy, address sequencerInbox, address bridge, address upgradeExecutor, address validatorWalletCreator)", RollupCreatorAbi],
    ["RollupCreated(address indexed rollupAddress, address indexed nativeToken, address inboxAddress, address outbox, address rollupEventInbox, address challengeManager, address adminProxy, address sequencerInbox, address bridge, address upgradeExecutor, address validatorUtils, address validatorWalletCreator)", RollupCreatorAbi],
    ["RollupCreated(address indexed rollupAddress, address inboxAddress, address outbox, address rollupEventInbox, address challengeManager, address adminProxy, address sequencerInbox, address bridge, address validatorUtils, address validatorWalletCreator)", RollupCreatorAbi],
    ["RollupCreated(address indexed rollupAddress, address inboxAddress, address adminProxy, address sequencerInbox, address bridge)", RollupCreatorAbi],
    ["RollupInitialized(bytes32 machineHash, uint256 chainId)", RollupAbi],
    ["Deployed(uint256 indexed outputVersion, uint256 indexed l2ChainId, address indexed deployer, bytes deployOutput)", OPContractsManagerAbi],
    ["Deployed(uint256 indexed l2ChainId, address indexed deployer, bytes deployOutput)", OPContractsManagerAbi],
    ["ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data)", SystemConfigAbi],
    ["OutputProposed(bytes32 indexed outputRoot, uint256 indexed l2OutputIndex, uint256 indexed l2BlockNumber, uint256 l1Timestamp)", L2OutputOracleAbi],
    ["ETHBridgeInitiated(address indexed from, address indexed to, uint256 amount, bytes extraData)", L1StandardBridgeAbi],
    ["ETHBridgeFinalized(address indexed from, address indexed to, uint256 amount, bytes extraData)", L2StandardBridgeAbi],
    ["ERC20BridgeInitiated(address indexed localToken, address indexed remoteToken, address indexed from, address to, uint256 amount, bytes extraData)", L2StandardBridgeAbi],
    ["ERC20BridgeFinalized(address indexed localToken, address indexed remoteToken, address indexed from, address to, uint256 amount, bytes extraData)", L1StandardBridgeAbi],
    ["TransactionDeposited(address indexed from, address indexed to, uint256 indexed version, bytes opaqueData)", OptimismPortalAbi],
    ["WithdrawalProven(bytes32 indexed withdrawalHash, address indexed from, address indexed to)", OptimismPortalAbi],
    ["WithdrawalFinalized(bytes32 indexed withdrawalHash, bool success)", OptimismPortalAbi],
    ["MessagePassed(uint256 indexed nonce, address indexed sender, address indexed target, uint256 value, uint256 gasLimit, bytes data, bytes32 withdrawalHash)", L2ToL1MessagePasserAbi],
    ["MessageDelivered(uint256 indexed messageIndex, bytes32 indexed beforeInboxAcc, address inbox, uint8 kind, address sender, bytes32 messageDataHash, uint256 baseFeeL1, uint64 timestamp)", ArbitrumBridgeAbi],
    ["InboxMessageDelivered(uint256 indexed messageNum, bytes data)", ArbitrumInboxAbi],
    ["InboxMessageDeliveredFromOrigin(uint256 indexed messageNum)", ArbitrumInboxAbi],
    ["OutBoxTransactionExecuted(address indexed to, address indexed l2Sender, uint256 indexed zero, uint256 transactionIndex)", ArbitrumOutboxAbi],
    ["L2ToL1Tx(address caller, address indexed destination, uint256 indexed hash, uint256 indexed position, uint256 arbBlockNum, uint256 ethBlockNum, uint256 timestamp, uint256 callvalue, bytes data)", ArbSysAbi],
    ["DepositInitiated(address l1Token, address indexed _from, address indexed _to, uint256 indexed _sequenceNumber, uint256 _amount)", L1ArbitrumGatewayAbi],
    ["WithdrawalFinalized(address l1Token, address indexed _from, address indexed _to, uint256 indexed _exitNum, uint256 _amount)", L1ArbitrumGatewayAbi],
    ["DepositFinalized(address indexed l1Token, address indexed _from, address indexed _to, uint256 _amount)", L2ArbitrumGatewayAbi],
    ["WithdrawalInitiated(address l1Token, address indexed _from, address indexed _to, uint256 indexed _l2ToL1Id, uint256 _exitNum, uint256 _amount)", L2ArbitrumGatewayAbi],
  ];
  for (const [signature, abi] of signatures) {
    it(signature.slice(0, signature.indexOf("(")) + ": " + signature.slice(signature.indexOf("(")), () => {
      const expected = shape(parsed(signature));
      const match = eventsOf(abi).find((e) => toEventSelector(e) === expected.selector);
      expect(match, "no event with this topic0").toBeDefined();
      expect(shape(match as AbiEvent)).toEqual(expected);
    });
  }

  it("the RollupCreated and Deployed topic0s are the ones the npm artifacts and the optimism sources give", () => {
    const selectors = eventsOf(RollupCreatorAbi).map((e) => toEventSelector(e).slice(0, 10));
    expect(selectors[0]).toBe("0xd9bfd3bb");
    expect(selectors[1]).toBe("0x481277de");
    // The 5-address one is nitro-contracts 1.0.2's (source only); the 10-address one is from protocols.md.
    expect(selectors[3]).toBe("0x9376ee48");
    expect(toEventSelector(RollupCreatorAbi[2])).toBe(
      keccak256(toBytes("RollupCreated(address,address,address,address,address,address,address,address,address,address)")),
    );
    expect(eventsOf(OPContractsManagerAbi).map((e) => toEventSelector(e).slice(0, 10))).toEqual(["0x9fbdf97c", "0xb40fb113", "0x3305d4d3"]);
  });

  it("OPContractsManager Deployed topic0s are keccak256 of the canonical signatures, computed by hand", () => {
    const byHand = [
      "Deployed(uint256,uint256,address,bytes)",
      "Deployed(uint256,address,bytes)",
      "Deployed(uint256,address)",
    ].map((canonical) => keccak256(toBytes(canonical)));
    expect(eventsOf(OPContractsManagerAbi).map((e) => toEventSelector(e))).toEqual(byHand);
  });
});

describe("fixtures emit the real events byte-exact", () => {
  it("ArbSysPrecompile's L2ToL1Tx is nitro-contracts' ArbSys L2ToL1Tx (and not the token bridge mock's ArbSysL2ToL1Tx)", () => {
    const real = interfaceAbi("@arbitrum/nitro-contracts", "build/contracts/src/precompiles/ArbSys.sol/ArbSys.json");
    const fixtureEvent = eventsOf(fixtureArtifact("ArbSysPrecompile").abi).find((e) => e.name === "L2ToL1Tx") as AbiEvent;
    expect(shape(fixtureEvent)).toEqual(shape(eventsOf(real).find((e) => e.name === "L2ToL1Tx") as AbiEvent));
    const mock = eventsOf(tokenBridgeArtifact("test/ArbSysMock").abi).find((e) => e.name === "ArbSysL2ToL1Tx") as AbiEvent;
    expect(toEventSelector(mock)).not.toBe(toEventSelector(fixtureEvent));
  });

  it("ArbSysPrecompile has every function the real ArbSys interface declares, with the same selectors", () => {
    const real = interfaceAbi("@arbitrum/nitro-contracts", "build/contracts/src/precompiles/ArbSys.sol/ArbSys.json");
    const signatures = (abi: Abi): string[] =>
      abi.flatMap((item) => (item.type === "function" ? [`${item.name}(${item.inputs.map((i) => i.type).join(",")})`] : []));
    const ours = new Set(signatures(fixtureArtifact("ArbSysPrecompile").abi));
    for (const signature of signatures(real)) expect(ours.has(signature), signature).toBe(true);
  });

  it("ArbRetryableTxPrecompile's events are every event of nitro-contracts' ArbRetryableTx interface, byte-exact", () => {
    const real = interfaceAbi("@arbitrum/nitro-contracts", "build/contracts/src/precompiles/ArbRetryableTx.sol/ArbRetryableTx.json");
    const byName = (abi: readonly unknown[]) => eventsOf(abi).map(shape).sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(fixtureArtifact("ArbRetryableTxPrecompile").abi)).toEqual(byName(real));
    // The two the indexer reads, by the canonical signatures protocols.md gives.
    expect(toEventSelector(ArbRetryableTxAbi[0] as AbiEvent)).toBe(keccak256(toBytes("TicketCreated(bytes32)")));
    expect(toEventSelector(ArbRetryableTxAbi[1] as AbiEvent)).toBe(keccak256(toBytes("RedeemScheduled(bytes32,bytes32,uint64,uint64,address,uint256,uint256)")));
  });

  it("the OPContractsManager fixtures' Deployed events are the two variants of abis/OPContractsManager", () => {
    expect(eventsOf(fixtureArtifact("OPContractsManager2024").abi).map(shape)).toEqual([shape(OPContractsManagerAbi[0] as AbiEvent)]);
    expect(eventsOf(fixtureArtifact("OPContractsManager2025").abi).map(shape)).toEqual([shape(OPContractsManagerAbi[1] as AbiEvent)]);
  });
});

describe("older RollupCreated variants decode from hand-built logs", () => {
  const a = (n: number) => getAddress(`0x${n.toString(16).padStart(40, "0")}`);
  const addressParams = (names: string[]) => names.map((name) => ({ name, type: "address" }));

  it("v1.0 (10 addresses, no native token): every address lands in its field, nativeToken is ETH", () => {
    const event = RollupCreatorAbi[2];
    const data = ["inboxAddress", "outbox", "rollupEventInbox", "challengeManager", "adminProxy", "sequencerInbox", "bridge", "validatorUtils", "validatorWalletCreator"];
    const log = {
      topics: encodeEventTopics({ abi: [event], eventName: "RollupCreated", args: { rollupAddress: a(1) } } as never) as `0x${string}`[],
      data: encodeAbiParameters(addressParams(data), data.map((_, i) => a(i + 2))),
    };
    const decoded = decodeRollupCreated(log);
    expect(decoded).toMatchObject({
      ok: true,
      variant: "v1.0",
      rollup: a(1),
      nativeToken: a(0),
      inbox: a(2),
      outbox: a(3),
      rollupEventInbox: a(4),
      challengeManager: a(5),
      adminProxy: a(6),
      sequencerInbox: a(7),
      bridge: a(8),
      validatorUtils: a(9),
      validatorWalletCreator: a(10),
      upgradeExecutor: null,
    });
  });

  it("oldest (5 addresses): the four it carries, nulls for the rest", () => {
    const event = RollupCreatorAbi[3];
    const log = {
      topics: encodeEventTopics({ abi: [event], eventName: "RollupCreated", args: { rollupAddress: a(11) } } as never) as `0x${string}`[],
      data: encodeAbiParameters(addressParams(["inboxAddress", "adminProxy", "sequencerInbox", "bridge"]), [a(12), a(13), a(14), a(15)]),
    };
    expect(decodeRollupCreated(log)).toEqual({
      ok: true,
      variant: "oldest",
      rollup: a(11),
      nativeToken: a(0),
      inbox: a(12),
      outbox: null,
      rollupEventInbox: null,
      challengeManager: null,
      adminProxy: a(13),
      sequencerInbox: a(14),
      bridge: a(15),
      upgradeExecutor: null,
      validatorUtils: null,
      validatorWalletCreator: null,
    });
  });

  it("a log of another event, or RollupCreated data cut short, is an error, not a guess", () => {
    const event = RollupCreatorAbi[3];
    const topics = encodeEventTopics({ abi: [event], eventName: "RollupCreated", args: { rollupAddress: a(11) } } as never) as `0x${string}`[];
    expect(decodeRollupCreated({ topics, data: "0x1234" }).ok).toBe(false);
    expect(decodeRollupCreated({ topics: [toEventSelector(RollupAbi[0])], data: "0x" })).toMatchObject({ ok: false });
  });
});
