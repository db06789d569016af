/** OP Stack L2ToL1MessagePasser (predeploy 0x4200…0016, 0.17.3): every withdrawal, with its withdrawalHash. */
export const L2ToL1MessagePasserAbi = [
  {
    type: "event",
    name: "MessagePassed",
    inputs: [
      { name: "nonce", type: "uint256", indexed: true },
      { name: "sender", type: "address", indexed: true },
      { name: "target", type: "address", indexed: true },
      { name: "value", type: "uint256", indexed: false },
      { name: "gasLimit", type: "uint256", indexed: false },
      { name: "data", type: "bytes", indexed: false },
      { name: "withdrawalHash", type: "bytes32", indexed: false },
    ],
    anonymous: false,
  },
] as const;
