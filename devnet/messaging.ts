import {
  type Address,
  BaseError,
  ExecutionRevertedError,
  encodeFunctionData,
  encodePacked,
  getAddress,
  type Hex,
  hexToNumber,
  isAddressEqual,
  keccak256,
  type Log,
  pad,
  parseEventLogs,
  sliceHex,
  type TransactionReceipt,
} from "viem";
import { RELAYER } from "./accounts";
import { devnetGasPricing, gasForPayment, hyperlaneAbi, quoteGasPayment } from "./hyperlane";
import type { DevChain } from "./network";
import { transact } from "./transact";

/**
 * Dispatching, paying and delivering on the devnet's real Mailbox and IGP, and reading the
 * outcome back from the receipts' logs (the ground truth tests compare the indexer with).
 */

export type Dispatched = {
  id: Hex;
  sender: Address;
  destinationDomain: number;
  recipient: Hex;
  nonce: number;
  /** The whole message as the Mailbox emitted it: what `process` takes. */
  message: Hex;
  txHash: Hex;
  blockNumber: bigint;
};

export type GasPaid = { id: Hex; destinationDomain: number; gasAmount: bigint; payment: bigint; txHash: Hex; blockNumber: bigint };

export type Delivered = { id: Hex; txHash: Hex; blockNumber: bigint; relayer: Address };

export class DevnetLogError extends Error {
  override name = "DevnetLogError";
}

// ---------------------------------------------------------------------------------------------
// Reading logs

type RawLog = Log<bigint, number, false>;

/** Dispatch logs of `mailbox`, each checked against the DispatchId log that follows it. */
export function decodeDispatches(logs: readonly RawLog[], mailbox: Address): Dispatched[] {
  const ours = logs.filter((log) => isAddressEqual(log.address, mailbox));
  const events = parseEventLogs({ abi: hyperlaneAbi.mailbox, logs: ours, eventName: ["Dispatch", "DispatchId"] });
  return events.flatMap((event, i) => {
    if (event.eventName !== "Dispatch") return [];
    const id = keccak256(event.args.message);
    const next = events[i + 1];
    if (next?.eventName !== "DispatchId" || next.args.messageId !== id) {
      throw new DevnetLogError(`Dispatch in ${event.transactionHash} hashes to ${id}, but the DispatchId after it says ${next?.eventName === "DispatchId" ? next.args.messageId : "nothing"}`);
    }
    return [
      {
        id,
        sender: getAddress(event.args.sender),
        destinationDomain: event.args.destination,
        recipient: event.args.recipient,
        // Message.sol layout: version (1) ‖ nonce (4) ‖ …
        nonce: hexToNumber(sliceHex(event.args.message, 1, 5)),
        message: event.args.message,
        txHash: event.transactionHash,
        blockNumber: event.blockNumber,
      },
    ];
  });
}

export function decodeGasPayments(logs: readonly RawLog[], interchainGasPaymaster: Address): GasPaid[] {
  const ours = logs.filter((log) => isAddressEqual(log.address, interchainGasPaymaster));
  return parseEventLogs({ abi: hyperlaneAbi.interchainGasPaymaster, logs: ours, eventName: "GasPayment" }).map((event) => ({
    id: event.args.messageId,
    destinationDomain: event.args.destinationDomain,
    gasAmount: event.args.gasAmount,
    payment: event.args.payment,
    txHash: event.transactionHash,
    blockNumber: event.blockNumber,
  }));
}

function single<T>(items: T[], what: string, txHash: Hex): T {
  if (items.length !== 1) throw new DevnetLogError(`expected one ${what} in ${txHash}, found ${items.length}`);
  return items[0] as T;
}

// ---------------------------------------------------------------------------------------------
// Sending

export class PaymentTooSmallError extends Error {
  override name = "PaymentTooSmallError";
}

/**
 * The gas limit a dispatch must ask for so that its IGP quote is `payment`: the payment buys
 * gas, the destination overhead comes off the top. Rounds down, so the IGP refunds any
 * remainder below one gas.
 */
export function dispatchGasLimit(payment: bigint): bigint {
  const gasLimit = gasForPayment(payment) - devnetGasPricing.gasOverhead;
  if (gasLimit <= 0n) {
    throw new PaymentTooSmallError(
      `a dispatch payment of ${payment} wei does not cover the destination gas overhead (${quoteGasPayment(devnetGasPricing.gasOverhead)} wei); use dispatchPayment(gasLimit) to price one`,
    );
  }
  return gasLimit;
}

/** StandardHookMetadata (variant 1): no value for the recipient, the gas limit, the refund address. */
export function standardHookMetadata(gasLimit: bigint, refundAddress: Address): Hex {
  return encodePacked(["uint16", "uint256", "uint256", "address"], [1, 0n, gasLimit, refundAddress]);
}

