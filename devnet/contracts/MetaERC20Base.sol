// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMetalayerRecipient, MetalayerRouter, ReadOperation} from "./MetalayerRouter.sol";

/// Devnet fixture of Caldera's MetaERC20: the part the hub and the spokes share. Transfers move
/// as the write call data of a MetalayerMessage between MetaERC20 contracts enrolled per domain.
/// Amounts travel in source-token units with the source token's decimals; the receiving side
/// rescales them to its own decimals (rounding down).
abstract contract MetaERC20Base is IMetalayerRecipient {
    uint8 public constant METAERC20_VERSION = 1;
    uint8 public constant MINT_REQUEST = 0;
    uint8 public constant UNLOCK_REQUEST = 1;
    uint8 public constant SECURITY_RELAY = 2;
    uint8 public constant ADMIN_ACTION = 3;

    /// What one transfer message carries (abi.encode of this struct is the write call data).
    struct TransferMessage {
        uint8 messageType;
        bytes32 transferId;
        uint32 originDomain;
        bytes32 senderAddress;
        uint32 recipientDomain;
        bytes32 recipientAddress;
        uint256 amount;
        uint8 sourceDecimals;
        uint8 metaERC20Version;
        uint8 finality;
        bytes32 sourceTokenAddress;
        bytes32 destinationTokenAddress;
    }

    event MetaERC20Dispatch(
        bytes32 indexed transferId,
        uint32 originDomain,
        bytes32 indexed senderAddress,
        uint32 indexed recipientDomain,
        bytes32 recipientAddress,
        uint256 amount,
        uint8 sourceDecimals,
        uint8 messageType,
        uint8 metaERC20Version,
        uint8 finality,
        uint256 gasLimit,
        bytes32 sourceTokenAddress,
        bytes32 destinationTokenAddress
    );
    event MetaERC20Received(
        bytes32 indexed transferId,
        uint32 indexed originDomain,
        bytes32 senderAddress,
        uint32 recipientDomain,
        bytes32 indexed recipientAddress,
        uint256 amount,
        uint8 sourceDecimals,
        uint8 messageType,
        uint8 metaERC20Version,
        bytes32 sourceTokenAddress,
        bytes32 destinationTokenAddress
    );
    event MetaERC20UnhandledMessage(
        bytes32 indexed transferId,
        uint32 indexed originDomain,
        bytes32 senderAddress,
        uint32 recipientDomain,
        address indexed recipientAddress,
        uint256 amount,
        uint8 sourceDecimals,
        uint8 messageType,
        uint8 metaERC20Version
    );
    event RemoteEnrolled(uint32 indexed domain, bytes32 metaERC20, bytes32 token);

    error NotAdmin();
    error NotRouter();
    error UnknownSender(uint32 originDomain, address sender);
    error NoRemoteFor(uint32 domain);
    error ZeroAmount();

    MetalayerRouter public immutable router;
    uint32 public immutable localDomain;
    uint32 public immutable hubDomain;
    address public admin;
    /// The MetaERC20 contract (hub or spoke) on each remote domain, and the token it moves.
    mapping(uint32 => bytes32) public remotes;
    mapping(uint32 => bytes32) public remoteTokens;
    /// Counts this contract's outgoing transfers: part of every transferId.
    uint256 public transferNonce;

    constructor(address router_, uint32 localDomain_, uint32 hubDomain_, address admin_) {
        router = MetalayerRouter(router_);
        localDomain = localDomain_;
        hubDomain = hubDomain_;
        admin = admin_;
    }

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin();
        _;
    }

    function enrollRemote(uint32 domain, bytes32 metaERC20, bytes32 token) external onlyAdmin {
        remotes[domain] = metaERC20;
        remoteTokens[domain] = token;
        emit RemoteEnrolled(domain, metaERC20, token);
    }

    function localToken() public view virtual returns (address);

    function localDecimals() public view virtual returns (uint8);

    /// The router hands over the write call data of a message from an enrolled MetaERC20.
    function handle(uint32 originDomain, address sender, bytes calldata writeCallData) external {
        if (msg.sender != address(router)) revert NotRouter();
        if (remotes[originDomain] == bytes32(0) || remotes[originDomain] != toBytes32(sender)) revert UnknownSender(originDomain, sender);
        _receive(originDomain, abi.decode(writeCallData, (TransferMessage)));
    }

    function _receive(uint32 fromDomain, TransferMessage memory m) internal virtual;

    /// A new outgoing transfer from msg.sender, described as the message will carry it.
    function _newTransfer(uint8 messageType, uint32 recipientDomain, bytes32 recipientAddress, uint256 amount, uint8 finality)
        internal
        returns (TransferMessage memory m)
    {
        if (amount == 0) revert ZeroAmount();
        if (remotes[recipientDomain] == bytes32(0)) revert NoRemoteFor(recipientDomain);
        m.messageType = messageType;
        m.transferId = keccak256(abi.encode(localDomain, address(this), msg.sender, transferNonce));
        transferNonce += 1;
        m.originDomain = localDomain;
        m.senderAddress = toBytes32(msg.sender);
        m.recipientDomain = recipientDomain;
        m.recipientAddress = recipientAddress;
        m.amount = amount;
        m.sourceDecimals = localDecimals();
        m.metaERC20Version = METAERC20_VERSION;
        m.finality = finality;
        m.sourceTokenAddress = toBytes32(localToken());
        m.destinationTokenAddress = remoteTokens[recipientDomain];
    }

    /// Sends `m` to the MetaERC20 on `viaDomain` (the recipient's, or the hub's for a relay).
    function _send(TransferMessage memory m, uint32 viaDomain, uint256 gasLimit, uint256 payment) internal returns (bytes32 messageId) {
        bytes32 remote = remotes[viaDomain];
        if (remote == bytes32(0)) revert NoRemoteFor(viaDomain);
        messageId = router.dispatch{value: payment}(
            viaDomain, address(uint160(uint256(remote))), new ReadOperation[](0), abi.encode(m), m.finality, gasLimit
        );
    }

    function _emitDispatch(TransferMessage memory m, uint256 gasLimit) internal {
        emit MetaERC20Dispatch(
            m.transferId,
            m.originDomain,
            m.senderAddress,
            m.recipientDomain,
            m.recipientAddress,
            m.amount,
            m.sourceDecimals,
            m.messageType,
            m.metaERC20Version,
            m.finality,
            gasLimit,
            m.sourceTokenAddress,
            m.destinationTokenAddress
        );
    }

    function _emitReceived(TransferMessage memory m) internal {
        emit MetaERC20Received(
            m.transferId,
            m.originDomain,
            m.senderAddress,
            m.recipientDomain,
            m.recipientAddress,
            m.amount,
            m.sourceDecimals,
            m.messageType,
            m.metaERC20Version,
            m.sourceTokenAddress,
            toBytes32(localToken())
        );
    }

    function _emitUnhandled(TransferMessage memory m) internal {
        emit MetaERC20UnhandledMessage(
            m.transferId,
            m.originDomain,
            m.senderAddress,
            m.recipientDomain,
            toAddress(m.recipientAddress),
            m.amount,
            m.sourceDecimals,
            m.messageType,
            m.metaERC20Version
        );
    }

    /// `amount` in `fromDecimals` units, in this side's units (rounded down).
    function toLocalUnits(uint256 amount, uint8 fromDecimals) public view returns (uint256) {
        uint8 local = localDecimals();
        if (local >= fromDecimals) return amount * 10 ** (local - fromDecimals);
        return amount / 10 ** (fromDecimals - local);
    }

    function toBytes32(address a) internal pure returns (bytes32) {
        return bytes32(uint256(uint160(a)));
    }

    function toAddress(bytes32 b) internal pure returns (address) {
        return address(uint160(uint256(b)));
    }
}
