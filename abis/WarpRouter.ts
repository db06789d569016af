/** Hyperlane warp route routers (TokenRouter: HypERC20, HypERC20Collateral, HypNative). */
export const WarpRouterAbi = [
  {
    type: "event",
    name: "SentTransferRemote",
    inputs: [
      { name: "destination", type: "uint32", indexed: true },
      { name: "recipient", type: "bytes32", indexed: true },
      { name: "amountOrId", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "ReceivedTransferRemote",
    inputs: [
      { name: "origin", type: "uint32", indexed: true },
      { name: "recipient", type: "bytes32", indexed: true },
      { name: "amountOrId", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
] as const;
