/** OP Stack OptimismPortal (0.17.3, with L2OutputOracle): deposits and the two withdrawal steps on L1. */
export const OptimismPortalAbi = [
  {
    type: "event",
    name: "TransactionDeposited",
    inputs: [
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
      { name: "version", type: "uint256", indexed: true },
      { name: "opaqueData", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "WithdrawalProven",
    inputs: [
      { name: "withdrawalHash", type: "bytes32", indexed: true },
      { name: "from", type: "address", indexed: true },
      { name: "to", type: "address", indexed: true },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "WithdrawalFinalized",
    inputs: [
      { name: "withdrawalHash", type: "bytes32", indexed: true },
      { name: "success", type: "bool", indexed: false },
    ],
    anonymous: false,
  },
] as const;
