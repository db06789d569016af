/** ArbSys (precompile 0x64, nitro-contracts 3.2.0 precompiles/ArbSys.sol): every L2→L1 send; L2ToL1Tx.position is the Outbox's transactionIndex. L2ToL1Transaction is the pre-Nitro shape. */
export const ArbSysAbi = [
  {
    type: "event",
    name: "L2ToL1Tx",
    inputs: [
      { name: "caller", type: "address", indexed: false },
      { name: "destination", type: "address", indexed: true },
      { name: "hash", type: "uint256", indexed: true },
      { name: "position", type: "uint256", indexed: true },
      { name: "arbBlockNum", type: "uint256", indexed: false },
      { name: "ethBlockNum", type: "uint256", indexed: false },
      { name: "timestamp", type: "uint256", indexed: false },
      { name: "callvalue", type: "uint256", indexed: false },
      { name: "data", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "L2ToL1Transaction",
    inputs: [
      { name: "caller", type: "address", indexed: false },
      { name: "destination", type: "address", indexed: true },
      { name: "uniqueId", type: "uint256", indexed: true },
      { name: "batchNumber", type: "uint256", indexed: true },
      { name: "indexInBatch", type: "uint256", indexed: false },
      { name: "arbBlockNum", type: "uint256", indexed: false },
      { name: "ethBlockNum", type: "uint256", indexed: false },
      { name: "timestamp", type: "uint256", indexed: false },
      { name: "callvalue", type: "uint256", indexed: false },
      { name: "data", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "SendMerkleUpdate",
    inputs: [
      { name: "reserved", type: "uint256", indexed: true },
      { name: "hash", type: "bytes32", indexed: true },
      { name: "position", type: "uint256", indexed: true },
    ],
    anonymous: false,
  },
] as const;
