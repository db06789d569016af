import { type Address, encodeAbiParameters, encodePacked, erc20Abi as erc20ApproveAbi, getAddress, type Hex, keccak256, parseEventLogs, toHex, type TransactionReceipt, zeroAddress } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ArbitrumBridgeAbi, ArbitrumInboxAbi } from "../abis/ArbitrumBridge";
import { ArbSysAbi } from "../abis/ArbSys";
import { CrossDomainMessengerAbi } from "../abis/CrossDomainMessenger";
import { L2ToL1MessagePasserAbi } from "../abis/L2ToL1MessagePasser";
import { OPContractsManagerAbi } from "../abis/OPContractsManager";
import { OptimismPortalAbi } from "../abis/OptimismPortal";
import { RollupAbi } from "../abis/RollupCreator";
import { SystemConfigAbi } from "../abis/SystemConfig";
import { type Anvil, startAnvil } from "../devnet/anvil";
import { type ChainClients, connect } from "../devnet/clients";
import { bedrockArtifact, nitroArtifact } from "../devnet/rollups/artifacts";
import { call } from "../devnet/rollups/call";
import { deployOpcm, recordInOpcm } from "../devnet/rollups/opcm";
import { deployOpStackL1, installOpPredeploys, type OpStackRollup, opPredeploys } from "../devnet/rollups/opstack";
import { createOrbitRollup, deployOrbitCreatorV2, deployOrbitCreatorV3, deployStakeToken, type OrbitRollup } from "../devnet/rollups/orbit";
import { opDepositsIn, relayOpDeposit } from "../devnet/rollups/relayOp";
import { ARB_SYS, installArbitrumPrecompiles } from "../devnet/rollups/relayOrbit";
import { fixtureArtifact } from "../devnet/solc";
import { readOrbitRollup, readSystemConfig } from "../devnet/rollups/truth";
import { decodeDepositOpaqueData } from "../src/rollups/depositTransaction";
import { decodeInboxMessage } from "../src/rollups/inboxMessage";
import { decodeBridgeCall, decodeRelayMessage, messageFunds } from "../src/rollups/opMessage";
import { artifacts } from "../devnet/artifacts";
import { deployContract } from "../devnet/transact";
import { L1StandardBridgeAbi } from "../abis/StandardBridge";
import { decodeDeployOutput } from "../src/rollups/opcm";
import { hashCrossDomainMessage, hashWithdrawal, UnknownMessageVersionError } from "../src/rollups/opHashes";
import { decodeRollupCreated } from "../src/rollups/rollupCreated";
import { retryableTicketId } from "../src/rollups/retryable";
import { ORBIT_ROLLUP_CREATORS } from "../src/rollups/presets";
import { parseManifest } from "../src/network/manifest";
import { presetManifest, registryPackage } from "../src/network/presets";
import { decodeConfigUpdate } from "../src/rollups/systemConfig";

/**
 * The decoders against the real contracts: vectors are receipts of nitro-contracts and
 * contracts-bedrock running on anvil, checked against the contracts' own views and the
 * arguments the test sent; malformed input against hand-cut data.
 */

let anvils: Anvil[] = [];
let parent: ChainClients;
let rollup: ChainClients;
let orbitV3: OrbitRollup;
let orbitV2: OrbitRollup;
let op: OpStackRollup;
const SENDER = 2;

const receiptOf = (hash: Hex) => parent.publicClient.getTransactionReceipt({ hash });

beforeAll(async () => {
  anvils = await Promise.all([startAnvil({ chainId: 31_337_900 }), startAnvil({ chainId: 31_337_901 })]);
  parent = connect(anvils[0] as Anvil);
  rollup = connect(anvils[1] as Anvil);
  const stakeToken = await deployStakeToken(parent);
  orbitV3 = await createOrbitRollup(parent, await deployOrbitCreatorV3(parent), { chainId: 31_337_902, stakeToken });
  orbitV2 = await createOrbitRollup(parent, await deployOrbitCreatorV2(parent), { chainId: 31_337_903, stakeToken: zeroAddress });
  op = await deployOpStackL1(parent, rollup, { chainId: 31_337_901 });
  await installOpPredeploys(rollup, op);
});

