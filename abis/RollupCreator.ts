/** Arbitrum Orbit RollupCreator: every RollupCreated variant (each its own topic0). nitro-contracts 3.x (11 addresses), 1.1–2.x (12, with validatorUtils), 1.0 (10, no native token), and the oldest (5). The two newest are in the npm artifacts; the older ones are written from nitro-contracts' sources (1.0.2) and protocols.md. */
export const RollupCreatorAbi = [
  {
    type: "event",
    name: "RollupCreated",
    inputs: [
      { name: "rollupAddress", type: "address", indexed: true },
      { name: "nativeToken", type: "address", indexed: true },
      { name: "inboxAddress", type: "address", indexed: false },
      { name: "outbox", type: "address", indexed: false },
      { name: "rollupEventInbox", type: "address", indexed: false },
      { name: "challengeManager", type: "address", indexed: false },
      { name: "adminProxy", type: "address", indexed: false },
      { name: "sequencerInbox", type: "address", indexed: false },
      { name: "bridge", type: "address", indexed: false },
      { name: "upgradeExecutor", type: "address", indexed: false },
      { name: "validatorWalletCreator", type: "address", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "RollupCreated",
    inputs: [
      { name: "rollupAddress", type: "address", indexed: true },
      { name: "nativeToken", type: "address", indexed: true },
      { name: "inboxAddress", type: "address", indexed: false },
      { name: "outbox", type: "address", indexed: false },
      { name: "rollupEventInbox", type: "address", indexed: false },
      { name: "challengeManager", type: "address", indexed: false },
      { name: "adminProxy", type: "address", indexed: false },
      { name: "sequencerInbox", type: "address", indexed: false },
      { name: "bridge", type: "address", indexed: false },
      { name: "upgradeExecutor", type: "address", indexed: false },
      { name: "validatorUtils", type: "address", indexed: false },
      { name: "validatorWalletCreator", type: "address", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "RollupCreated",
    inputs: [
      { name: "rollupAddress", type: "address", indexed: true },
      { name: "inboxAddress", type: "address", indexed: false },
      { name: "outbox", type: "address", indexed: false },
      { name: "rollupEventInbox", type: "address", indexed: false },
      { name: "challengeManager", type: "address", indexed: false },
      { name: "adminProxy", type: "address", indexed: false },
      { name: "sequencerInbox", type: "address", indexed: false },
      { name: "bridge", type: "address", indexed: false },
      { name: "validatorUtils", type: "address", indexed: false },
      { name: "validatorWalletCreator", type: "address", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "RollupCreated",
    inputs: [
      { name: "rollupAddress", type: "address", indexed: true },
      { name: "inboxAddress", type: "address", indexed: false },
      { name: "adminProxy", type: "address", indexed: false },
      { name: "sequencerInbox", type: "address", indexed: false },
      { name: "bridge", type: "address", indexed: false },
    ],
    anonymous: false,
  },
] as const;

/** The rollup contract (RollupAdminLogic): RollupInitialized carries the L2 chain id. */
export const RollupAbi = [
  {
    type: "event",
    name: "RollupInitialized",
    inputs: [
      { name: "machineHash", type: "bytes32", indexed: false },
      { name: "chainId", type: "uint256", indexed: false },
    ],
    anonymous: false,
  },
] as const;
