/**
 * OPContractsManager `Deployed`, in no npm release; written from the optimism monorepo's
 * packages/contracts-bedrock/src/L1/OPContractsManager.sol. Each variant has its own topic0.
 * 2024: OPContractsManager 1.0.0-beta.20 (commit d317e96c2add4a4e7fae72d6637ad241457f16c7),
 * with outputVersion (OUTPUT_VERSION = 0). 2025+: OPContractsManager 2.7.0 (commit
 * 01324b020b09dc6b85826c6c4157e1194fee7e5f), emitted by OPContractsManagerDeployer. Before the
 * rename (2024-09, b55f4d7), OPStackManager emitted `Deployed(l2ChainId, systemConfig)`.
 */
export const OPContractsManagerAbi = [
  {
    type: "event",
    name: "Deployed",
    inputs: [
      { name: "outputVersion", type: "uint256", indexed: true },
      { name: "l2ChainId", type: "uint256", indexed: true },
      { name: "deployer", type: "address", indexed: true },
      { name: "deployOutput", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "Deployed",
    inputs: [
      { name: "l2ChainId", type: "uint256", indexed: true },
      { name: "deployer", type: "address", indexed: true },
      { name: "deployOutput", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "Deployed",
    inputs: [
      { name: "l2ChainId", type: "uint256", indexed: true },
      { name: "systemConfig", type: "address", indexed: true },
    ],
    anonymous: false,
  },
] as const;

/** `abi.encode(DeployOutput)` of the 2024 OPContractsManager (1.0.0-beta.20): 15 addresses, in order. */
export const DeployOutput2024Fields = [
  "opChainProxyAdmin",
  "addressManager",
  "l1ERC721BridgeProxy",
  "systemConfigProxy",
  "optimismMintableERC20FactoryProxy",
  "l1StandardBridgeProxy",
  "l1CrossDomainMessengerProxy",
  "optimismPortalProxy",
  "disputeGameFactoryProxy",
  "anchorStateRegistryProxy",
  "anchorStateRegistryImpl",
  "faultDisputeGame",
  "permissionedDisputeGame",
  "delayedWETHPermissionedGameProxy",
  "delayedWETHPermissionlessGameProxy",
] as const;

/** `abi.encode(DeployOutput)` of OPContractsManager 2.7.0: ethLockboxProxy joins, anchorStateRegistryImpl leaves. */
export const DeployOutput2025Fields = [
  "opChainProxyAdmin",
  "addressManager",
  "l1ERC721BridgeProxy",
  "systemConfigProxy",
  "optimismMintableERC20FactoryProxy",
  "l1StandardBridgeProxy",
  "l1CrossDomainMessengerProxy",
  "ethLockboxProxy",
  "optimismPortalProxy",
  "disputeGameFactoryProxy",
  "anchorStateRegistryProxy",
  "faultDisputeGame",
  "permissionedDisputeGame",
  "delayedWETHPermissionedGameProxy",
  "delayedWETHPermissionlessGameProxy",
] as const;