afterAll(async () => {
  await Promise.all(anvils.map((anvil) => anvil.stop()));
});

describe("decodeRollupCreated on createRollup receipts", () => {
  for (const [label, version] of [
    ["3.2.0", "v3"],
    ["2.1.3", "v1.1-2"],
  ] as const) {
    it(`${label}: the addresses are the rollup contract's own wiring, and RollupInitialized names the L2 chain id`, async () => {
      const created = label === "3.2.0" ? orbitV3 : orbitV2;
      const receipt = await receiptOf(created.creationTx);
      const log = receipt.logs.find((l) => decodeRollupCreated(l).ok);
      const decoded = decodeRollupCreated(log as never);
      if (!decoded.ok) throw new Error(decoded.error);
      expect(decoded.variant).toBe(version);
      const wiring = await readOrbitRollup(parent, decoded);
      expect(decoded).toMatchObject({
        bridge: wiring.bridge,
        inbox: wiring.inbox,
        outbox: wiring.outbox,
        sequencerInbox: wiring.sequencerInbox,
        rollupEventInbox: wiring.rollupEventInbox,
        challengeManager: wiring.challengeManager,
        nativeToken: zeroAddress,
      });
      expect(decoded.validatorUtils === null).toBe(version === "v3");
      const [initialized] = parseEventLogs({ abi: RollupAbi, logs: receipt.logs.filter((l) => getAddress(l.address) === decoded.rollup) });
      expect(initialized?.args.chainId).toBe(wiring.chainId);
      expect(wiring.chainId).toBe(BigInt(created.chainId));
    });
  }
});

const configUpdates = (receipt: TransactionReceipt) =>
  parseEventLogs({ abi: SystemConfigAbi, logs: receipt.logs.filter((l) => getAddress(l.address) === op.systemConfig) }).map((e) => decodeConfigUpdate(e.args.updateType, e.args.data));

