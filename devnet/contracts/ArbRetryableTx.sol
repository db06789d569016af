// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// ArbRetryableTx as a devnet rollup needs it at 0x6e, where Arbitrum has a Go precompile and
/// anvil has nothing. Installed with anvil_setCode. Its events are the real ones (same
/// signatures and indexing as nitro-contracts' precompiles/ArbRetryableTx.sol). On a real chain
/// ArbOS emits TicketCreated and the auto-redeem's RedeemScheduled inside the retryable's
/// submission transaction; the devnet's relayer stands in for ArbOS and calls `submitted` with
/// the ticket id (the submission transaction's hash, computed from the parent-chain message) and
/// the retry transaction it sent into the same block. A failed auto-redeem leaves the ticket
/// open; `redeem` schedules a manual attempt the same way.
contract ArbRetryableTxPrecompile {
    event TicketCreated(bytes32 indexed ticketId);
    event LifetimeExtended(bytes32 indexed ticketId, uint256 newTimeout);
    event RedeemScheduled(
        bytes32 indexed ticketId,
        bytes32 indexed retryTxHash,
        uint64 indexed sequenceNum,
        uint64 donatedGas,
        address gasDonor,
        uint256 maxRefund,
        uint256 submissionFeeRefund
    );
    event Canceled(bytes32 indexed ticketId);
    /// Declared by the interface (nitro no longer emits it); here so the fixture's events are all of the real ones.
    event Redeemed(bytes32 indexed userTxHash);

    /// One week, as ArbOS's retryable lifetime.
    uint256 private constant LIFETIME = 7 days;

    mapping(bytes32 => uint64) public attempts;

    function getLifetime() external pure returns (uint256) {
        return LIFETIME;
    }

    /// The submission's events: the ticket, and its auto-redeem as attempt 0.
    function submitted(bytes32 ticketId, bytes32 retryTxHash, uint64 donatedGas, address gasDonor, uint256 maxRefund, uint256 submissionFeeRefund) external {
        emit TicketCreated(ticketId);
        attempts[ticketId] = 1;
        emit RedeemScheduled(ticketId, retryTxHash, 0, donatedGas, gasDonor, maxRefund, submissionFeeRefund);
    }

    /// A manual redeem of an open ticket: the next attempt, whose retry transaction the caller sent.
    function redeemWith(bytes32 ticketId, bytes32 retryTxHash, uint64 donatedGas) external returns (bytes32) {
        uint64 sequenceNum = attempts[ticketId]++;
        emit RedeemScheduled(ticketId, retryTxHash, sequenceNum, donatedGas, msg.sender, 0, 0);
        return retryTxHash;
    }
}
