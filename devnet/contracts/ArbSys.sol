// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// ArbSys as a devnet rollup needs it at 0x64, where Arbitrum has a Go precompile and anvil has
/// nothing. Installed with anvil_setCode. Withdrawals emit the real L2ToL1Tx (same signature
/// and indexing as nitro-contracts' precompiles/ArbSys.sol); `hash` is the Outbox's item hash
/// of the send and `position` the leaf number (level 0), so a relayer can execute it on L1.
/// The withdrawn value stays here (ArbOS burns it). The devnet rollup has no view of its parent
/// chain, so ethBlockNum is this chain's block number.
contract ArbSysPrecompile {
    event L2ToL1Tx(
        address caller,
        address indexed destination,
        uint256 indexed hash,
        uint256 indexed position,
        uint256 arbBlockNum,
        uint256 ethBlockNum,
        uint256 timestamp,
        uint256 callvalue,
        bytes data
    );

    event SendMerkleUpdate(uint256 indexed reserved, bytes32 indexed hash, uint256 indexed position);

    /// ArbOS 32, reported with the precompile's 55 offset. Its presence also tells nitro-contracts'
    /// ArbitrumChecker that this chain is an Arbitrum chain (an L3's parent).
    uint256 private constant ARBOS_VERSION = 55 + 32;
    uint160 private constant ALIAS_OFFSET = uint160(0x1111000000000000000000000000000000001111);

    uint256 public sendCount;

    function arbBlockNumber() external view returns (uint256) {
        return block.number;
    }

    function arbBlockHash(uint256 arbBlockNum) external view returns (bytes32) {
        require(arbBlockNum < block.number && arbBlockNum + 256 >= block.number, "invalid block number for ArbBlockHAsh");
        return blockhash(arbBlockNum);
    }

    function arbChainID() external view returns (uint256) {
        return block.chainid;
    }

    function arbOSVersion() external pure returns (uint256) {
        return ARBOS_VERSION;
    }

    function getStorageGasAvailable() external pure returns (uint256) {
        return 0;
    }

    function isTopLevelCall() external view returns (bool) {
        return msg.sender == tx.origin;
    }

    function mapL1SenderContractAddressToL2Alias(address sender, address) external pure returns (address) {
        unchecked {
            return address(uint160(sender) + ALIAS_OFFSET);
        }
    }

    /// Without ArbOS's call-stack view, the caller's caller is the transaction's origin.
    function wasMyCallersAddressAliased() external pure returns (bool) {
        return false;
    }

    function myCallersAddressWithoutAliasing() external view returns (address) {
        return tx.origin;
    }

    function withdrawEth(address destination) external payable returns (uint256) {
        return _send(destination, "");
    }

    function sendTxToL1(address destination, bytes calldata data) external payable returns (uint256) {
        return _send(destination, data);
    }

    /// Every send is its own root on the devnet (the relayer posts one per withdrawal).
    function sendMerkleTreeState() external view returns (uint256 size, bytes32 root, bytes32[] memory partials) {
        return (sendCount, bytes32(0), new bytes32[](0));
    }

    function _send(address destination, bytes memory data) private returns (uint256) {
        uint256 position = sendCount++;
        bytes32 hash = keccak256(abi.encodePacked(msg.sender, destination, block.number, block.number, block.timestamp, msg.value, data));
        emit L2ToL1Tx(msg.sender, destination, uint256(hash), position, block.number, block.number, block.timestamp, msg.value, data);
        return position;
    }
}
