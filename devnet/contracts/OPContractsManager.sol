// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// Stand-ins for OPContractsManager, which no npm release ships: the devnet deploys its OP Stack
/// chains contract by contract, then records each here so that the chain is announced the way
/// an OPCM announces it. `Deployed` and the DeployOutput layouts are those of the optimism
/// monorepo's packages/contracts-bedrock/src/L1/OPContractsManager.sol: 2024 at commit
/// d317e96c2add4a4e7fae72d6637ad241457f16c7 (1.0.0-beta.20), 2025 at commit
/// 01324b020b09dc6b85826c6c4157e1194fee7e5f (2.7.0, emitted by OPContractsManagerDeployer).
/// Fields the devnet's pre-fault-proof chains do not have are the zero address.
contract OPContractsManager2024 {
    struct DeployOutput {
        address opChainProxyAdmin;
        address addressManager;
        address l1ERC721BridgeProxy;
        address systemConfigProxy;
        address optimismMintableERC20FactoryProxy;
        address l1StandardBridgeProxy;
        address l1CrossDomainMessengerProxy;
        address optimismPortalProxy;
        address disputeGameFactoryProxy;
        address anchorStateRegistryProxy;
        address anchorStateRegistryImpl;
        address faultDisputeGame;
        address permissionedDisputeGame;
        address delayedWETHPermissionedGameProxy;
        address delayedWETHPermissionlessGameProxy;
    }

    uint256 public constant OUTPUT_VERSION = 0;

    event Deployed(uint256 indexed outputVersion, uint256 indexed l2ChainId, address indexed deployer, bytes deployOutput);

    function record(uint256 l2ChainId, DeployOutput calldata output) external {
        emit Deployed(OUTPUT_VERSION, l2ChainId, msg.sender, abi.encode(output));
    }
}

contract OPContractsManager2025 {
    struct DeployOutput {
        address opChainProxyAdmin;
        address addressManager;
        address l1ERC721BridgeProxy;
        address systemConfigProxy;
        address optimismMintableERC20FactoryProxy;
        address l1StandardBridgeProxy;
        address l1CrossDomainMessengerProxy;
        address ethLockboxProxy;
        address optimismPortalProxy;
        address disputeGameFactoryProxy;
        address anchorStateRegistryProxy;
        address faultDisputeGame;
        address permissionedDisputeGame;
        address delayedWETHPermissionedGameProxy;
        address delayedWETHPermissionlessGameProxy;
    }

    event Deployed(uint256 indexed l2ChainId, address indexed deployer, bytes deployOutput);

    function record(uint256 l2ChainId, DeployOutput calldata output) external {
        emit Deployed(l2ChainId, msg.sender, abi.encode(output));
    }
}
