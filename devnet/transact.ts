import { type Address, encodeDeployData, getAddress, type Hex, type TransactionReceipt } from "viem";
import type { Artifact } from "./artifacts";
import type { ChainClients } from "./clients";

/** `gas` fixes the limit where an estimate made now would not hold when the transaction is mined. */
export type TransactionRequest = { to?: Address; data: Hex; value?: bigint; gas?: bigint };

export class TransactionRevertedError extends Error {
  override name = "TransactionRevertedError";
  constructor(
    readonly receipt: TransactionReceipt,
    readonly request: TransactionRequest,
    readonly why: string,
  ) {
    const call = request.to ? `to ${request.to} (selector ${request.data.slice(0, 10)})` : "a deployment";
    super(`transaction ${receipt.transactionHash}, ${call}, reverted in block ${receipt.blockNumber}: ${why} (gas used ${receipt.gasUsed}${request.gas ? ` of ${request.gas}` : ""})`);
  }
}

/** The revert as anvil's call tracer tells it: the error, the decoded reason or the raw output. */
async function revertOf(clients: ChainClients, hash: Hex): Promise<string> {
  try {
    const trace = (await clients.publicClient.request({
      method: "debug_traceTransaction" as never,
      params: [hash, { tracer: "callTracer" }] as never,
    })) as { error?: string; revertReason?: string; output?: Hex };
    return [trace.error, trace.revertReason, trace.output].filter(Boolean).join(", ") || "no reason given";
  } catch (error) {
    return `its trace could not be read (${(error as Error).message.split("\n")[0]})`;
  }
}

/**
 * One queue per (chain, account). An account's transactions on a chain go out one at a time,
 * each after the previous one's receipt, so nonces never collide even when the scenario, the
 * traffic generator and the relayer share an account.
 */
const queues = new Map<string, Promise<unknown>>();

export function inTurn<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(task);
  queues.set(key, next);
  const forget = () => {
    if (queues.get(key) === next) queues.delete(key);
  };
  next.then(forget, forget);
  return next;
}

/**
 * Over an estimate, for what the block's other transactions change between the estimate and the
 * block: a Mailbox's tree, an IGP's or a token's checkpoints written first by another sender (an
 * ERC20Votes delegate ran out of gas at the reentrancy sentry; a dispatch at 250 ms blocks).
 */
const GAS_HEADROOM = 100_000n;

/** Sends in the account's turn, waits for the receipt, and throws if the transaction reverted. */
export function transact(clients: ChainClients, accountIndex: number, request: TransactionRequest): Promise<TransactionReceipt> {
  const wallet = clients.walletClient(accountIndex);
  const key = `${clients.chain.rpcUrls.default.http[0]}|${wallet.account.address}`;
  return inTurn(key, async () => {
    const sent = { ...request, gas: request.gas ?? (await clients.publicClient.estimateGas({ account: wallet.account, ...request })) + GAS_HEADROOM };
    const hash = await wallet.sendTransaction(sent);
    const receipt = await clients.publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new TransactionRevertedError(receipt, sent, await revertOf(clients, hash));
    return receipt;
  });
}

export async function deployContract(
  clients: ChainClients,
  accountIndex: number,
  artifact: Artifact,
  args: readonly unknown[] = [],
): Promise<{ address: Address; receipt: TransactionReceipt }> {
  const data = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args });
  const receipt = await transact(clients, accountIndex, { data });
  if (!receipt.contractAddress) throw new Error(`deployment ${receipt.transactionHash} created no contract`);
  return { address: getAddress(receipt.contractAddress), receipt };
}

/**
 * Runs `perItem` on each chain's items in input order, chains concurrently, and returns the
 * results in input order. One ordered stream per chain keeps nonces, message ids and block
 * numbers the same from run to run for the same specs.
 */
export async function inChainStreams<T, R>(items: readonly T[], chainOf: (item: T) => string, perItem: (item: T) => Promise<R>): Promise<R[]> {
  const streams = new Map<string, number[]>();
  items.forEach((item, i) => {
    const stream = streams.get(chainOf(item));
    if (stream) stream.push(i);
    else streams.set(chainOf(item), [i]);
  });
  const results = new Array<R>(items.length);
  await Promise.all(
    [...streams.values()].map(async (indexes) => {
      for (const i of indexes) results[i] = await perItem(items[i] as T);
    }),
  );
  return results;
}