describe("decodeConfigUpdate on SystemConfig receipts (0.17.3)", () => {
  it("initialize's three updates (batcher, Ecotone fee scalars, gas limit) equal the views", async () => {
    const logs = await parent.publicClient.getLogs({ address: op.systemConfig, fromBlock: BigInt(op.systemConfigInitBlock), toBlock: BigInt(op.systemConfigInitBlock) });
    const decoded = parseEventLogs({ abi: SystemConfigAbi, logs }).map((e) => decodeConfigUpdate(e.args.updateType, e.args.data));
    const views = await readSystemConfig(parent, op);
    expect(decoded).toEqual([
      { ok: true, type: "batcher", batcherHash: views.batcherHash, batcher: getAddress(`0x${views.batcherHash.slice(26)}`) },
      {
        ok: true,
        type: "feeScalars",
        overhead: views.overhead,
        scalar: views.scalar,
        scalarVersion: 1,
        baseFeeScalar: views.basefeeScalar,
        blobBaseFeeScalar: views.blobbasefeeScalar,
      },
      { ok: true, type: "gasLimit", gasLimit: views.gasLimit },
    ]);
  });

  it("setUnsafeBlockSigner, setGasLimit, pre-Ecotone setGasConfig and setBatcherHash equal the views after each", async () => {
    const abi = bedrockArtifact("SystemConfig").abi;
    const signer = getAddress("0x00000000000000000000000000000000000a11ce");
    const signerUpdate = configUpdates(await call(parent, 0, op.systemConfig, abi, "setUnsafeBlockSigner", [signer]));
    expect(signerUpdate).toEqual([{ ok: true, type: "unsafeBlockSigner", unsafeBlockSigner: (await readSystemConfig(parent, op)).unsafeBlockSigner }]);
    expect(signerUpdate[0]).toMatchObject({ unsafeBlockSigner: signer });

    const gasUpdate = configUpdates(await call(parent, 0, op.systemConfig, abi, "setGasLimit", [45_000_000n]));
    expect(gasUpdate).toEqual([{ ok: true, type: "gasLimit", gasLimit: (await readSystemConfig(parent, op)).gasLimit }]);

    const legacy = configUpdates(await call(parent, 0, op.systemConfig, abi, "setGasConfig", [2100n, 1_000_000n]));
    const afterLegacy = await readSystemConfig(parent, op);
    expect(legacy).toEqual([{ ok: true, type: "feeScalars", overhead: afterLegacy.overhead, scalar: afterLegacy.scalar, scalarVersion: 0, baseFeeScalar: null, blobBaseFeeScalar: null }]);

    const batcherHash = encodeAbiParameters([{ type: "address" }], ["0x00000000000000000000000000000000000B0b00"]);
    const batcher = configUpdates(await call(parent, 0, op.systemConfig, abi, "setBatcherHash", [batcherHash]));
    expect(batcher[0]).toMatchObject({ type: "batcher", batcherHash: (await readSystemConfig(parent, op)).batcherHash, batcher: "0x00000000000000000000000000000000000B0b00" });
  });

  it("types 4 and 5 (later releases) decode from data packed as protocols.md states", () => {
    const word = (value: bigint) => encodeAbiParameters([{ type: "uint256" }], [value]);
    expect(decodeConfigUpdate(4, word((250n << 32n) | 6n))).toEqual({ ok: true, type: "eip1559Params", denominator: 250, elasticity: 6 });
    expect(decodeConfigUpdate(5, word((7_000n << 64n) | 123_456_789n))).toEqual({ ok: true, type: "operatorFeeParams", operatorFeeScalar: 7000, operatorFeeConstant: 123_456_789n });
  });

  it("an unknown type or data shorter than its words is an error that says which", () => {
    expect(decodeConfigUpdate(6, "0x")).toMatchObject({ ok: false, updateType: 6, error: expect.stringContaining("unknown ConfigUpdate type 6") });
    expect(decodeConfigUpdate(1, encodeAbiParameters([{ type: "uint256" }], [1n]))).toMatchObject({ ok: false, error: expect.stringContaining("32 bytes, expected 64") });
    expect(decodeConfigUpdate(0, "0x1234")).toMatchObject({ ok: false, updateType: 0 });
  });
});

describe("decodeDepositOpaqueData on TransactionDeposited", () => {
  it("a direct depositTransaction: mint, value, gas limit, creation flag and data are what was sent", async () => {
    const args = { to: getAddress("0x00000000000000000000000000000000000DeA10"), value: 12_345n, gasLimit: 150_000n, data: "0xdeadbeef" as Hex };
    const receipt = await call(parent, SENDER, op.optimismPortal, bedrockArtifact("OptimismPortal").abi, "depositTransaction", [args.to, args.value, args.gasLimit, false, args.data], 10n ** 15n);
    const [deposited] = parseEventLogs({ abi: OptimismPortalAbi, logs: receipt.logs, eventName: "TransactionDeposited" });
    expect(deposited?.args.to).toBe(args.to);
    expect(decodeDepositOpaqueData(deposited?.args.opaqueData as Hex)).toEqual({ ok: true, mint: 10n ** 15n, value: args.value, gasLimit: args.gasLimit, isCreation: false, data: args.data });
  });

  it("short opaqueData and a creation byte other than 0 or 1 are errors", () => {
    expect(decodeDepositOpaqueData("0x00")).toMatchObject({ ok: false, error: expect.stringContaining("shorter than the 73-byte header") });
    const bad = encodePacked(["uint256", "uint256", "uint64", "uint8"], [1n, 2n, 3n, 2]);
    expect(decodeDepositOpaqueData(bad)).toMatchObject({ ok: false, error: expect.stringContaining("isCreation byte is 2") });
    expect(decodeDepositOpaqueData(encodePacked(["uint256", "uint256", "uint64", "bool"], [1n, 2n, 3n, true]))).toEqual({ ok: true, mint: 1n, value: 2n, gasLimit: 3n, isCreation: true, data: "0x" });
  });
});

