import type { Hex } from "viem";

/** What an application layered on Hyperlane (warp routes, the Metalayer) learns of a Dispatch. */
export type Dispatched = {
  id: Hex;
  chainId: number;
  /** The Dispatch's `sender`: the contract that called the Mailbox (a router) */
  sender: Hex;
  destinationDomain: number;
  /** null when the message bytes are malformed */
  body: Hex | null;
  txHash: Hex;
  /** The account that sent the transaction */
  txFrom: Hex;
  timestamp: number;
};
