// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {MetaERC20Base} from "./MetaERC20Base.sol";

/// Devnet fixture of a MetaERC20 spoke on a rollup: its own ERC20 (with its own decimals),
/// burnt on the way out and minted on the way in. Transfers to another spoke above
/// `securityThreshold` (in this token's units) go through the hub as SecurityRelay messages.
contract MetaERC20Spoke is MetaERC20Base, ERC20 {
    event MetaERC20AdminReissue(bytes32 indexed transferId, address indexed adminAddress, address recipientAddress);

    error NotRelayedFromHere(bytes32 transferId);
    error AlreadyReissued(bytes32 transferId);

    uint8 private immutable decimals_;
    uint256 public immutable securityThreshold;
    /// Outgoing SecurityRelay transfers: the amount the admin may reissue if the hub lets one expire.
    mapping(bytes32 => uint256) public relayedAmount;
    mapping(bytes32 => bool) public reissued;

    constructor(
        string memory name_,
        string memory symbol_,
        uint8 tokenDecimals,
        address router_,
        uint32 localDomain_,
        uint32 hubDomain_,
        address admin_,
        uint256 securityThreshold_
    ) MetaERC20Base(router_, localDomain_, hubDomain_, admin_) ERC20(name_, symbol_) {
        decimals_ = tokenDecimals;
        securityThreshold = securityThreshold_;
    }

    function decimals() public view override returns (uint8) {
        return decimals_;
    }

    function localToken() public view override returns (address) {
        return address(this);
    }

    function localDecimals() public view override returns (uint8) {
        return decimals_;
    }

    /// Burns `amount` of the caller's tokens: an UnlockRequest to the hub, a MintRequest straight
    /// to another spoke, or, above the threshold, a SecurityRelay through the hub.
    function transferRemote(uint32 recipientDomain, bytes32 recipientAddress, uint256 amount, uint8 finality, uint256 gasLimit)
        external
        payable
        returns (bytes32 transferId)
    {
        _burn(msg.sender, amount);
        uint8 messageType = recipientDomain == hubDomain ? UNLOCK_REQUEST : amount > securityThreshold ? SECURITY_RELAY : MINT_REQUEST;
        TransferMessage memory m = _newTransfer(messageType, recipientDomain, recipientAddress, amount, finality);
        if (messageType == SECURITY_RELAY) relayedAmount[m.transferId] = amount;
        _emitDispatch(m, gasLimit);
        _send(m, messageType == MINT_REQUEST ? recipientDomain : hubDomain, gasLimit, msg.value);
        return m.transferId;
    }

    function _receive(uint32 fromDomain, TransferMessage memory m) internal override {
        bool mint = m.messageType == MINT_REQUEST || (m.messageType == SECURITY_RELAY && fromDomain == hubDomain);
        if (mint && m.recipientDomain == localDomain) {
            _mint(toAddress(m.recipientAddress), toLocalUnits(m.amount, m.sourceDecimals));
            _emitReceived(m);
        } else {
            _emitUnhandled(m);
        }
    }

    /// Mints back an outgoing relay the hub let expire (instead of the hub admin's unlock there).
    function adminReissue(bytes32 transferId, address recipientAddress) external onlyAdmin {
        uint256 amount = relayedAmount[transferId];
        if (amount == 0) revert NotRelayedFromHere(transferId);
        if (reissued[transferId]) revert AlreadyReissued(transferId);
        reissued[transferId] = true;
        _mint(recipientAddress, amount);
        emit MetaERC20AdminReissue(transferId, msg.sender, recipientAddress);
    }
}