describe("OP Stack hashes", () => {
  it("hashWithdrawal equals MessagePassed.withdrawalHash and the message passer's sentMessages key", async () => {
    const receipt = await call(rollup, SENDER, opPredeploys.L2ToL1MessagePasser, bedrockArtifact("L2ToL1MessagePasser").abi, "initiateWithdrawal", [getAddress("0x0000000000000000000000000000000000000B0B"), 100_000n, "0xc0ffee"], 777n);
    const [passed] = parseEventLogs({ abi: L2ToL1MessagePasserAbi, logs: receipt.logs });
    const a = passed?.args as NonNullable<typeof passed>["args"];
    const hash = hashWithdrawal({ nonce: a.nonce, sender: a.sender, target: a.target, value: a.value, gasLimit: a.gasLimit, data: a.data });
    expect(hash).toBe(a.withdrawalHash);
    expect(await rollup.publicClient.readContract({ address: opPredeploys.L2ToL1MessagePasser, abi: bedrockArtifact("L2ToL1MessagePasser").abi, functionName: "sentMessages", args: [hash] })).toBe(true);
  });

  it("hashCrossDomainMessage of an L1 SentMessage equals the msgHash of the RelayedMessage on L2", async () => {
    const sent = await call(parent, SENDER, op.l1StandardBridge, bedrockArtifact("L1StandardBridge").abi, "depositETH", [200_000, "0x"], 10n ** 16n);
    const [deposit] = opDepositsIn(sent.logs, op.l1CrossDomainMessenger);
    if (!deposit) throw new Error("no SentMessage");
    const relayed = await relayOpDeposit(rollup, op, deposit);
    const [event] = parseEventLogs({ abi: CrossDomainMessengerAbi, logs: relayed.logs, eventName: "RelayedMessage" });
    expect(hashCrossDomainMessage({ ...deposit, minGasLimit: deposit.gasLimit })).toBe(event?.args.msgHash);
  });

  it("a deposit's TransactionDeposited data is the L2 messenger's relayMessage: its keccak is the RelayedMessage msgHash, its funds the bridge's event", async () => {
    const bridgeAbi = bedrockArtifact("L1StandardBridge").abi;
    const sent = await call(parent, SENDER, op.l1StandardBridge, bridgeAbi, "depositETH", [200_000, "0x"], 3n * 10n ** 15n);
    const [deposited] = parseEventLogs({ abi: OptimismPortalAbi, logs: sent.logs, eventName: "TransactionDeposited" });
    const tx = decodeDepositOpaqueData(deposited!.args.opaqueData);
    if (!tx.ok) throw new Error(tx.error);
    const relay = decodeRelayMessage(tx.data)!;
    const [deposit] = opDepositsIn(sent.logs, op.l1CrossDomainMessenger);
    const relayed = await relayOpDeposit(rollup, op, deposit!);
    const [event] = parseEventLogs({ abi: CrossDomainMessengerAbi, logs: relayed.logs, eventName: "RelayedMessage" });
    expect(keccak256(tx.data)).toBe(event?.args.msgHash);
    const [eth] = parseEventLogs({ abi: L1StandardBridgeAbi, logs: sent.logs, eventName: "ETHBridgeInitiated" });
    expect(messageFunds(relay, "deposit")).toEqual({ token: zeroAddress, l2Token: null, from: eth!.args.from, to: eth!.args.to, amount: eth!.args.amount });

    // An ERC20: the L1 bridge escrows it and names both tokens; the finalizing side's is `local`.
    const { address: token } = await deployContract(parent, SENDER, artifacts.ERC20Test(), ["Vector", "VEC", 10n ** 24n, 18]);
    const remote = getAddress("0x00000000000000000000000000000000000Fee11");
    await call(parent, SENDER, token, erc20ApproveAbi, "approve", [op.l1StandardBridge, 5n]);
    const erc20Sent = await call(parent, SENDER, op.l1StandardBridge, bridgeAbi, "depositERC20", [token, remote, 5n, 200_000, "0x"]);
    const [erc20Deposited] = parseEventLogs({ abi: OptimismPortalAbi, logs: erc20Sent.logs, eventName: "TransactionDeposited" });
    const erc20Tx = decodeDepositOpaqueData(erc20Deposited!.args.opaqueData);
    const [initiated] = parseEventLogs({ abi: L1StandardBridgeAbi, logs: erc20Sent.logs, eventName: "ERC20BridgeInitiated" });
    const a = initiated!.args;
    expect(messageFunds(decodeRelayMessage((erc20Tx as { data: Hex }).data)!, "deposit")).toEqual({ token: a.localToken, l2Token: a.remoteToken, from: a.from, to: a.to, amount: a.amount });
  });

  it("a withdrawal's MessagePassed data is the L1 messenger's relayMessage, whose message the L2 bridge's ERC20 withdrawal names", async () => {
    const receipt = await call(rollup, SENDER, opPredeploys.L2ToL1MessagePasser, bedrockArtifact("L2ToL1MessagePasser").abi, "initiateWithdrawal", [getAddress("0x0000000000000000000000000000000000000B0B"), 100_000n, "0xc0ffee"], 777n);
    const [passed] = parseEventLogs({ abi: L2ToL1MessagePasserAbi, logs: receipt.logs });
    // Not a messenger's: no relayMessage in it.
    expect(decodeRelayMessage(passed!.args.data)).toBeUndefined();
    expect(decodeBridgeCall("0xc0ffee")).toBeUndefined();
  });

  it("a nonce of an unknown version is refused, not hashed", () => {
    const m = { nonce: 2n << 240n, sender: zeroAddress, target: zeroAddress, value: 0n, minGasLimit: 0n, message: "0x" as Hex };
    expect(() => hashCrossDomainMessage(m)).toThrow(UnknownMessageVersionError);
  });
});

