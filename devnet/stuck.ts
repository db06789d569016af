import { type Address, encodeFunctionData, type Hex, pad, stringToHex } from "viem";
import { DEPLOYER, devnetAccount, TRAFFIC_SENDERS } from "./accounts";
import { artifacts } from "./artifacts";
import { dispatchPayment, hyperlaneAbi } from "./hyperlane";
import { type Dispatched, decodeDispatches, standardHookMetadata } from "./messaging";
import type { DevChain } from "./network";
import { deployContract, transact } from "./transact";

/**
 * Messages that are never delivered, one for each cause of a stuck message the chains show:
 * sent once, at start, from `origin` to `destination`. The relayer leaves them pending (it
 * simulates `process` first, and wants more gas paid than the destination overhead).
 */

/** A Hyperlane domain no chain of the devnet has. */
export const UNKNOWN_DOMAIN = 77_777;

/** Gas a paid stuck message asks for: plenty for TestRecipient's `handle` with a short body. */
const PAID_GAS_LIMIT = 300_000n;

export type StuckMessages = {
  /** To a domain no chain has (unpaid: the IGP quotes no unknown domain) */
  unknownDestination: Dispatched;
  /** To an EOA on the destination, paid */
  recipientNotContract: Dispatched;
  /** To a warp router that has no router enrolled for the origin, paid: its `handle` reverts */
  recipientReverts: Dispatched & { recipientAddress: Address };
  /** To the TestRecipient, paid for no gas beyond the destination overhead */
  underpaid: Dispatched;
};

export async function sendStuckMessages(origin: DevChain, destination: DevChain): Promise<StuckMessages> {
  const sender = TRAFFIC_SENDERS[0]!;
  const from = devnetAccount(sender).address;
  // A synthetic warp router (HypERC20) on the destination's Mailbox, with no remote router enrolled.
  const router = await deployContract(destination, DEPLOYER, artifacts.HypERC20(), [18, 1n, 1n, destination.hyperlane.mailbox]);

  const send = async (destinationDomain: number, recipient: Address, body: string, gasLimit: bigint | null) => {
    const args = [destinationDomain, pad(recipient, { size: 32 }), stringToHex(body)] as const;
    const data =
      gasLimit === null
        ? encodeFunctionData({ abi: hyperlaneAbi.mailbox, functionName: "dispatch", args: [...args, "0x", origin.hyperlane.unpaidHook] })
        : encodeFunctionData({ abi: hyperlaneAbi.mailbox, functionName: "dispatch", args: [...args, standardHookMetadata(gasLimit, from)] });
    const receipt = await transact(origin, sender, { to: origin.hyperlane.mailbox, data, value: gasLimit === null ? 0n : dispatchPayment(gasLimit) });
    return decodeDispatches(receipt.logs, origin.hyperlane.mailbox)[0]!;
  };

  const unknownDestination = await send(UNKNOWN_DOMAIN, destination.hyperlane.testRecipient, "to a domain no chain has", null);
  const recipientNotContract = await send(destination.domainId, devnetAccount(TRAFFIC_SENDERS[1]!).address, "to an account with no code", PAID_GAS_LIMIT);
  const recipientReverts = await send(destination.domainId, router.address, "to a router that knows no sender", PAID_GAS_LIMIT);
  const underpaid = await send(destination.domainId, destination.hyperlane.testRecipient, "paid for the overhead only", 0n);
  return { unknownDestination, recipientNotContract, recipientReverts: { ...recipientReverts, recipientAddress: router.address }, underpaid };
}

export const stuckIds = (stuck: StuckMessages): Record<keyof StuckMessages, Hex> =>
  Object.fromEntries(Object.entries(stuck).map(([k, m]) => [k, m.id])) as Record<keyof StuckMessages, Hex>;
