import { type Address, getAddress, toHex } from "viem";

/** AddressAliasHelper's offset: an L1 contract's messages arrive on L2 from its address plus this. */
const ALIAS_OFFSET = 0x1111000000000000000000000000000000001111n;
const ADDRESS_SPACE = 1n << 160n;

export const applyL1ToL2Alias = (l1Address: Address): Address =>
  getAddress(toHex((BigInt(l1Address) + ALIAS_OFFSET) % ADDRESS_SPACE, { size: 20 }));

export const undoL1ToL2Alias = (l2Address: Address): Address =>
  getAddress(toHex((BigInt(l2Address) - ALIAS_OFFSET + ADDRESS_SPACE) % ADDRESS_SPACE, { size: 20 }));