describe("decodeInboxMessage on Inbox receipts (3.2.0)", () => {
  const inboxAbi = () => nitroArtifact("v3", "bridge/Inbox").abi;
  const delivered = (receipt: TransactionReceipt) => {
    const [inbox] = parseEventLogs({ abi: ArbitrumInboxAbi, logs: receipt.logs, eventName: "InboxMessageDelivered" });
    const [bridge] = parseEventLogs({ abi: ArbitrumBridgeAbi, logs: receipt.logs, eventName: "MessageDelivered" });
    if (!inbox || !bridge) throw new Error("no delivery");
    // The Bridge commits to the data the Inbox emitted: the join is sound.
    expect(bridge.args.messageDataHash).toBe(keccak256(inbox.args.data));
    expect(bridge.args.messageIndex).toBe(inbox.args.messageNum);
    return { kind: bridge.args.kind, data: inbox.args.data };
  };
  const user = () => parent.walletClient(SENDER).account.address;

  it("depositEth (kind 12): the recipient and the amount sent", async () => {
    const { kind, data } = delivered(await call(parent, SENDER, orbitV3.inbox, inboxAbi(), "depositEth", [], 5n * 10n ** 15n));
    expect(kind).toBe(12);
    expect(decodeInboxMessage(kind, data)).toEqual({ ok: true, kind: "ethDeposit", to: user(), amount: 5n * 10n ** 15n });
  });

  it("createRetryableTicket (kind 9): every field as sent, the calldata intact", async () => {
    const args = {
      to: getAddress("0x0000000000000000000000000000000000001234"),
      l2CallValue: 3n,
      maxSubmissionCost: 10n ** 14n,
      excessFeeRefundAddress: getAddress("0x0000000000000000000000000000000000005678"),
      callValueRefundAddress: getAddress("0x0000000000000000000000000000000000009abc"),
      gasLimit: 100_000n,
      maxFeePerGas: 2_000_000_000n,
      data: "0x0102030405" as Hex,
    };
    const value = args.maxSubmissionCost + args.l2CallValue + args.gasLimit * args.maxFeePerGas;
    const receipt = await call(parent, SENDER, orbitV3.inbox, inboxAbi(), "createRetryableTicket", Object.values(args), value);
    const { kind, data } = delivered(receipt);
    expect(kind).toBe(9);
    // The Inbox aliases refund addresses only when they are contracts: these are not.
    expect(decodeInboxMessage(kind, data)).toEqual({ ok: true, kind: "retryable", deposit: value, ...args });
  });

  it("sendL1FundedContractTransaction and sendL1FundedUnsignedTransaction (kind 7)", async () => {
    const to = getAddress("0x0000000000000000000000000000000000004321");
    const contractTx = delivered(await call(parent, SENDER, orbitV3.inbox, inboxAbi(), "sendL1FundedContractTransaction", [90_000n, 1_000_000_000n, to, "0xaa"], 11n));
    expect(decodeInboxMessage(contractTx.kind, contractTx.data)).toEqual({ ok: true, kind: "l2FundedByL1", transaction: "unsignedContractTx", gasLimit: 90_000n, maxFeePerGas: 1_000_000_000n, nonce: null, to, value: 11n, data: "0xaa" });
    const eoaTx = delivered(await call(parent, SENDER, orbitV3.inbox, inboxAbi(), "sendL1FundedUnsignedTransaction", [80_000n, 1_000_000_000n, 5n, to, "0x"], 12n));
    expect(decodeInboxMessage(eoaTx.kind, eoaTx.data)).toEqual({ ok: true, kind: "l2FundedByL1", transaction: "unsignedEOATx", gasLimit: 80_000n, maxFeePerGas: 1_000_000_000n, nonce: 5n, to, value: 12n, data: "0x" });
  });

  it("short data, a calldata length past the end and unknown kinds are errors", () => {
    expect(decodeInboxMessage(12, "0x1234")).toMatchObject({ ok: false, kind: 12, error: expect.stringContaining("shorter than 52") });
    const nineWords = encodeAbiParameters(Array.from({ length: 9 }, () => ({ type: "uint256" })), [1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 64n]);
    expect(decodeInboxMessage(9, nineWords)).toMatchObject({ ok: false, error: expect.stringContaining("runs past") });
    expect(decodeInboxMessage(7, "0x05")).toMatchObject({ ok: false, error: expect.stringContaining("unknown L2 message type 5") });
    expect(decodeInboxMessage(13, "0x")).toMatchObject({ ok: false, kind: 13 });
  });
});

