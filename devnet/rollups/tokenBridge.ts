import { type Address, encodeAbiParameters } from "viem";
import { DEPLOYER } from "../accounts";
import type { ChainClients } from "../clients";
import { deployContract } from "../transact";
import { tokenBridgeArtifact, tokenBridgeOpenZeppelinArtifact } from "./artifacts";
import { call } from "./call";
import type { OrbitRollup } from "./orbit";

/**
 * The Arbitrum token bridge (token-bridge-contracts 1.2.5) between a parent chain and an
 * ETH-gas Orbit rollup: router + standard ERC20 gateway on each side, and on the rollup the
 * beacon that StandardArbERC20 clones are made from (the token appears on first deposit).
 */
export type ArbitrumTokenBridge = {
  l1GatewayRouter: Address;
  l1ERC20Gateway: Address;
  l2GatewayRouter: Address;
  l2ERC20Gateway: Address;
  beaconProxyFactory: Address;
  standardArbERC20: Address;
  upgradeableBeacon: Address;
  /** Parent-chain block of the L1GatewayRouter deployment. */
  startBlock: number;
  /** Rollup block of the first rollup-side deployment. */
  rollupStartBlock: number;
};

const artifact = {
  l1Router: () => tokenBridgeArtifact("ethereum/gateway/L1GatewayRouter"),
  l1Gateway: () => tokenBridgeArtifact("ethereum/gateway/L1ERC20Gateway"),
  l2Router: () => tokenBridgeArtifact("arbitrum/gateway/L2GatewayRouter"),
  l2Gateway: () => tokenBridgeArtifact("arbitrum/gateway/L2ERC20Gateway"),
  factory: () => tokenBridgeArtifact("libraries/ClonableBeaconProxy", "BeaconProxyFactory"),
  token: () => tokenBridgeArtifact("arbitrum/StandardArbERC20"),
};

export async function deployArbitrumTokenBridge(parent: ChainClients, rollup: ChainClients, orbit: OrbitRollup): Promise<ArbitrumTokenBridge> {
  if (BigInt(orbit.nativeToken) !== 0n) throw new Error("the standard gateways need an ETH-gas rollup (custom gas token rollups use the L1Orbit* gateways)");
  const owner = parent.walletClient(DEPLOYER).account.address;
  const l1Router = await deployContract(parent, DEPLOYER, artifact.l1Router());
  const l1Gateway = await deployContract(parent, DEPLOYER, artifact.l1Gateway());

  const token = await deployContract(rollup, DEPLOYER, artifact.token());
  const beacon = await deployContract(rollup, DEPLOYER, tokenBridgeOpenZeppelinArtifact("UpgradeableBeacon"), [token.address]);
  const factory = await deployContract(rollup, DEPLOYER, artifact.factory());
  const l2Router = await deployContract(rollup, DEPLOYER, artifact.l2Router());
  const l2Gateway = await deployContract(rollup, DEPLOYER, artifact.l2Gateway());
  await call(rollup, DEPLOYER, factory.address, artifact.factory().abi, "initialize", [beacon.address]);
  const cloneableProxyHash = await rollup.publicClient.readContract({ address: factory.address, abi: artifact.factory().abi, functionName: "cloneableProxyHash" });

  await call(parent, DEPLOYER, l1Router.address, artifact.l1Router().abi, "initialize", [owner, l1Gateway.address, "0x0000000000000000000000000000000000000000", l2Router.address, orbit.inbox]);
  await call(parent, DEPLOYER, l1Gateway.address, artifact.l1Gateway().abi, "initialize", [l2Gateway.address, l1Router.address, orbit.inbox, cloneableProxyHash, factory.address]);
  await call(rollup, DEPLOYER, l2Router.address, artifact.l2Router().abi, "initialize", [l1Router.address, l2Gateway.address]);
  await call(rollup, DEPLOYER, l2Gateway.address, artifact.l2Gateway().abi, "initialize", [l1Gateway.address, l2Router.address, factory.address]);
  return {
    l1GatewayRouter: l1Router.address,
    l1ERC20Gateway: l1Gateway.address,
    l2GatewayRouter: l2Router.address,
    l2ERC20Gateway: l2Gateway.address,
    beaconProxyFactory: factory.address,
    standardArbERC20: token.address,
    upgradeableBeacon: beacon.address,
    startBlock: Number(l1Router.receipt.blockNumber),
    rollupStartBlock: Number(token.receipt.blockNumber),
  };
}

/** What a gateway deposit pays the Inbox: submission cost plus L2 gas at the bid, in ETH. */
export const RETRYABLE = { maxSubmissionCost: 10n ** 15n, maxGas: 300_000n, gasPriceBid: 2_000_000_000n } as const;

export const gatewayDepositValue = () => RETRYABLE.maxSubmissionCost + RETRYABLE.maxGas * RETRYABLE.gasPriceBid;

/** outboundTransfer's `_data` for an ETH-gas rollup: abi.encode(maxSubmissionCost, callHookData). */
export const gatewayDepositData = () => encodeAbiParameters([{ type: "uint256" }, { type: "bytes" }], [RETRYABLE.maxSubmissionCost, "0x"]);

/** The StandardArbERC20 clone a gateway makes for `l1Token` (deployed on first deposit). */
export const l2TokenOf = (rollup: ChainClients, bridge: ArbitrumTokenBridge, l1Token: Address) =>
  rollup.publicClient.readContract({ address: bridge.l2ERC20Gateway, abi: artifact.l2Gateway().abi, functionName: "calculateL2TokenAddress", args: [l1Token] }) as Promise<Address>;

export const tokenBridgeAbis = artifact;
