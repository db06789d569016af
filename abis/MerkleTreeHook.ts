/** Hyperlane MerkleTreeHook: a message's leaf in the origin's merkle tree (nothing indexed). */
export const MerkleTreeHookAbi = [
  {
    type: "event",
    name: "InsertedIntoTree",
    inputs: [
      { name: "messageId", type: "bytes32", indexed: false },
      { name: "index", type: "uint32", indexed: false },
    ],
    anonymous: false,
  },
] as const;