describe("the ArbSys fixture at 0x64", () => {
  it("withdrawEth emits L2ToL1Tx whose hash is the Outbox's item hash of the send, at consecutive positions", async () => {
    await installArbitrumPrecompiles(rollup);
    const abi = fixtureArtifact("ArbSysPrecompile").abi;
    const destination = getAddress("0x000000000000000000000000000000000000d00d");
    const sends = [];
    for (const value of [5n, 6n]) {
      const receipt = await call(rollup, SENDER, ARB_SYS, abi, "withdrawEth", [destination], value);
      const [event] = parseEventLogs({ abi: ArbSysAbi, logs: receipt.logs, eventName: "L2ToL1Tx" });
      sends.push(event?.args as NonNullable<typeof event>["args"]);
    }
    for (const send of sends) {
      const item = await parent.publicClient.readContract({
        address: orbitV3.outbox,
        abi: nitroArtifact("v3", "bridge/Outbox").abi,
        functionName: "calculateItemHash",
        args: [send.caller, send.destination, send.arbBlockNum, send.ethBlockNum, send.timestamp, send.callvalue, send.data],
      });
      expect(toHex(send.hash, { size: 32 })).toBe(item);
      expect(send.caller).toBe(rollup.walletClient(SENDER).account.address);
    }
    expect(sends.map((s) => s.position)).toEqual([sends[0]!.position, sends[0]!.position + 1n]);
    expect(sends.map((s) => s.callvalue)).toEqual([5n, 6n]);
  });
});

