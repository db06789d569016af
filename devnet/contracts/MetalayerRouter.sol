// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// The part of Hyperlane's Mailbox (v3) the router uses.
interface IMetalayerMailbox {
    function localDomain() external view returns (uint32);

    function dispatch(uint32 destinationDomain, bytes32 recipientAddress, bytes calldata messageBody, bytes calldata hookMetadata)
        external
        payable
        returns (bytes32 messageId);
}

/// What the router calls on the destination app with the message's write call data.
interface IMetalayerRecipient {
    function handle(uint32 originDomain, address sender, bytes calldata writeCallData) external;
}

/// One cross-chain read the app asks for; carried in the message, not executed by this fixture.
struct ReadOperation {
    uint32 domain;
    address target;
    bytes callData;
}

/// Devnet fixture of Caldera's MetalayerRouter: wraps an app's reads and write into a
/// MetalayerMessage and sends it through the real Hyperlane Mailbox to the router enrolled for
/// the destination domain, which hands the write to the destination app.
///
/// MetalayerMessage (abi.encodePacked): version (1) | finality (1) | nonce (4) | origin domain (4)
/// | sender (32) | destination domain (4) | recipient (32) | body, where body = uint32 readCount
/// | readCount x (uint32 domain | address target (20) | uint32 length | callData) | writeCallData.
contract MetalayerRouter {
    uint8 public constant VERSION = 1;
    uint8 public constant MAX_FINALITY = 2; // 0 INSTANT, 1 FINALIZED, 2 ESPRESSO

    IMetalayerMailbox public immutable mailbox;
    address public owner;
    /// The router's own message counter, from 0.
    uint32 public nonce;
    mapping(uint32 => bytes32) public routers;

    event RemoteRouterEnrolled(uint32 indexed domain, bytes32 router);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner();
    error NotMailbox();
    error UnknownFinality(uint8 finality);
    error NoRouterFor(uint32 domain);
    error NotEnrolledRouter(uint32 origin, bytes32 sender);
    error MalformedMessage();
    error WrongDestination(uint32 destinationDomain);

    constructor(address mailbox_, address owner_) {
        mailbox = IMetalayerMailbox(mailbox_);
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
    }

    function localDomain() public view returns (uint32) {
        return mailbox.localDomain();
    }

    function enrollRemoteRouter(uint32 domain, bytes32 router) external {
        if (msg.sender != owner) revert NotOwner();
        routers[domain] = router;
        emit RemoteRouterEnrolled(domain, router);
    }

    function transferOwnership(address newOwner) external {
        if (msg.sender != owner) revert NotOwner();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// msg.value pays the Mailbox's default hook (the IGP) for `gasLimit` destination gas; any
    /// overpayment goes back to the account that sent the transaction.
    function dispatch(
        uint32 destinationDomain,
        address recipient,
        ReadOperation[] calldata reads,
        bytes calldata writeCallData,
        uint8 finality,
        uint256 gasLimit
    ) external payable returns (bytes32 messageId) {
        if (finality > MAX_FINALITY) revert UnknownFinality(finality);
        bytes32 remote = routers[destinationDomain];
        if (remote == bytes32(0)) revert NoRouterFor(destinationDomain);
        bytes memory message = abi.encodePacked(
            VERSION,
            finality,
            nonce,
            mailbox.localDomain(),
            bytes32(uint256(uint160(msg.sender))),
            destinationDomain,
            bytes32(uint256(uint160(recipient))),
            encodeBody(reads, writeCallData)
        );
        nonce += 1;
        // StandardHookMetadata variant 1: msgValue 0, gasLimit, refundAddress.
        bytes memory hookMetadata = abi.encodePacked(uint16(1), uint256(0), gasLimit, tx.origin);
        messageId = mailbox.dispatch{value: msg.value}(destinationDomain, remote, message, hookMetadata);
    }

    function encodeBody(ReadOperation[] calldata reads, bytes calldata writeCallData) public pure returns (bytes memory body) {
        body = abi.encodePacked(uint32(reads.length));
        for (uint256 i = 0; i < reads.length; i++) {
            body = abi.encodePacked(body, reads[i].domain, reads[i].target, uint32(reads[i].callData.length), reads[i].callData);
        }
        body = abi.encodePacked(body, writeCallData);
    }

    /// Called by the Mailbox on delivery. A failing recipient reverts the delivery.
    function handle(uint32 origin, bytes32 sender, bytes calldata message) external payable {
        if (msg.sender != address(mailbox)) revert NotMailbox();
        if (sender == bytes32(0) || routers[origin] != sender) revert NotEnrolledRouter(origin, sender);
        if (message.length < 82) revert MalformedMessage();
        uint32 originDomain = uint32(bytes4(message[6:10]));
        address appSender = address(uint160(uint256(bytes32(message[10:42]))));
        uint32 destinationDomain = uint32(bytes4(message[42:46]));
        address recipient = address(uint160(uint256(bytes32(message[46:78]))));
        if (originDomain != origin) revert MalformedMessage();
        if (destinationDomain != mailbox.localDomain()) revert WrongDestination(destinationDomain);
        uint256 cursor = 82;
        uint32 readCount = uint32(bytes4(message[78:82]));
        for (uint32 i = 0; i < readCount; i++) {
            if (message.length < cursor + 28) revert MalformedMessage();
            uint32 length = uint32(bytes4(message[cursor + 24:cursor + 28]));
            cursor += 28 + length;
        }
        if (message.length < cursor) revert MalformedMessage();
        IMetalayerRecipient(recipient).handle(originDomain, appSender, message[cursor:]);
    }
}

/// A destination app for devnet traffic: accepts every write and records it.
contract MetalayerTestRecipient is IMetalayerRecipient {
    event MetalayerHandled(uint32 indexed originDomain, address indexed sender, bytes writeCallData);

    uint256 public handled;
    bytes32 public lastWriteHash;

    function handle(uint32 originDomain, address sender, bytes calldata writeCallData) external {
        handled += 1;
        lastWriteHash = keccak256(writeCallData);
        emit MetalayerHandled(originDomain, sender, writeCallData);
    }
}
