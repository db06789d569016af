import { AccessControlAbi } from "./Admin";

/** OpenZeppelin TimelockController (5.4.0): scheduled operations, their execution and the roles. */
export const TimelockControllerAbi = [
  {
    type: "event",
    name: "CallScheduled",
    inputs: [
      { name: "id", type: "bytes32", indexed: true },
      { name: "index", type: "uint256", indexed: true },
      { name: "target", type: "address", indexed: false },
      { name: "value", type: "uint256", indexed: false },
      { name: "data", type: "bytes", indexed: false },
      { name: "predecessor", type: "bytes32", indexed: false },
      { name: "delay", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "CallSalt",
    inputs: [
      { name: "id", type: "bytes32", indexed: true },
      { name: "salt", type: "bytes32", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "CallExecuted",
    inputs: [
      { name: "id", type: "bytes32", indexed: true },
      { name: "index", type: "uint256", indexed: true },
      { name: "target", type: "address", indexed: false },
      { name: "value", type: "uint256", indexed: false },
      { name: "data", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "Cancelled",
    inputs: [
      { name: "id", type: "bytes32", indexed: true },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "MinDelayChange",
    inputs: [
      { name: "oldDuration", type: "uint256", indexed: false },
      { name: "newDuration", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
  // Its role events are AccessControl's.
  ...AccessControlAbi,
] as const;