describe("decodeDeployOutput on the OPContractsManager fixtures' Deployed", () => {
  for (const variant of ["2024", "2025"] as const) {
    it(`${variant}: the recorded chain's contracts in their fields, zero for the parts it lacks`, async () => {
      const opcm = await deployOpcm(parent, variant);
      const record = await recordInOpcm(parent, opcm, op);
      const receipt = await receiptOf(record.tx);
      const [deployed] = parseEventLogs({ abi: OPContractsManagerAbi, logs: receipt.logs });
      const args = deployed?.args as { l2ChainId: bigint; deployer: Address; deployOutput: Hex };
      expect(args.l2ChainId).toBe(BigInt(op.chainId));
      expect(args.deployer).toBe(parent.walletClient(0).account.address);
      const decoded = decodeDeployOutput(variant, args.deployOutput);
      expect(decoded).toMatchObject({
        ok: true,
        variant,
        opChainProxyAdmin: op.proxyAdmin,
        systemConfigProxy: op.systemConfig,
        l1StandardBridgeProxy: op.l1StandardBridge,
        l1CrossDomainMessengerProxy: op.l1CrossDomainMessenger,
        optimismPortalProxy: op.optimismPortal,
        disputeGameFactoryProxy: zeroAddress,
      });
      // The SystemConfig the output names is the one whose views say it is this chain's.
      expect((await readSystemConfig(parent, { systemConfig: (decoded as { systemConfigProxy: Address }).systemConfigProxy })).gasLimit).toBeGreaterThan(0n);
    });
  }

  it("a deployOutput of the wrong length or with a non-address word is an error", () => {
    expect(decodeDeployOutput("2025", "0x00")).toMatchObject({ ok: false, error: expect.stringContaining("expected 480") });
    const words = encodeAbiParameters(Array.from({ length: 15 }, () => ({ type: "uint256" })), [1n << 200n, ...Array.from({ length: 14 }, () => 0n)]);
    expect(decodeDeployOutput("2024", words)).toMatchObject({ ok: false, error: expect.stringContaining("opChainProxyAdmin") });
  });
});

