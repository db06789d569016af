import { type HDAccount, mnemonicToAccount } from "viem/accounts";

/** anvil's default mnemonic: every account it derives starts with 10,000 ETH on every chain. */
export const DEVNET_MNEMONIC = "test test test test test test test test test test test junk";
/** How many accounts each anvil funds (its default). */
export const DEVNET_ACCOUNT_COUNT = 10;

/** Roles by account index, the same on every chain. */
export const DEPLOYER = 0;
export const RELAYER = 1;
export const TRAFFIC_SENDERS: readonly number[] = [2, 3, 4, 5, 6, 7, 8, 9];

const derived = new Map<number, HDAccount>();

/** Derivation is slow (tens of ms): each index is derived once per process. */
export function devnetAccount(index: number): HDAccount {
  if (!Number.isInteger(index) || index < 0 || index >= DEVNET_ACCOUNT_COUNT) {
    throw new Error(`expected a devnet account index from 0 to ${DEVNET_ACCOUNT_COUNT - 1}, got ${index}`);
  }
  let account = derived.get(index);
  if (!account) {
    account = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: index });
    derived.set(index, account);
  }
  return account;
}
