/**
 * MetaERC20 (MetaToken) hub and spoke events, as docs/protocols.md gives them: no npm package ships
 * these contracts, so a test checks every topic0 against those signatures.
 */
export const MetaERC20Abi = [
  {
    type: "event",
    name: "MetaERC20Dispatch",
    inputs: [
      { name: "transferId", type: "bytes32", indexed: true },
      { name: "originDomain", type: "uint32", indexed: false },
      { name: "senderAddress", type: "bytes32", indexed: true },
      { name: "recipientDomain", type: "uint32", indexed: true },
      { name: "recipientAddress", type: "bytes32", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "sourceDecimals", type: "uint8", indexed: false },
      { name: "messageType", type: "uint8", indexed: false },
      { name: "metaERC20Version", type: "uint8", indexed: false },
      { name: "finality", type: "uint8", indexed: false },
      { name: "gasLimit", type: "uint256", indexed: false },
      { name: "sourceTokenAddress", type: "bytes32", indexed: false },
      { name: "destinationTokenAddress", type: "bytes32", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "MetaERC20Received",
    inputs: [
      { name: "transferId", type: "bytes32", indexed: true },
      { name: "originDomain", type: "uint32", indexed: true },
      { name: "senderAddress", type: "bytes32", indexed: false },
      { name: "recipientDomain", type: "uint32", indexed: false },
      { name: "recipientAddress", type: "bytes32", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "sourceDecimals", type: "uint8", indexed: false },
      { name: "messageType", type: "uint8", indexed: false },
      { name: "metaERC20Version", type: "uint8", indexed: false },
      { name: "sourceTokenAddress", type: "bytes32", indexed: false },
      { name: "destinationTokenAddress", type: "bytes32", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "MetaERC20UnhandledMessage",
    inputs: [
      { name: "transferId", type: "bytes32", indexed: true },
      { name: "originDomain", type: "uint32", indexed: true },
      { name: "senderAddress", type: "bytes32", indexed: false },
      { name: "recipientDomain", type: "uint32", indexed: false },
      { name: "recipientAddress", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "sourceDecimals", type: "uint8", indexed: false },
      { name: "messageType", type: "uint8", indexed: false },
      { name: "metaERC20Version", type: "uint8", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "SecurityRelayBuffered",
    inputs: [
      { name: "transferId", type: "bytes32", indexed: true },
      { name: "originDomain", type: "uint32", indexed: false },
      { name: "sender", type: "bytes32", indexed: false },
      { name: "recipient", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "sourceDecimals", type: "uint8", indexed: false },
      { name: "version", type: "uint8", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "SecurityRelayReleased",
    inputs: [
      { name: "transferId", type: "bytes32", indexed: true },
      { name: "releaseTimestamp", type: "uint256", indexed: false },
      { name: "recipientDomain", type: "uint32", indexed: true },
      { name: "recipient", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "TransferExpired",
    inputs: [
      { name: "transferId", type: "bytes32", indexed: true },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "MetaERC20AdminUnlock",
    inputs: [
      { name: "transferId", type: "bytes32", indexed: true },
      { name: "adminAddress", type: "address", indexed: true },
      { name: "recipientAddress", type: "address", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "MetaERC20AdminReissue",
    inputs: [
      { name: "transferId", type: "bytes32", indexed: true },
      { name: "adminAddress", type: "address", indexed: true },
      { name: "recipientAddress", type: "address", indexed: false },
    ],
    anonymous: false,
  },
] as const;
