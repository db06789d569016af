import { parseAbi } from "viem";

/**
 * What a stuck message's diagnosis reads from the chains (src/messaging/rpc.ts): Mailbox and
 * InterchainGasPaymaster views, and IMessageRecipient's `handle`, simulated. test/diagnosis.test.ts
 * checks each against the @hyperlane-xyz/core artifacts.
 */
export const DiagnosisViewsAbi = {
  mailbox: parseAbi([
    "function delivered(bytes32 messageId) view returns (bool)",
    "function recipientIsm(address recipient) view returns (address)",
    "function defaultIsm() view returns (address)",
  ]),
  recipient: parseAbi(["function handle(uint32 origin, bytes32 sender, bytes message) payable"]),
  interchainGasPaymaster: parseAbi([
    "function destinationGasConfigs(uint32 remoteDomain) view returns (address gasOracle, uint96 gasOverhead)",
    "function getExchangeRateAndGasPrice(uint32 destinationDomain) view returns (uint128 tokenExchangeRate, uint128 gasPrice)",
    "function quoteGasPayment(uint32 destinationDomain, uint256 gasLimit) view returns (uint256)",
  ]),
};
