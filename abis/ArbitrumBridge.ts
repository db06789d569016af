/** Arbitrum Bridge (nitro-contracts 3.2.0): every delayed message, and every L1 call the Outbox makes through it. */
export const ArbitrumBridgeAbi = [
  {
    type: "event",
    name: "MessageDelivered",
    inputs: [
      { name: "messageIndex", type: "uint256", indexed: true },
      { name: "beforeInboxAcc", type: "bytes32", indexed: true },
      { name: "inbox", type: "address", indexed: false },
      { name: "kind", type: "uint8", indexed: false },
      { name: "sender", type: "address", indexed: false },
      { name: "messageDataHash", type: "bytes32", indexed: false },
      { name: "baseFeeL1", type: "uint256", indexed: false },
      { name: "timestamp", type: "uint64", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "BridgeCallTriggered",
    inputs: [
      { name: "outbox", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "value", type: "uint256", indexed: false },
      { name: "data", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
] as const;

/** Arbitrum Inbox (3.2.0): the data of each delayed message (MessageDelivered carries only its hash). */
export const ArbitrumInboxAbi = [
  {
    type: "event",
    name: "InboxMessageDelivered",
    inputs: [
      { name: "messageNum", type: "uint256", indexed: true },
      { name: "data", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "InboxMessageDeliveredFromOrigin",
    inputs: [
      { name: "messageNum", type: "uint256", indexed: true },
    ],
    anonymous: false,
  },
] as const;

/** Arbitrum Outbox (3.2.0): executed L2→L1 sends and the send roots they are proven against. */
export const ArbitrumOutboxAbi = [
  {
    type: "event",
    name: "OutBoxTransactionExecuted",
    inputs: [
      { name: "to", type: "address", indexed: true },
      { name: "l2Sender", type: "address", indexed: true },
      { name: "zero", type: "uint256", indexed: true },
      { name: "transactionIndex", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "SendRootUpdated",
    inputs: [
      { name: "outputRoot", type: "bytes32", indexed: true },
      { name: "l2BlockHash", type: "bytes32", indexed: true },
    ],
    anonymous: false,
  },
] as const;