describe("retryableTicketId", () => {
  // Arbitrum One (42161), parent tx 0x00000a61331187be51ab9ae792d74f601a5a21fb112f5b9ac5bccb23d4d5aaba
  // (Ethereum block 15500657): its Bridge MessageDelivered and Inbox InboxMessageDelivered as mined,
  // and the ticket id Offchain Labs' @arbitrum/sdk unit test (parentToChildMessageEvents.test.ts)
  // states for it, the retryable creation transaction's hash on Arbitrum One.
  const delivered = {
    topics: [
      "0x5e3c1311ea442664e8b1611bfabef659120ea7a0a2cfc0667700bebc69cbffe1",
      "0x000000000000000000000000000000000000000000000000000000000000504c",
      "0x2a5dcbed3d730861a810a913641dd7b8d5ff3ee20b716517934795dcef1fa7a7",
    ],
    data: "0x0000000000000000000000004dbd4fc535ac27206064b68ffcf827b0a60bab3f0000000000000000000000000000000000000000000000000000000000000009000000000000000000000000ea3123e9d9911199a6711321d1277285e6d4f3ec33b030be5f0dd0f325a650d7517584f9d94942bfcd0fa5f05d5ebeeb5e409af100000000000000000000000000000000000000000000000000000005e0fc4c5800000000000000000000000000000000000000000000000000000000631abc80",
  } as const;
  const inboxed = {
    topics: ["0xff64905f73a67fb594e0f940a8075a860db489ad991e032f48c81123eb52d60b", "0x000000000000000000000000000000000000000000000000000000000000504c"],
    data: "0x000000000000000000000000000000000000000000000000000000000000002000000000000000000000000000000000000000000000000000000000000002640000000000000000000000006c411ad3e74de3e7bd422b94a27770f5b86c623b0000000000000000000000000000000000000000000000000853a0d2313c00000000000000000000000000000000000000000000000000000854e8ab1802ca800000000000000000000000000000000000000000000000000001270f6740d880000000000000000000000000a2e06c19ee14255889f0ec0ca37f6d0778d06754000000000000000000000000a2e06c19ee14255889f0ec0ca37f6d0778d06754000000000000000000000000000000000000000000000000000000000001d5660000000000000000000000000000000000000000000000000000000011e1a30000000000000000000000000000000000000000000000000000000000000001442e567b36000000000000000000000000c02aaa39b223fe8d0a0e5c4f27ead9083c756cc2000000000000000000000000a2e06c19ee14255889f0ec0ca37f6d0778d06754000000000000000000000000a2e06c19ee14255889f0ec0ca37f6d0778d067540000000000000000000000000000000000000000000000000853a0d2313c000000000000000000000000000000000000000000000000000000000000000000a00000000000000000000000000000000000000000000000000000000000000080000000000000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000000000000000000000000600000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
  } as const;
  it("is the hash of the submit-retryable transaction Arbitrum One derived from a mainnet deposit", () => {
    const [bridge] = parseEventLogs({ abi: ArbitrumBridgeAbi, logs: [{ ...delivered, address: "0x8315177aB297bA92A06054cE80a67Ed4DBd7ed3a" } as never] }) as unknown as [
      { args: { messageIndex: bigint; kind: number; sender: Address; baseFeeL1: bigint } },
    ];
    const [inbox] = parseEventLogs({ abi: ArbitrumInboxAbi, logs: [{ ...inboxed, address: "0x4Dbd4fc535Ac27206064B68FfCf827b0A60BAB3f" } as never] }) as unknown as [
      { args: { messageNum: bigint; data: Hex } },
    ];
    const message = decodeInboxMessage(bridge.args.kind, inbox.args.data);
    if (!message.ok || message.kind !== "retryable") throw new Error(`not a retryable: ${JSON.stringify(message)}`);
    const { messageIndex, sender, baseFeeL1 } = bridge.args;
    expect(retryableTicketId({ l2ChainId: 42161, messageNum: messageIndex, sender, l1BaseFee: baseFeeL1, message })).toBe(
      "0x8ba13904639c7444d8578cc582a230b8501c9f0f7903f5069d276fdd3a7dea44",
    );
    // The message number and the base fee are committed to: either changed is another ticket.
    expect(retryableTicketId({ l2ChainId: 42161, messageNum: messageIndex + 1n, sender, l1BaseFee: baseFeeL1, message })).not.toBe(
      "0x8ba13904639c7444d8578cc582a230b8501c9f0f7903f5069d276fdd3a7dea44",
    );
    expect(retryableTicketId({ l2ChainId: 42161, messageNum: messageIndex, sender, l1BaseFee: baseFeeL1 + 1n, message })).not.toBe(
      "0x8ba13904639c7444d8578cc582a230b8501c9f0f7903f5069d276fdd3a7dea44",
    );
  });
});

describe("presets name the Orbit RollupCreators", () => {
  it("a preset for RARI Chain watches the creators @arbitrum/orbit-sdk lists on its parent and grandparent, as a valid manifest", () => {
    const manifest = parseManifest(presetManifest({ chains: ["rarichain"] }, registryPackage()));
    const byChain = (name: string) => manifest.rollupCreators.filter((c) => c.chain === name).map((c) => c.address);
    const arbitrum = manifest.chains.find((c) => c.name === "arbitrum")!;
    const ethereum = manifest.chains.find((c) => c.name === "ethereum")!;
    expect(byChain("arbitrum")).toEqual(ORBIT_ROLLUP_CREATORS[arbitrum.chainId]!.map((c) => c.address.toLowerCase()));
    expect(byChain("ethereum")).toEqual(ORBIT_ROLLUP_CREATORS[ethereum.chainId]!.map((c) => c.address.toLowerCase()));
    // RARI Chain itself creates no rollups in the SDK's table.
    expect(byChain("rarichain")).toEqual([]);
    expect(arbitrum.chainId).toBe(42161);
  });
});