export type DispatchRequest = {
  destination: DevChain;
  body: Hex;
  /** Account index of the sender. */
  sender: number;
  /** msg.value paid to the IGP through the default hook; undefined dispatches unpaid. */
  payment?: bigint;
};

/** The recipient of every devnet message: the destination's TestRecipient, as bytes32. */
export const recipientOn = (destination: DevChain): Hex => pad(destination.hyperlane.testRecipient, { size: 32 });

/**
 * Paid: through the default hook (the IGP) with metadata asking for exactly the gas the
 * payment buys. Unpaid: through the fee-less TestPostDispatchHook, since the IGP would revert.
 */
export async function dispatch(origin: DevChain, request: DispatchRequest): Promise<{ dispatched: Dispatched; payments: GasPaid[] }> {
  const from = origin.walletClient(request.sender).account.address;
  const target = [request.destination.domainId, recipientOn(request.destination), request.body] as const;
  const data =
    request.payment === undefined
      ? encodeFunctionData({ abi: hyperlaneAbi.mailbox, functionName: "dispatch", args: [...target, "0x", origin.hyperlane.unpaidHook] })
      : encodeFunctionData({
          abi: hyperlaneAbi.mailbox,
          functionName: "dispatch",
          args: [...target, standardHookMetadata(dispatchGasLimit(request.payment), from)],
        });
  const receipt = await transact(origin, request.sender, { to: origin.hyperlane.mailbox, data, value: request.payment ?? 0n });
  const dispatched = single(decodeDispatches(receipt.logs, origin.hyperlane.mailbox), "Dispatch", receipt.transactionHash);
  return { dispatched, payments: paymentsFor(receipt, origin, dispatched.id) };
}

function paymentsFor(receipt: TransactionReceipt, origin: DevChain, id: Hex): GasPaid[] {
  return decodeGasPayments(receipt.logs, origin.hyperlane.interchainGasPaymaster).filter((paid) => paid.id === id);
}

/** A later top-up: `payment` buys gas at the IGP's quote; any remainder is refunded to the payer. */
export async function payForGas(origin: DevChain, request: { id: Hex; destinationDomain: number; payment: bigint; payer: number }): Promise<GasPaid> {
  const gasAmount = gasForPayment(request.payment);
  if (gasAmount <= 0n) throw new PaymentTooSmallError(`a payment of ${request.payment} wei buys no gas`);
  const refundAddress = origin.walletClient(request.payer).account.address;
  const data = encodeFunctionData({
    abi: hyperlaneAbi.interchainGasPaymaster,
    functionName: "payForGas",
    args: [request.id, request.destinationDomain, gasAmount, refundAddress],
  });
  const receipt = await transact(origin, request.payer, { to: origin.hyperlane.interchainGasPaymaster, data, value: request.payment });
  return single(paymentsFor(receipt, origin, request.id), "GasPayment", receipt.transactionHash);
}

/** `process` from the relayer account. TestIsm accepts empty metadata. */
export async function deliver(destination: DevChain, message: Hex): Promise<Delivered> {
  const data = encodeFunctionData({ abi: hyperlaneAbi.mailbox, functionName: "process", args: ["0x", message] });
  const receipt = await transact(destination, RELAYER, { to: destination.hyperlane.mailbox, data });
  const id = keccak256(message);
  const processed = parseEventLogs({
    abi: hyperlaneAbi.mailbox,
    logs: receipt.logs.filter((log) => isAddressEqual(log.address, destination.hyperlane.mailbox)),
    eventName: "ProcessId",
  });
  if (single(processed, "ProcessId", receipt.transactionHash).args.messageId !== id) {
    throw new DevnetLogError(`ProcessId in ${receipt.transactionHash} is not ${id}`);
  }
  return { id, txHash: receipt.transactionHash, blockNumber: receipt.blockNumber, relayer: getAddress(receipt.from) };
}

/** Whether `process` of the message reverts when simulated from the relayer (not: whether the RPC failed). */
export async function processReverts(destination: DevChain, message: Hex): Promise<boolean> {
  const data = encodeFunctionData({ abi: hyperlaneAbi.mailbox, functionName: "process", args: ["0x", message] });
  try {
    await destination.publicClient.call({ account: destination.walletClient(RELAYER).account.address, to: destination.hyperlane.mailbox, data });
    return false;
  } catch (error) {
    if (error instanceof BaseError && error.walk((e) => e instanceof ExecutionRevertedError)) return true;
    throw error;
  }
}

export function isDelivered(destination: DevChain, id: Hex): Promise<boolean> {
  return destination.publicClient.readContract({
    address: destination.hyperlane.mailbox,
    abi: hyperlaneAbi.mailbox,
    functionName: "delivered",
    args: [id],
  });
}
