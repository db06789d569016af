/** OP Stack SystemConfig (contracts-bedrock 0.17.3): ConfigUpdate, its updateType says how `data` is encoded. */
export const SystemConfigAbi = [
  {
    type: "event",
    name: "ConfigUpdate",
    inputs: [
      { name: "version", type: "uint256", indexed: true },
      { name: "updateType", type: "uint8", indexed: true },
      { name: "data", type: "bytes", indexed: false },
    ],
    anonymous: false,
  },
] as const;
