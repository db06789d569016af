/**
 * Hyperlane InterchainAccountRouter: a remote call sent, and an account created where it lands.
 * Routers of @hyperlane-xyz/core ≤ 7.1.2 (still deployed on older chains) emit older shapes,
 * with other topic0s: decode both, always dispatching on topic0.
 */
export const InterchainAccountRouterAbi = [
  {
    type: "event",
    name: "RemoteCallDispatched",
    inputs: [
      { name: "destination", type: "uint32", indexed: true },
      { name: "owner", type: "address", indexed: true },
      { name: "router", type: "bytes32", indexed: false },
      { name: "ism", type: "bytes32", indexed: false },
      { name: "salt", type: "bytes32", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "InterchainAccountCreated",
    inputs: [
      { name: "account", type: "address", indexed: true },
      { name: "origin", type: "uint32", indexed: false },
      { name: "router", type: "bytes32", indexed: false },
      { name: "owner", type: "bytes32", indexed: false },
      { name: "ism", type: "address", indexed: false },
      { name: "salt", type: "bytes32", indexed: false },
    ],
    anonymous: false,
  },
] as const;

/** The core ≤ 7.1.2 shapes: no salt, and the account created is a data field. */
export const LegacyInterchainAccountRouterAbi = [
  {
    type: "event",
    name: "RemoteCallDispatched",
    inputs: [
      { name: "destination", type: "uint32", indexed: true },
      { name: "owner", type: "address", indexed: true },
      { name: "router", type: "bytes32", indexed: false },
      { name: "ism", type: "bytes32", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "InterchainAccountCreated",
    inputs: [
      { name: "origin", type: "uint32", indexed: true },
      { name: "owner", type: "bytes32", indexed: true },
      { name: "ism", type: "address", indexed: false },
      { name: "account", type: "address", indexed: false },
    ],
    anonymous: false,
  },
] as const;
