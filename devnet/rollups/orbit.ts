import { type Address, encodeFunctionData, getAddress, type Hex, parseEventLogs, zeroAddress, zeroHash } from "viem";
import { DEPLOYER } from "../accounts";
import type { ChainClients } from "../clients";
import { deployContract, transact } from "../transact";
import { type NitroVersion, nitroArtifact, reader4844Artifact, upgradeExecutorArtifact } from "./artifacts";

/**
 * Arbitrum Orbit from nitro-contracts' own bytecode: a RollupCreator with every template it
 * clones, then `createRollup`. The created Bridge, Inbox, Outbox and SequencerInbox are the
 * real ones; the rollup's own chain is a separate anvil whose chain id the config names.
 */

export type OrbitCreator = {
  kind: "orbit";
  /** nitro-contracts release: "3.2.0" emits the 11-address RollupCreated, "2.1.3" the 12-address one. */
  version: "3.2.0" | "2.1.3";
  rollupCreator: Address;
  bridgeCreator: Address;
  /** The block of the RollupCreator deployment: no RollupCreated is older. */
  startBlock: number;
};

export type OrbitRollup = {
  stack: "orbit";
  /** The L2 chain id of the rollup config (what RollupInitialized carries). */
  chainId: number;
  /** 0x0 for ETH gas, else the custom gas token on the parent chain. */
  nativeToken: Address;
  rollup: Address;
  inbox: Address;
  outbox: Address;
  rollupEventInbox: Address;
  challengeManager: Address;
  adminProxy: Address;
  sequencerInbox: Address;
  bridge: Address;
  upgradeExecutor: Address;
  validatorWalletCreator: Address;
  /** Only 2.1.3 deploys it. */
  validatorUtils?: Address;
  creationTx: Hex;
  creationBlock: number;
};

/** The templates' and the createRollup argument's calldata bound: they must agree. */
const MAX_DATA_SIZE = 117_964n;

const nitro = (version: NitroVersion, path: string) => nitroArtifact(version, path);

/** SequencerInbox wants the blob reader on a parent chain that is not Arbitrum, and none on one that is. */
async function reader4844For(clients: ChainClients, version: NitroVersion): Promise<Address> {
  const arbSysCode = await clients.publicClient.getCode({ address: "0x0000000000000000000000000000000000000064" });
  if (arbSysCode && arbSysCode !== "0x") return zeroAddress;
  return (await deployContract(clients, DEPLOYER, reader4844Artifact(version))).address;
}

const deploy = async (clients: ChainClients, version: NitroVersion, path: string, args: readonly unknown[] = []) =>
  (await deployContract(clients, DEPLOYER, nitro(version, path), args)).address;

async function oneStepProofEntry(clients: ChainClients, version: NitroVersion): Promise<Address> {
  const provers = [
    await deploy(clients, version, "osp/OneStepProver0"),
    await deploy(clients, version, "osp/OneStepProverMemory"),
    await deploy(clients, version, "osp/OneStepProverMath"),
    // 3.2.0's HostIo takes a custom-DA validator; none here.
    await deploy(clients, version, "osp/OneStepProverHostIo", version === "v3" ? [zeroAddress] : []),
  ];
  return deploy(clients, version, "osp/OneStepProofEntry", provers);
}

export async function deployOrbitCreatorV3(clients: ChainClients): Promise<OrbitCreator> {
  const v = "v3";
  const reader = await reader4844For(clients, v);
  const sequencerInbox = (isFeeToken: boolean, isDelayBufferable: boolean) =>
    deploy(clients, v, "bridge/SequencerInbox", [MAX_DATA_SIZE, reader, isFeeToken, isDelayBufferable]);
  const eth = {
    bridge: await deploy(clients, v, "bridge/Bridge"),
    sequencerInbox: await sequencerInbox(false, false),
    delayBufferableSequencerInbox: await sequencerInbox(false, true),
    inbox: await deploy(clients, v, "bridge/Inbox", [MAX_DATA_SIZE]),
    rollupEventInbox: await deploy(clients, v, "rollup/RollupEventInbox"),
    outbox: await deploy(clients, v, "bridge/Outbox"),
  };
  const erc20 = {
    bridge: await deploy(clients, v, "bridge/ERC20Bridge"),
    sequencerInbox: await sequencerInbox(true, false),
    delayBufferableSequencerInbox: await sequencerInbox(true, true),
    inbox: await deploy(clients, v, "bridge/ERC20Inbox", [MAX_DATA_SIZE]),
    rollupEventInbox: await deploy(clients, v, "rollup/ERC20RollupEventInbox"),
    outbox: await deploy(clients, v, "bridge/ERC20Outbox"),
  };
  const bridgeCreator = await deploy(clients, v, "rollup/BridgeCreator", [eth, erc20]);
  const osp = await oneStepProofEntry(clients, v);
  const owner = clients.walletClient(DEPLOYER).account.address;
  const templates = [
    bridgeCreator,
    osp,
    await deploy(clients, v, "challengeV2/EdgeChallengeManager"),
    await deploy(clients, v, "rollup/RollupAdminLogic"),
    await deploy(clients, v, "rollup/RollupUserLogic"),
    (await deployContract(clients, DEPLOYER, upgradeExecutorArtifact())).address,
    await deploy(clients, v, "rollup/ValidatorWalletCreator"),
    await deploy(clients, v, "rollup/DeployHelper"),
  ];
  const { address, receipt } = await deployContract(clients, DEPLOYER, nitro(v, "rollup/RollupCreator"), [owner, ...templates]);
  return { kind: "orbit", version: "3.2.0", rollupCreator: address, bridgeCreator, startBlock: Number(receipt.blockNumber) };
}

