import { type Abi, type Address, encodeFunctionData, getAddress, type Hex, type TransactionReceipt } from "viem";
import type { ChainClients } from "../clients";
import { inTurn, transact } from "../transact";

/** One contract call in the account's turn (see transact.ts), by ABI and function name. */
export function call(
  clients: ChainClients,
  accountIndex: number,
  to: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
  value?: bigint,
): Promise<TransactionReceipt> {
  const data = encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
  return transact(clients, accountIndex, { to, data, ...(value === undefined ? {} : { value }) });
}

/**
 * A transaction sent as `from` without its key (anvil_impersonateAccount): how the devnet stands
 * in for the L2 runtime delivering what a real chain derives from L1, or for a rollup contract.
 * `gas` fixes the limit where estimation would settle for a cheap failure path (a caught revert).
 */
export async function sendAs(clients: ChainClients, from: Address, request: { to: Address; data: Hex; value?: bigint; gas?: bigint }): Promise<TransactionReceipt> {
  const value = request.value ?? 0n;
  // The same turn key as transact: one impersonated sender's transactions never overlap.
  const receipt = await inTurn(`${clients.chain.rpcUrls.default.http[0]}|${getAddress(from)}`, () =>
    impersonated(clients, from, value, async () => {
      const hash = await clients.walletClient(0).sendTransaction({ account: from, ...request, value } as never);
      return clients.publicClient.waitForTransactionReceipt({ hash });
    }),
  );
  if (receipt.status !== "success") throw new Error(`transaction from ${from} (impersonated) to ${request.to} reverted: ${receipt.transactionHash}`);
  return receipt;
}

/**
 * Sends as `from` (see sendAs) without waiting: for a block the caller mines itself with
 * automine off (a retryable's submission and its retry in one block). Returns the hash.
 */
export function sendAsUnmined(
  clients: ChainClients,
  from: Address,
  request: { to: Address; data: Hex; value?: bigint; gas: bigint; maxFeePerGas?: bigint; maxPriorityFeePerGas?: bigint },
): Promise<Hex> {
  const value = request.value ?? 0n;
  return inTurn(`${clients.chain.rpcUrls.default.http[0]}|${getAddress(from)}`, () =>
    impersonated(clients, from, value, () => clients.walletClient(0).sendTransaction({ account: from, ...request, value } as never)),
  );
}

/** A contract call as `from` (see sendAs). */
export function callAs(
  clients: ChainClients,
  from: Address,
  to: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
  options: { value?: bigint; gas?: bigint } = {},
): Promise<TransactionReceipt> {
  const data = encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
  return sendAs(clients, from, { to, data, ...options });
}

/** Funds `from` with what it sends plus gas (a minted balance, as a deposit would mint), then impersonates it. */
async function impersonated<T>(clients: ChainClients, from: Address, value: bigint, run: () => Promise<T>): Promise<T> {
  const balance = await clients.publicClient.getBalance({ address: from });
  const needed = value + 10n ** 18n;
  if (balance < needed) await clients.testClient.setBalance({ address: from, value: needed });
  await clients.testClient.impersonateAccount({ address: from });
  try {
    return await run();
  } finally {
    await clients.testClient.stopImpersonatingAccount({ address: from });
  }
}
