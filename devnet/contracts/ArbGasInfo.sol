// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// The two ArbGasInfo (0x6c) views nitro-contracts calls when its host is an Arbitrum chain (an
/// L3's RollupEventInbox and SequencerInbox). A devnet rollup posts nothing to its parent, so
/// its L1 data costs nothing.
contract ArbGasInfoPrecompile {
    function getL1BaseFeeEstimate() external pure returns (uint256) {
        return 0;
    }

    function getCurrentTxL1GasFees() external pure returns (uint256) {
        return 0;
    }
}
