// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MetaERC20Base} from "./MetaERC20Base.sol";

/// The canonical token the hub locks: a plain OpenZeppelin ERC20 minted to its deployer.
contract MetaERA is ERC20 {
    constructor(uint256 supply, address holder) ERC20("MetaERA", "MERA") {
        _mint(holder, supply);
    }
}

/// Devnet fixture of the MetaERC20 hub on the settlement chain. It locks the canonical token for
/// transfers to spokes and unlocks it for transfers back. Spoke-to-spoke transfers above the
/// origin spoke's security threshold arrive here as SecurityRelay messages: they are buffered,
/// released to the destination spoke after `releaseDelay`, or expire after `expiryWindow` and
/// then wait for the admin to unlock their funds on this chain.
contract MetaERC20Hub is MetaERC20Base {
    using SafeERC20 for IERC20Metadata;

    enum RelayStatus {
        None,
        Buffered,
        Released,
        Expired,
        Unlocked
    }

    struct Relay {
        TransferMessage message;
        RelayStatus status;
        uint64 releasableAt;
        uint64 expiresAt;
    }

    event SecurityRelayBuffered(
        bytes32 indexed transferId, uint32 originDomain, bytes32 sender, address recipient, uint256 amount, uint8 sourceDecimals, uint8 version
    );
    event SecurityRelayReleased(bytes32 indexed transferId, uint256 releaseTimestamp, uint32 indexed recipientDomain, address indexed recipient, uint256 amount);
    event TransferExpired(bytes32 indexed transferId);
    event MetaERC20AdminUnlock(bytes32 indexed transferId, address indexed adminAddress, address recipientAddress);

    error NotBuffered(bytes32 transferId, RelayStatus status);
    error NotReleasableYet(bytes32 transferId, uint256 releasableAt);
    error RelayExpired(bytes32 transferId, uint256 expiresAt);
    error NotExpiredYet(bytes32 transferId, uint256 expiresAt);
    error NotExpired(bytes32 transferId, RelayStatus status);

    IERC20Metadata public immutable token;
    uint256 public immutable releaseDelay;
    uint256 public immutable expiryWindow;
    mapping(bytes32 => Relay) internal relays;

    constructor(address token_, address router_, uint32 localDomain_, address admin_, uint256 releaseDelay_, uint256 expiryWindow_)
        MetaERC20Base(router_, localDomain_, localDomain_, admin_)
    {
        token = IERC20Metadata(token_);
        releaseDelay = releaseDelay_;
        expiryWindow = expiryWindow_;
    }

    function localToken() public view override returns (address) {
        return address(token);
    }

    function localDecimals() public view override returns (uint8) {
        return token.decimals();
    }

    /// Locks `amount` of the canonical token (approved beforehand) and mints it on a spoke.
    function transferRemote(uint32 recipientDomain, bytes32 recipientAddress, uint256 amount, uint8 finality, uint256 gasLimit)
        external
        payable
        returns (bytes32 transferId)
    {
        token.safeTransferFrom(msg.sender, address(this), amount);
        TransferMessage memory m = _newTransfer(MINT_REQUEST, recipientDomain, recipientAddress, amount, finality);
        _emitDispatch(m, gasLimit);
        _send(m, recipientDomain, gasLimit, msg.value);
        return m.transferId;
    }

    function _receive(uint32, TransferMessage memory m) internal override {
        if (m.messageType == UNLOCK_REQUEST && m.recipientDomain == localDomain) {
            token.safeTransfer(toAddress(m.recipientAddress), toLocalUnits(m.amount, m.sourceDecimals));
            _emitReceived(m);
        } else if (m.messageType == SECURITY_RELAY && m.recipientDomain != localDomain && remotes[m.recipientDomain] != bytes32(0)) {
            Relay storage relay = relays[m.transferId];
            relay.message = m;
            relay.status = RelayStatus.Buffered;
            relay.releasableAt = uint64(block.timestamp + releaseDelay);
            relay.expiresAt = uint64(block.timestamp + expiryWindow);
            emit SecurityRelayBuffered(
                m.transferId, m.originDomain, m.senderAddress, toAddress(m.recipientAddress), m.amount, m.sourceDecimals, m.metaERC20Version
            );
        } else {
            _emitUnhandled(m);
        }
    }

    /// Sends a buffered relay on to its destination spoke; msg.value pays the message's gas.
    function release(bytes32 transferId, uint256 gasLimit) external payable returns (bytes32 messageId) {
        Relay storage relay = relays[transferId];
        if (relay.status != RelayStatus.Buffered) revert NotBuffered(transferId, relay.status);
        if (block.timestamp < relay.releasableAt) revert NotReleasableYet(transferId, relay.releasableAt);
        if (block.timestamp > relay.expiresAt) revert RelayExpired(transferId, relay.expiresAt);
        relay.status = RelayStatus.Released;
        TransferMessage memory m = relay.message;
        emit SecurityRelayReleased(transferId, block.timestamp, m.recipientDomain, toAddress(m.recipientAddress), m.amount);
        messageId = _send(m, m.recipientDomain, gasLimit, msg.value);
    }

    /// Anyone may mark a relay that was not released in time.
    function expire(bytes32 transferId) external {
        Relay storage relay = relays[transferId];
        if (relay.status != RelayStatus.Buffered) revert NotBuffered(transferId, relay.status);
        if (block.timestamp <= relay.expiresAt) revert NotExpiredYet(transferId, relay.expiresAt);
        relay.status = RelayStatus.Expired;
        emit TransferExpired(transferId);
    }

    /// Pays an expired relay's amount out of the locked canonical token, on this chain.
    function adminUnlock(bytes32 transferId, address recipientAddress) external onlyAdmin {
        Relay storage relay = relays[transferId];
        if (relay.status != RelayStatus.Expired) revert NotExpired(transferId, relay.status);
        relay.status = RelayStatus.Unlocked;
        token.safeTransfer(recipientAddress, toLocalUnits(relay.message.amount, relay.message.sourceDecimals));
        emit MetaERC20AdminUnlock(transferId, msg.sender, recipientAddress);
    }

    function relayOf(bytes32 transferId)
        external
        view
        returns (RelayStatus status, uint64 releasableAt, uint64 expiresAt, uint32 recipientDomain, uint256 amount, uint8 sourceDecimals)
    {
        Relay storage relay = relays[transferId];
        return (relay.status, relay.releasableAt, relay.expiresAt, relay.message.recipientDomain, relay.message.amount, relay.message.sourceDecimals);
    }
}
