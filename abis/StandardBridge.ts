/** OP Stack L1StandardBridge (0.17.3): the StandardBridge events and, emitted alongside them, the legacy L1 names (count a transfer once). */
export const L1StandardBridgeAbi = [
  {
    type: "event",
    name: "ETHBridgeInitiated",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ETHBridgeFinalized",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ERC20BridgeInitiated",
    inputs: [
      { name: "localToken", type: "address", indexed: true },
      { name: "remoteToken", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ERC20BridgeFinalized",
    inputs: [
      { name: "localToken", type: "address", indexed: true },
      { name: "remoteToken", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ETHDepositInitiated",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ETHWithdrawalFinalized",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ERC20DepositInitiated",
    inputs: [
      { name: "l1Token", type: "address", indexed: true },
      { name: "l2Token", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ERC20WithdrawalFinalized",
    inputs: [
      { name: "l1Token", type: "address", indexed: true },
      { name: "l2Token", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
] as const;

/** OP Stack L2StandardBridge (0.17.3): the StandardBridge events and the legacy L2 names emitted alongside them. */
export const L2StandardBridgeAbi = [
  {
    type: "event",
    name: "ETHBridgeInitiated",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ETHBridgeFinalized",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ERC20BridgeInitiated",
    inputs: [
      { name: "localToken", type: "address", indexed: true },
      { name: "remoteToken", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ERC20BridgeFinalized",
    inputs: [
      { name: "localToken", type: "address", indexed: true },
      { name: "remoteToken", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "WithdrawalInitiated",
    inputs: [
      { name: "l1Token", type: "address", indexed: true },
      { name: "l2Token", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "DepositFinalized",
    inputs: [
      { name: "l1Token", type: "address", indexed: true },
      { name: "l2Token", type: "address", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: false },
      { name: "amount", type: "uint256", indexed: false },
      { name: "extraData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
] as const;
