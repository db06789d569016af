/** OP Stack L2OutputOracle (0.17.3): the outputs withdrawals are proven against. */
export const L2OutputOracleAbi = [
  {
    type: "event",
    name: "OutputProposed",
    inputs: [
      { name: "outputRoot", type: "bytes32", indexed: true },
      { name: "l2OutputIndex", type: "uint256", indexed: true },
      { name: "l2BlockNumber", type: "uint256", indexed: true },
      { name: "l1Timestamp", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "OutputsDeleted",
    inputs: [
      { name: "prevNextOutputIndex", type: "uint256", indexed: true },
      { name: "newNextOutputIndex", type: "uint256", indexed: true },
    ],
    anonymous: false,
  },
] as const;
