import { type Address, encodeAbiParameters } from "viem";
import { DEPLOYER } from "../accounts";
import type { ChainClients } from "../clients";
import { deployContract } from "../transact";
import { tokenBridgeArtifact, tokenBridgeOpenZeppelinArtifact } from "./artifacts";
import { call } from "./call";
import type { OrbitRollup } from "./orbit";

/**
 * The Arbitrum token bridge (token-bridge-contracts 1.2.5) between a parent chain and an Orbit
 * rollup: router + standard ERC20 gateway on each side (the L1Orbit* pair when the rollup pays
 * gas in a token: retryable fees are paid in it), and on the rollup the beacon that
 * StandardArbERC20 clones are made from (the token appears on first deposit).
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
  /** The rollup's gas token pays the retryables (L1OrbitGatewayRouter, L1OrbitERC20Gateway); 0x0 for ETH. */
  feeToken: Address;
};

const artifact = {
  l1Router: () => tokenBridgeArtifact("ethereum/gateway/L1GatewayRouter"),
  l1Gateway: () => tokenBridgeArtifact("ethereum/gateway/L1ERC20Gateway"),
  l1OrbitRouter: () => tokenBridgeArtifact("ethereum/gateway/L1OrbitGatewayRouter"),
  l1OrbitGateway: () => tokenBridgeArtifact("ethereum/gateway/L1OrbitERC20Gateway"),
  l2Router: () => tokenBridgeArtifact("arbitrum/gateway/L2GatewayRouter"),
  l2Gateway: () => tokenBridgeArtifact("arbitrum/gateway/L2ERC20Gateway"),
  factory: () => tokenBridgeArtifact("libraries/ClonableBeaconProxy", "BeaconProxyFactory"),
  token: () => tokenBridgeArtifact("arbitrum/StandardArbERC20"),
};

export async function deployArbitrumTokenBridge(parent: ChainClients, rollup: ChainClients, orbit: OrbitRollup): Promise<ArbitrumTokenBridge> {
  const customGas = BigInt(orbit.nativeToken) !== 0n;
  const owner = parent.walletClient(DEPLOYER).account.address;
  const l1Router = await deployContract(parent, DEPLOYER, customGas ? artifact.l1OrbitRouter() : artifact.l1Router());
  const l1Gateway = await deployContract(parent, DEPLOYER, customGas ? artifact.l1OrbitGateway() : artifact.l1Gateway());

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
    feeToken: orbit.nativeToken,
  };
}

/** What a gateway deposit pays the Inbox: submission cost plus L2 gas at the bid, in ETH or the gas token. */
export const RETRYABLE = { maxSubmissionCost: 10n ** 15n, maxGas: 300_000n, gasPriceBid: 2_000_000_000n } as const;

export const retryableFee = () => RETRYABLE.maxSubmissionCost + RETRYABLE.maxGas * RETRYABLE.gasPriceBid;

/**
 * outboundTransfer's `_data`: abi.encode(maxSubmissionCost, callHookData) on an ETH-gas rollup
 * (the fee is the call's value); with a gas token, its fee amount is a third field (value 0).
 */
export const gatewayDepositData = (bridge: Pick<ArbitrumTokenBridge, "feeToken">) =>
  BigInt(bridge.feeToken) === 0n
    ? encodeAbiParameters([{ type: "uint256" }, { type: "bytes" }], [RETRYABLE.maxSubmissionCost, "0x"])
    : encodeAbiParameters([{ type: "uint256" }, { type: "bytes" }, { type: "uint256" }], [RETRYABLE.maxSubmissionCost, "0x", retryableFee()]);

export const gatewayDepositValue = (bridge: Pick<ArbitrumTokenBridge, "feeToken">) => (BigInt(bridge.feeToken) === 0n ? retryableFee() : 0n);

/** The StandardArbERC20 clone a gateway makes for `l1Token` (deployed on first deposit). */
export const l2TokenOf = (rollup: ChainClients, bridge: ArbitrumTokenBridge, l1Token: Address) =>
  rollup.publicClient.readContract({ address: bridge.l2ERC20Gateway, abi: artifact.l2Gateway().abi, functionName: "calculateL2TokenAddress", args: [l1Token] }) as Promise<Address>;

export const tokenBridgeAbis = artifact;
