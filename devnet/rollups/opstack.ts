import { type Address, encodeFunctionData, getAddress, type Hex, maxUint128, pad, zeroAddress } from "viem";
import { DEPLOYER, RELAYER } from "../accounts";
import type { ChainClients } from "../clients";
import { deployContract } from "../transact";
import { bedrockArtifact } from "./artifacts";
import { call } from "./call";

/**
 * An OP Stack chain from contracts-bedrock 0.17.3's own bytecode, the pre-fault-proof layout
 * (L2OutputOracle + OptimismPortal): on the parent chain a ProxyAdmin and one Proxy per
 * contract; on the rollup anvil the predeploys' runtime code at their fixed addresses.
 */

/** The L2 predeploys (Predeploys.sol): the same addresses on every OP Stack chain. */
export const opPredeploys = {
  L2CrossDomainMessenger: "0x4200000000000000000000000000000000000007",
  L2StandardBridge: "0x4200000000000000000000000000000000000010",
  L1Block: "0x4200000000000000000000000000000000000015",
  L2ToL1MessagePasser: "0x4200000000000000000000000000000000000016",
  OptimismMintableERC20Factory: "0x4200000000000000000000000000000000000012",
} as const satisfies Record<string, Address>;

export type OpStackRollup = {
  stack: "opstack";
  chainId: number;
  proxyAdmin: Address;
  superchainConfig: Address;
  systemConfig: Address;
  l2OutputOracle: Address;
  optimismPortal: Address;
  l1CrossDomainMessenger: Address;
  l1StandardBridge: Address;
  /** The implementations behind the proxies, for an audit trail of Upgraded events. */
  implementations: Record<"superchainConfig" | "systemConfig" | "l2OutputOracle" | "optimismPortal" | "l1CrossDomainMessenger" | "l1StandardBridge", Address>;
  /** Who may propose outputs (the relayer's account) and the oracle's rules for them. */
  proposer: Address;
  submissionInterval: bigint;
  finalizationPeriodSeconds: bigint;
  /** The block of the ProxyAdmin deployment, the first of this chain's contracts on the parent. */
  startBlock: number;
  /** The SystemConfig initialisation: its three ConfigUpdate events are in this block. */
  systemConfigInitBlock: number;
};

const DEFAULT_RESOURCE_CONFIG = {
  maxResourceLimit: 20_000_000,
  elasticityMultiplier: 10,
  baseFeeMaxChangeDenominator: 8,
  minimumBaseFee: 1_000_000_000,
  systemTxMaxGas: 1_000_000,
  maximumBaseFee: maxUint128,
} as const;

export const OP_GAS_LIMIT = 30_000_000n;
/** Outputs every this many L2 blocks; the relayer proposes each, filling the ones nothing needs. */
export const OP_SUBMISSION_INTERVAL = 10n;
/** A week on a live chain; a devnet passes it with evm_increaseTime. */
export const OP_FINALIZATION_PERIOD_SECONDS = 7n * 24n * 3600n;
/** The batch inbox address convention: 0xff00…00 followed by the chain id. */
const batchInbox = (chainId: number): Address => getAddress(`0xff${"0".repeat(30)}${chainId.toString(16).padStart(8, "0")}`);

export type DeployOpStackOptions = { chainId: number };

/**
 * The parent-chain half. `rollup` is the OP chain's anvil, whose head the oracle starts from;
 * null for a chain that only exists as its parent-side contracts (the oracle starts at 0).
 */