export async function deployOrbitCreatorV2(clients: ChainClients): Promise<OrbitCreator> {
  const v = "v2";
  const reader = await reader4844For(clients, v);
  const templates = (isFeeToken: boolean) => async () => ({
    bridge: await deploy(clients, v, isFeeToken ? "bridge/ERC20Bridge" : "bridge/Bridge"),
    sequencerInbox: await deploy(clients, v, "bridge/SequencerInbox", [MAX_DATA_SIZE, reader, isFeeToken]),
    inbox: await deploy(clients, v, isFeeToken ? "bridge/ERC20Inbox" : "bridge/Inbox", [MAX_DATA_SIZE]),
    rollupEventInbox: await deploy(clients, v, isFeeToken ? "rollup/ERC20RollupEventInbox" : "rollup/RollupEventInbox"),
    outbox: await deploy(clients, v, isFeeToken ? "bridge/ERC20Outbox" : "bridge/Outbox"),
  });
  const bridgeCreator = await deploy(clients, v, "rollup/BridgeCreator", [await templates(false)(), await templates(true)()]);
  const osp = await oneStepProofEntry(clients, v);
  const creatorArtifact = nitro(v, "rollup/RollupCreator");
  const { address, receipt } = await deployContract(clients, DEPLOYER, creatorArtifact);
  const setTemplates = [
    bridgeCreator,
    osp,
    await deploy(clients, v, "challenge/ChallengeManager"),
    await deploy(clients, v, "rollup/RollupAdminLogic"),
    await deploy(clients, v, "rollup/RollupUserLogic"),
    (await deployContract(clients, DEPLOYER, upgradeExecutorArtifact())).address,
    await deploy(clients, v, "rollup/ValidatorUtils"),
    await deploy(clients, v, "rollup/ValidatorWalletCreator"),
    await deploy(clients, v, "rollup/DeployHelper"),
  ];
  await transact(clients, DEPLOYER, {
    to: address,
    data: encodeFunctionData({ abi: creatorArtifact.abi, functionName: "setTemplates", args: setTemplates }),
  });
  return { kind: "orbit", version: "2.1.3", rollupCreator: address, bridgeCreator, startBlock: Number(receipt.blockNumber) };
}

export type CreateRollupOptions = {
  chainId: number;
  /** 0x0 (the default) for ETH gas. */
  nativeToken?: Address;
  /** An ERC20 on the parent chain the validators would stake; nothing stakes on the devnet. */
  stakeToken: Address;
};

/** A stand-in for the WASM module root of an ArbOS release: no validator runs here. */
const WASM_MODULE_ROOT = "0x8b104a2e80ac6165dc58b9048de12f301d70b02a0ab51396c22b4b4b802a16a4" as const;

const sequencerInboxMaxTimeVariation = { delayBlocks: 5760n, futureBlocks: 12n, delaySeconds: 86_400n, futureSeconds: 3600n };

const chainConfig = (chainId: number, owner: Address) =>
  JSON.stringify({ chainId, arbitrum: { InitialChainOwner: owner, DataAvailabilityCommittee: false, EnableArbOS: true } });

