import { type Address, encodeFunctionData, getAddress, type Hex, keccak256, pad, sliceHex, toHex, zeroAddress } from "viem";
import { DEPLOYER, devnetAccount, TRAFFIC_SENDERS } from "../accounts";
import { artifacts } from "../artifacts";
import type { ChainClients } from "../clients";
import { fixtureArtifact } from "../solc";
import { deployContract, transact } from "../transact";
import { checkGovernanceAbisOnce, governanceAbi } from "./abi";
import { governanceArtifacts } from "./artifacts";

/**
 * The settlement chain's governance: the ERA token, a TimelockController that holds the
 * powers, the Governor that alone may schedule on it, and things for it to govern (an
 * ERC-1967 proxy, a gas oracle).
 */

/** Short enough that a devnet run (a block a second, plus one per transaction) sees every state in a minute. */
export type GovernanceSettings = {
  votingDelayBlocks: number;
  votingPeriodBlocks: number;
  /** GovernorVotesQuorumFraction's numerator, out of 100. */
  quorumPercent: number;
  timelockMinDelaySeconds: number;
  proposalThreshold: bigint;
};

export const devnetGovernanceSettings: GovernanceSettings = {
  votingDelayBlocks: 2,
  votingPeriodBlocks: 20,
  quorumPercent: 4,
  timelockMinDelaySeconds: 5,
  proposalThreshold: 0n,
};

const ERA = 10n ** 18n;

/** Like the warp routes' ERA: a million per traffic account, and a reserve for the deployer. */
export const defaultEraHolders = (): { holder: Address; amount: bigint }[] => [
  { holder: devnetAccount(DEPLOYER).address, amount: 10_000_000n * ERA },
  ...TRAFFIC_SENDERS.map((index) => ({ holder: devnetAccount(index).address, amount: 1_000_000n * ERA })),
];

/** ETH the timelock holds to pay the IGP for the interchain-account messages it sends. */
export const TIMELOCK_ETH = 10n * ERA;

/** TimelockController's roles: keccak256 of their names (AccessControl's DEFAULT_ADMIN_ROLE is 0). */
export const timelockRoles = {
  DEFAULT_ADMIN_ROLE: pad("0x00", { size: 32 }),
  PROPOSER_ROLE: keccak256(toHex("PROPOSER_ROLE")),
  EXECUTOR_ROLE: keccak256(toHex("EXECUTOR_ROLE")),
  CANCELLER_ROLE: keccak256(toHex("CANCELLER_ROLE")),
} as const;

/** ERC-1967: bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1), and the admin's. */
export const ERC1967_IMPLEMENTATION_SLOT: Hex = "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
export const ERC1967_ADMIN_SLOT: Hex = "0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103";

export const addressInSlot = (word: Hex | undefined): Address => getAddress(sliceHex(pad(word ?? "0x", { size: 32 }), 12));

/** The network's ERA token (ERC20, ERC20Permit, ERC20Votes) and the block of its deployment. */
export type EraToken = { address: Address; startBlock: number };

/** The ERA token: the whole supply minted to `holders` at construction. */
export async function deployEraToken(
  chain: ChainClients,
  options: { holders?: { holder: Address; amount: bigint }[]; deployer?: number } = {},
): Promise<EraToken> {
  checkGovernanceAbisOnce();
  const holders = options.holders ?? defaultEraHolders();
  const { address, receipt } = await deployContract(chain, options.deployer ?? DEPLOYER, fixtureArtifact("EraToken"), [
    holders.map((h) => h.holder),
    holders.map((h) => h.amount),
  ]);
  return { address, startBlock: Number(receipt.blockNumber) };
}

export type SettlementGovernance = {
  token: Address;
  timelock: Address;
  governor: Address;
  /** TransparentUpgradeableProxy whose ProxyAdmin the timelock owns. */
  proxy: Address;
  proxyAdmin: Address;
  /** The proxy's first implementation, and a second one for a proposal to upgrade to. */
  implementations: [Address, Address];
  /** A StorageGasOracle the timelock owns: something for a proposal to hand over. */
  gasOracle: Address;
  settings: GovernanceSettings;
  startBlocks: { token: number; timelock: number; governor: number; proxy: number };
};

/**
 * The timelock starts with the deployer as its admin only long enough to make the Governor its
 * proposer and canceller, then the deployer renounces: from then on only proposals move it.
 * Anyone may execute (executor role held by the zero address), as OpenZeppelin recommends.
 */
export async function deploySettlementGovernance(
  chain: ChainClients,
  options: { token?: EraToken; settings?: GovernanceSettings; deployer?: number } = {},
): Promise<SettlementGovernance> {
  checkGovernanceAbisOnce();
  const deployer = options.deployer ?? DEPLOYER;
  const settings = options.settings ?? devnetGovernanceSettings;
  const self = devnetAccount(deployer).address;
  const call = (to: Address, data: Hex, value?: bigint) => transact(chain, deployer, { to, data, value });
  const timelockCall = (functionName: "grantRole" | "renounceRole", role: Hex, account: Address) =>
    call(timelockAddress, encodeFunctionData({ abi: governanceAbi.timelock, functionName, args: [role, account] }));

  const token = options.token ?? (await deployEraToken(chain, { deployer }));
  const timelock = await deployContract(chain, deployer, governanceArtifacts.TimelockController(), [
    BigInt(settings.timelockMinDelaySeconds),
    [],
    [zeroAddress],
    self,
  ]);
  const timelockAddress = timelock.address;
  const governor = await deployContract(chain, deployer, fixtureArtifact("EraGovernor"), [
    token.address,
    timelockAddress,
    settings.votingDelayBlocks,
    settings.votingPeriodBlocks,
    settings.proposalThreshold,
    BigInt(settings.quorumPercent),
  ]);
  await timelockCall("grantRole", timelockRoles.PROPOSER_ROLE, governor.address);
  await timelockCall("grantRole", timelockRoles.CANCELLER_ROLE, governor.address);
  await timelockCall("renounceRole", timelockRoles.DEFAULT_ADMIN_ROLE, self);
  await transact(chain, deployer, { to: timelockAddress, data: "0x", value: TIMELOCK_ETH });

  const v1 = await deployContract(chain, deployer, artifacts.TestRecipient());
  const v2 = await deployContract(chain, deployer, artifacts.TestRecipient());
  const proxy = await deployContract(chain, deployer, governanceArtifacts.TransparentUpgradeableProxy(), [v1.address, timelockAddress, "0x"]);
  const adminWord = await chain.publicClient.getStorageAt({ address: proxy.address, slot: ERC1967_ADMIN_SLOT });

  const gasOracle = await deployContract(chain, deployer, artifacts.StorageGasOracle());
  await call(gasOracle.address, encodeFunctionData({ abi: governanceAbi.ownable, functionName: "transferOwnership", args: [timelockAddress] }));

  return {
    token: token.address,
    timelock: timelockAddress,
    governor: governor.address,
    proxy: proxy.address,
    proxyAdmin: addressInSlot(adminWord),
    implementations: [v1.address, v2.address],
    gasOracle: gasOracle.address,
    settings,
    startBlocks: {
      token: token.startBlock,
      timelock: Number(timelock.receipt.blockNumber),
      governor: Number(governor.receipt.blockNumber),
      proxy: Number(proxy.receipt.blockNumber),
    },
  };
}
