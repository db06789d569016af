/**
 * The Orbit RollupCreators each public chain has, by chain id, as @arbitrum/orbit-sdk 0.26.0
 * ships them (npm; dist/contracts/RollupCreator/v1.1.js, v2.1.js, v3.1.js and v3.2.js, each
 * `rollupCreatorAddress`). The version is the SDK's label of the nitro-contracts release. The
 * package gives no deployment blocks, so a preset watches them from block 0. Other rollup
 * contracts (OP Stack chains' SystemConfig and bridges) have no npm source this project can read.
 */
export const ORBIT_ROLLUP_CREATORS: Record<number, { version: string; address: `0x${string}` }[]> = {
  1: [
    { version: "1.1", address: "0x90D68B056c411015eaE3EC0b98AD94E2C91419F1" },
    { version: "2.1", address: "0x8c88430658a03497D13cDff7684D37b15aA2F3e1" },
    { version: "3.1", address: "0x43698080f40dB54DEE6871540037b8AB8fD0AB44" },
    { version: "3.2", address: "0xe06Bc77336E201c4C08751918A4bB99ddf0e1Bf7" },
  ],
  8453: [
    { version: "1.1", address: "0x850F050C65B34966895AdA26a4D06923901916DB" },
    { version: "2.1", address: "0x091b8FC0F48613b191f81009797ce55Cf97Af7C8" },
    { version: "3.1", address: "0xDbe3e840569a0446CDfEbc65D7d429c5Da5537b7" },
    { version: "3.2", address: "0x8d1668636D053C10F57367D68118bD624f41ffe6" },
  ],
  42161: [
    { version: "1.1", address: "0x9CAd81628aB7D8e239F1A5B497313341578c5F71" },
    { version: "2.1", address: "0x79607f00e61E6d7C0E6330bd7E9c4AC320D50FC9" },
    { version: "3.1", address: "0xB90e53fd945Cd28Ec4728cBfB566981dD571eB8b" },
    { version: "3.2", address: "0xF5962AD061A1aD6F38F340F5b267b3593cC1Cd7B" },
  ],
  42170: [
    { version: "1.1", address: "0x9CAd81628aB7D8e239F1A5B497313341578c5F71" },
    { version: "2.1", address: "0x9B523BF5F77e8d90e0E9eb0924aEA6E40B081aE6" },
    { version: "3.1", address: "0xF916Bfe431B7A7AaE083273F5b862e00a15d60F4" },
    { version: "3.2", address: "0xF5962AD061A1aD6F38F340F5b267b3593cC1Cd7B" },
  ],
};

/** The manifest's rollupCreators for the chains a preset names. */
export const presetRollupCreators = (chains: { name: string; chainId: number }[]) =>
  chains.flatMap((c) =>
    (ORBIT_ROLLUP_CREATORS[c.chainId] ?? []).map((creator) => ({ chain: c.name, address: creator.address.toLowerCase(), kind: "orbit" as const, version: creator.version, startBlock: 0 })),
  );
