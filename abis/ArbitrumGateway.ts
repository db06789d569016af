/** Arbitrum token bridge L1 gateway (token-bridge-contracts 1.2.5, L1ERC20Gateway): DepositInitiated._sequenceNumber is the Inbox message number. */
export const L1ArbitrumGatewayAbi = [
  {
    type: "event",
    name: "DepositInitiated",
    inputs: [
      { name: "l1Token", type: "address", indexed: false },
      { name: "_from", type: "address", indexed: true },
      { name: "_to", type: "address", indexed: true },
      { name: "_sequenceNumber", type: "uint256", indexed: true },
      { name: "_amount", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "WithdrawalFinalized",
    inputs: [
      { name: "l1Token", type: "address", indexed: false },
      { name: "_from", type: "address", indexed: true },
      { name: "_to", type: "address", indexed: true },
      { name: "_exitNum", type: "uint256", indexed: true },
      { name: "_amount", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "TxToL2",
    inputs: [
      { name: "_from", type: "address", indexed: true },
      { name: "_to", type: "address", indexed: true },
      { name: "_seqNum", type: "uint256", indexed: true },
      { name: "_data", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
] as const;

/** Arbitrum token bridge L2 gateway (1.2.5, L2ERC20Gateway): WithdrawalInitiated._l2ToL1Id is the ArbSys send's position. */
export const L2ArbitrumGatewayAbi = [
  {
    type: "event",
    name: "DepositFinalized",
    inputs: [
      { name: "l1Token", type: "address", indexed: true },
      { name: "_from", type: "address", indexed: true },
      { name: "_to", type: "address", indexed: true },
      { name: "_amount", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "WithdrawalInitiated",
    inputs: [
      { name: "l1Token", type: "address", indexed: false },
      { name: "_from", type: "address", indexed: true },
      { name: "_to", type: "address", indexed: true },
      { name: "_l2ToL1Id", type: "uint256", indexed: true },
      { name: "_exitNum", type: "uint256", indexed: false },
      { name: "_amount", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "TxToL1",
    inputs: [
      { name: "_from", type: "address", indexed: true },
      { name: "_to", type: "address", indexed: true },
      { name: "_id", type: "uint256", indexed: true },
      { name: "_data", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
] as const;

/** Arbitrum gateway routers (1.2.5): which gateway a token's transfer went through, and gateway registrations. */
export const ArbitrumGatewayRouterAbi = [
  {
    type: "event",
    name: "TransferRouted",
    inputs: [
      { name: "token", type: "address", indexed: true },
      { name: "_userFrom", type: "address", indexed: true },
      { name: "_userTo", type: "address", indexed: true },
      { name: "gateway", type: "address", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "GatewaySet",
    inputs: [
      { name: "l1Token", type: "address", indexed: true },
      { name: "gateway", type: "address", indexed: true },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "DefaultGatewayUpdated",
    inputs: [
      { name: "newDefaultGateway", type: "address", indexed: false },
    ],
    anonymous: false,
  },
] as const;
