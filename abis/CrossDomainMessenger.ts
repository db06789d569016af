/** OP Stack CrossDomainMessenger (both layers, 0.17.3): SentMessage + SentMessageExtension1 on the sending side, RelayedMessage / FailedRelayedMessage (keyed by the message hash) on the other. */
export const CrossDomainMessengerAbi = [
  {
    type: "event",
    name: "SentMessage",
    inputs: [
      { name: "target", type: "address", indexed: true },
      { name: "sender", type: "address", indexed: false },
      { name: "message", type: "bytes", indexed: false },
      { name: "messageNonce", type: "uint256", indexed: false },
      { name: "gasLimit", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "SentMessageExtension1",
    inputs: [
      { name: "sender", type: "address", indexed: true },
      { name: "value", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "RelayedMessage",
    inputs: [
      { name: "msgHash", type: "bytes32", indexed: true },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "FailedRelayedMessage",
    inputs: [
      { name: "msgHash", type: "bytes32", indexed: true },
    ],
    anonymous: false,
  },
] as const;
