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
 * A call sent as `from` without its key (anvil_impersonateAccount): how the devnet stands in
 * for the sequencer or the L2 runtime delivering what a real chain would derive from L1.
 */
export async function callAs(
  clients: ChainClients,
  from: Address,
  to: Address,
  abi: Abi,
  functionName: string,
  args: readonly unknown[] = [],
  value = 0n,
  /** A fixed gas limit where estimation would pick the cheap failure path (a caught inner revert). */
  gas?: bigint,
  /** Calldata as is (a retryable's), instead of encoding `functionName`. */
  rawData?: Hex,
): Promise<TransactionReceipt> {
  const data = rawData ?? encodeFunctionData({ abi, functionName, args } as Parameters<typeof encodeFunctionData>[0]);
  // The same turn key as transact: one impersonated sender's transactions never overlap.
  const receipt = await inTurn(`${clients.chain.rpcUrls.default.http[0]}|${getAddress(from)}`, () =>
    impersonated(clients, from, value, async () => {
      const hash = await clients.walletClient(0).sendTransaction({ account: from, to, data, value, ...(gas === undefined ? {} : { gas }) } as never);
      return clients.publicClient.waitForTransactionReceipt({ hash });
    }),
  );
  if (receipt.status !== "success") throw new Error(`impersonated call ${functionName} from ${from} reverted: ${receipt.transactionHash}`);
  return receipt;
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