function configV3(options: CreateRollupOptions, owner: Address) {
  return {
    confirmPeriodBlocks: 20n,
    stakeToken: options.stakeToken,
    baseStake: 10n ** 17n,
    wasmModuleRoot: WASM_MODULE_ROOT,
    owner,
    loserStakeEscrow: owner,
    chainId: BigInt(options.chainId),
    chainConfig: chainConfig(options.chainId, owner),
    minimumAssertionPeriod: 75n,
    validatorAfkBlocks: 201_600n,
    // numBigStepLevel + 2 levels of mini stakes.
    miniStakeValues: [10n ** 16n, 10n ** 16n, 10n ** 16n],
    sequencerInboxMaxTimeVariation,
    // Edge heights must be powers of two.
    layerZeroBlockEdgeHeight: 2n ** 5n,
    layerZeroBigStepEdgeHeight: 2n ** 5n,
    layerZeroSmallStepEdgeHeight: 2n ** 5n,
    genesisAssertionState: {
      globalState: { bytes32Vals: [zeroHash, zeroHash], u64Vals: [0n, 0n] },
      machineStatus: 1, // FINISHED
      endHistoryRoot: zeroHash,
    },
    genesisInboxCount: 0n,
    anyTrustFastConfirmer: zeroAddress,
    numBigStepLevel: 1,
    challengeGracePeriodBlocks: 10n,
    // Not delay-bufferable: the threshold must be 0.
    bufferConfig: { threshold: 0n, max: 0n, replenishRateInBasis: 0n },
    dataCostEstimate: 0n,
  } as const;
}

function configV2(options: CreateRollupOptions, owner: Address) {
  return {
    confirmPeriodBlocks: 20n,
    extraChallengeTimeBlocks: 0n,
    // 2.1.3's user logic is the ETH-staking one: it refuses a stake token.
    stakeToken: zeroAddress,
    baseStake: 10n ** 17n,
    wasmModuleRoot: WASM_MODULE_ROOT,
    owner,
    loserStakeEscrow: owner,
    chainId: BigInt(options.chainId),
    chainConfig: chainConfig(options.chainId, owner),
    genesisBlockNum: 0n,
    sequencerInboxMaxTimeVariation,
  } as const;
}

export async function createOrbitRollup(clients: ChainClients, creator: OrbitCreator, options: CreateRollupOptions): Promise<OrbitRollup> {
  const v: NitroVersion = creator.version === "3.2.0" ? "v3" : "v2";
  const owner = clients.walletClient(DEPLOYER).account.address;
  const nativeToken = options.nativeToken ?? zeroAddress;
  const common = {
    validators: [owner],
    maxDataSize: MAX_DATA_SIZE,
    nativeToken,
    // True would pay retryables to put factories on the L2; nothing executes them here.
    deployFactoriesToL2: false,
    maxFeePerGasForRetryables: 0n,
    batchPosters: [owner],
    batchPosterManager: owner,
  };
  const params =
    v === "v3"
      ? { config: configV3(options, owner), ...common, feeTokenPricer: zeroAddress, customOsp: zeroAddress }
      : { config: configV2(options, owner), ...common };
  const abi = nitro(v, "rollup/RollupCreator").abi;
  const receipt = await transact(clients, DEPLOYER, {
    to: creator.rollupCreator,
    data: encodeFunctionData({ abi, functionName: "createRollup", args: [params] }),
  });
  const [created] = parseEventLogs({ abi, logs: receipt.logs, eventName: "RollupCreated" }) as unknown as { args: Record<string, Address> }[];
  if (!created) throw new Error(`createRollup ${receipt.transactionHash} emitted no RollupCreated`);
  const a = created.args;
  return {
    stack: "orbit",
    chainId: options.chainId,
    nativeToken: getAddress(a.nativeToken as Address),
    rollup: getAddress(a.rollupAddress as Address),
    inbox: getAddress(a.inboxAddress as Address),
    outbox: getAddress(a.outbox as Address),
    rollupEventInbox: getAddress(a.rollupEventInbox as Address),
    challengeManager: getAddress(a.challengeManager as Address),
    adminProxy: getAddress(a.adminProxy as Address),
    sequencerInbox: getAddress(a.sequencerInbox as Address),
    bridge: getAddress(a.bridge as Address),
    upgradeExecutor: getAddress(a.upgradeExecutor as Address),
    validatorWalletCreator: getAddress(a.validatorWalletCreator as Address),
    ...(a.validatorUtils ? { validatorUtils: getAddress(a.validatorUtils) } : {}),
    creationTx: receipt.transactionHash,
    creationBlock: Number(receipt.blockNumber),
  };
}

/** The stake token the rollups name: nitro-contracts' own test WETH. */
export const deployStakeToken = async (clients: ChainClients) => (await deployContract(clients, DEPLOYER, nitro("v3", "mocks/TestWETH9"), ["Stake WETH", "sWETH"])).address;
