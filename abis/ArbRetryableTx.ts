/**
 * ArbRetryableTx (precompile 0x6e, nitro-contracts 3.2.0 precompiles/ArbRetryableTx.sol): ArbOS
 * emits TicketCreated in a retryable's submission transaction (whose hash is the ticket id) and
 * RedeemScheduled for each redeem attempt, the auto-redeem (sequenceNum 0) and manual ones;
 * retryTxHash is the attempt's own transaction, in the same block, whose receipt says whether it ran.
 */
export const ArbRetryableTxAbi = [
  { type: "event", name: "TicketCreated", inputs: [{ name: "ticketId", type: "bytes32", indexed: true }], anonymous: false },
  {
    type: "event",
    name: "RedeemScheduled",
    inputs: [
      { name: "ticketId", type: "bytes32", indexed: true },
      { name: "retryTxHash", type: "bytes32", indexed: true },
      { name: "sequenceNum", type: "uint64", indexed: true },
      { name: "donatedGas", type: "uint64", indexed: false },
      { name: "gasDonor", type: "address", indexed: false },
      { name: "maxRefund", type: "uint256", indexed: false },
      { name: "submissionFeeRefund", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  { type: "event", name: "Canceled", inputs: [{ name: "ticketId", type: "bytes32", indexed: true }], anonymous: false },
] as const;