export async function deployOpStackL1(parent: ChainClients, rollup: ChainClients | null, options: DeployOpStackOptions): Promise<OpStackRollup> {
  const deployer = parent.walletClient(DEPLOYER).account.address;
  const proposer = parent.walletClient(RELAYER).account.address;
  const admin = await deployContract(parent, DEPLOYER, bedrockArtifact("ProxyAdmin"), [deployer]);
  const names = ["SuperchainConfig", "SystemConfig", "L2OutputOracle", "OptimismPortal", "L1CrossDomainMessenger", "L1StandardBridge"] as const;
  const proxies = {} as Record<(typeof names)[number], Address>;
  const impls = {} as Record<(typeof names)[number], Address>;
  for (const name of names) proxies[name] = (await deployContract(parent, DEPLOYER, bedrockArtifact("Proxy"), [admin.address])).address;
  for (const name of names) impls[name] = (await deployContract(parent, DEPLOYER, bedrockArtifact(name))).address;

  const adminAbi = bedrockArtifact("ProxyAdmin").abi;
  const initialize = async (name: (typeof names)[number], args: readonly unknown[]) => {
    const data = encodeFunctionData({ abi: bedrockArtifact(name).abi, functionName: "initialize", args } as never);
    return call(parent, DEPLOYER, admin.address, adminAbi, "upgradeAndCall", [proxies[name], impls[name], data]);
  };

  await initialize("SuperchainConfig", [deployer, false]);
  // The oracle computes each output's L2 timestamp as start + blocks × blockTime and refuses
  // ones in the future; anvil mines a block per transaction, far faster than 1 s, so the
  // start is put a day back to keep every real block proposable.
  const l2HeadNumber = rollup ? await rollup.publicClient.getBlockNumber() : 0n;
  const parentHead = await parent.publicClient.getBlock();
  await initialize("L2OutputOracle", [
    OP_SUBMISSION_INTERVAL,
    1n,
    l2HeadNumber,
    parentHead.timestamp - 86_400n,
    proposer,
    deployer,
    OP_FINALIZATION_PERIOD_SECONDS,
  ]);
  const systemConfigInit = await initialize("SystemConfig", [
    deployer,
    1368, // Ecotone base fee scalar, as on OP Mainnet
    810_949, // blob base fee scalar
    pad(parent.walletClient(DEPLOYER).account.address),
    OP_GAS_LIMIT,
    deployer,
    DEFAULT_RESOURCE_CONFIG,
    batchInbox(options.chainId),
    {
      l1CrossDomainMessenger: proxies.L1CrossDomainMessenger,
      l1ERC721Bridge: zeroAddress,
      l1StandardBridge: proxies.L1StandardBridge,
      disputeGameFactory: zeroAddress,
      optimismPortal: proxies.OptimismPortal,
      optimismMintableERC20Factory: zeroAddress,
      gasPayingToken: zeroAddress,
    },
  ]);
  await initialize("OptimismPortal", [proxies.L2OutputOracle, proxies.SystemConfig, proxies.SuperchainConfig]);
  await initialize("L1CrossDomainMessenger", [proxies.SuperchainConfig, proxies.OptimismPortal, proxies.SystemConfig]);
  await initialize("L1StandardBridge", [proxies.L1CrossDomainMessenger, proxies.SuperchainConfig, proxies.SystemConfig]);

  return {
    stack: "opstack",
    chainId: options.chainId,
    proxyAdmin: admin.address,
    superchainConfig: proxies.SuperchainConfig,
    systemConfig: proxies.SystemConfig,
    l2OutputOracle: proxies.L2OutputOracle,
    optimismPortal: proxies.OptimismPortal,
    l1CrossDomainMessenger: proxies.L1CrossDomainMessenger,
    l1StandardBridge: proxies.L1StandardBridge,
    implementations: {
      superchainConfig: impls.SuperchainConfig,
      systemConfig: impls.SystemConfig,
      l2OutputOracle: impls.L2OutputOracle,
      optimismPortal: impls.OptimismPortal,
      l1CrossDomainMessenger: impls.L1CrossDomainMessenger,
      l1StandardBridge: impls.L1StandardBridge,
    },
    proposer,
    submissionInterval: OP_SUBMISSION_INTERVAL,
    finalizationPeriodSeconds: OP_FINALIZATION_PERIOD_SECONDS,
    startBlock: Number(admin.receipt.blockNumber),
    systemConfigInitBlock: Number(systemConfigInit.blockNumber),
  };
}

/** The rollup half: the predeploys' runtime code where genesis would put it, then their initializers. */
export async function installOpPredeploys(rollup: ChainClients, l1: OpStackRollup): Promise<void> {
  for (const name of ["L2ToL1MessagePasser", "L2CrossDomainMessenger", "L2StandardBridge", "L1Block"] as const) {
    await rollup.testClient.setCode({ address: opPredeploys[name], bytecode: bedrockArtifact(name).deployedBytecode });
  }
  await call(rollup, DEPLOYER, opPredeploys.L2CrossDomainMessenger, bedrockArtifact("L2CrossDomainMessenger").abi, "initialize", [l1.l1CrossDomainMessenger]);
  await call(rollup, DEPLOYER, opPredeploys.L2StandardBridge, bedrockArtifact("L2StandardBridge").abi, "initialize", [l1.l1StandardBridge]);
}

/** An OptimismMintableERC20 on the rollup for `l1Token`: the L2 side of an ERC20 deposit route. */
export async function deployOptimismMintableERC20(rollup: ChainClients, l1Token: Address, name: string, symbol: string): Promise<{ address: Address; block: number; tx: Hex }> {
  const { address, receipt } = await deployContract(rollup, DEPLOYER, bedrockArtifact("OptimismMintableERC20"), [opPredeploys.L2StandardBridge, l1Token, name, symbol, 18]);
  return { address, block: Number(receipt.blockNumber), tx: receipt.transactionHash };
}
