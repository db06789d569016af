import {
  type Address,
  BaseError,
  ContractFunctionRevertedError,
  type Hex,
  HttpRequestError,
  pad,
  SocketClosedError,
  TimeoutError,
  WebSocketRequestError,
} from "viem";
import { DiagnosisViewsAbi as diagnosisAbi } from "../../abis/DiagnosisViews";
import { rpcClients } from "../network/rpc";
import { slots } from "../network/slots";
import type { Answer, ChainFacts, Quote } from "./diagnosis";

/**
 * The chain reads of a message's diagnosis, bounded so that a slow or dead RPC cannot hold the
 * API: each read answers within `timeoutMs` (waiting for a slot included), at most `concurrent`
 * run at once across all chains, and answers are kept in a small cache (reads at a fixed block
 * for long, the head briefly, failures for a few seconds so a dead chain is not asked again by
 * every request). The RPC URLs are the manifest's; DIAGNOSIS_RPC_TIMEOUT_MS sets the timeout.
 */
export const RPC_LIMITS = { timeoutMs: Number(process.env.DIAGNOSIS_RPC_TIMEOUT_MS) || 2_000, concurrent: 8, cacheEntries: 1_000, pinnedTtlMs: 300_000, headTtlMs: 2_000, failureTtlMs: 5_000 };

/** What a transaction pays before it runs; a call from inside the Mailbox's `process` does not. */
export const INTRINSIC_GAS = 21_000n;

const client = rpcClients({ timeoutMs: RPC_LIMITS.timeoutMs, retryCount: 0 });

const limited = slots(RPC_LIMITS.concurrent);

const cache = new Map<string, { answer: Promise<Answer<unknown>>; until: number }>();

/** The RPC did not answer (as opposed to answering with an error, a revert say). */
export const unanswered = (error: unknown) =>
  !(error instanceof BaseError) ||
  error.walk((e) => e instanceof HttpRequestError || e instanceof TimeoutError || e instanceof SocketClosedError || e instanceof WebSocketRequestError) !== null;

const describe = (error: unknown) => (error instanceof BaseError ? error.shortMessage : error instanceof Error ? error.message : String(error));

/** One bounded, cached read; `key` names it (chain, what, arguments, block). */
function read<T>(key: string, ttlMs: number, run: () => Promise<T>): Promise<Answer<T>> {
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) {
    cache.delete(key);
    cache.set(key, hit);
    return hit.answer as Promise<Answer<T>>;
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError({ body: { key }, url: "(diagnosis)" })), RPC_LIMITS.timeoutMs);
  });
  const answer: Promise<Answer<T>> = Promise.race([limited(run, Date.now() + RPC_LIMITS.timeoutMs), deadline])
    .then((value) => ({ ok: true as const, value }))
    .catch((error) => ({ ok: false as const, error: describe(error), unanswered: unanswered(error) }))
    .finally(() => clearTimeout(timer));
  const entry = { answer: answer as Promise<Answer<unknown>>, until: Date.now() + ttlMs };
  cache.set(key, entry);
  void answer.then((a) => {
    if (!a.ok && cache.get(key) === entry) entry.until = Date.now() + RPC_LIMITS.failureTtlMs;
  });
  while (cache.size > RPC_LIMITS.cacheEntries) cache.delete(cache.keys().next().value!);
  return answer;
}

/** An answer that is the chain's reply, an error included (a revert): only silence is unreachable. */
const answered = <T>(a: Answer<T>) => a.ok || !(a as { unanswered?: boolean }).unanswered;

export type MessageToCheck = {
  id: Hex;
  originDomain: number;
  /** 20-byte address or bytes32, as the message row stores them */
  sender: Hex;
  recipient: Hex;
  body: Hex;
  destinationDomain: number;
  destination: { chainId: number; mailbox: Address };
  origin: { chainId: number; interchainGasPaymaster: Address | null; dispatchBlock: number } | null;
};

/** Everything the chains say of a pending message (see ChainFacts). */
export async function readChainFacts(m: MessageToCheck): Promise<ChainFacts> {
  const dest = m.destination.chainId;
  const c = client(dest);
  const head = await read(`${dest}:head`, RPC_LIMITS.headTtlMs, async () => {
    const block = await c.getBlock();
    return { blockNumber: Number(block.number), timestamp: Number(block.timestamp) };
  });
  if (!head.ok) return { head, delivered: head, code: head, ism: head, handle: head, quote: null };
  const at = BigInt(head.value.blockNumber);
  const pinned = <T>(what: string, run: () => Promise<T>) => read(`${dest}:${what}:${at}`, RPC_LIMITS.pinnedTtlMs, run);
  const mailbox = { address: m.destination.mailbox, abi: diagnosisAbi.mailbox, blockNumber: at } as const;
  const recipient = m.recipient.length === 42 ? (m.recipient as Address) : null;

  const handleCall = recipient && {
    address: recipient,
    abi: diagnosisAbi.recipient,
    functionName: "handle",
    args: [m.originDomain, pad(m.sender, { size: 32 }), m.body],
    account: m.destination.mailbox,
    blockNumber: at,
  } as const;
  // One round of reads at the head; handle's answer counts only if the recipient has code.
  const [delivered, code, ism, handled] = await Promise.all([
    pinned(`delivered:${m.id}`, () => c.readContract({ ...mailbox, functionName: "delivered", args: [m.id] })),
    recipient ? pinned(`code:${recipient}`, async () => (await c.getCode({ address: recipient, blockNumber: at })) ?? ("0x" as Hex)) : null,
    pinned(`ism:${m.destination.mailbox}:${recipient ?? "none"}`, async () => {
      const [ism, defaultIsm] = await Promise.all([
        recipient ? c.readContract({ ...mailbox, functionName: "recipientIsm", args: [recipient] }) : c.readContract({ ...mailbox, functionName: "defaultIsm" }),
        c.readContract({ ...mailbox, functionName: "defaultIsm" }),
      ]);
      return { ism: ism.toLowerCase() as Hex, defaultIsm: defaultIsm.toLowerCase() as Hex };
    }),
    handleCall &&
      pinned(`handle:${m.id}`, async () => {
        const [simulated, estimated] = await Promise.allSettled([c.simulateContract(handleCall), c.estimateContractGas(handleCall)]);
        if (simulated.status === "rejected") {
          if (unanswered(simulated.reason)) throw simulated.reason;
          return { reverted: true as const, reason: revertReason(simulated.reason) };
        }
        if (estimated.status === "rejected") throw estimated.reason;
        const gas = estimated.value;
        return { reverted: false as const, gas: gas > INTRINSIC_GAS ? gas - INTRINSIC_GAS : gas };
      }),
  ]);
  if (!code?.ok || code.value === "0x") return { head, delivered, code, ism, handle: null, quote: null };
  const handle = handled!;
  const igp = m.origin?.interchainGasPaymaster;
  if (!handle.ok || handle.value.reverted || !m.origin || !igp) return { head, delivered, code, ism, handle, quote: null };
  return { head, delivered, code, ism, handle, quote: await readQuote({ ...m.origin, interchainGasPaymaster: igp }, m.destinationDomain, handle.value.gas) };
}

/** Why a call reverted, in the contract's words. */
function revertReason(error: unknown): string {
  const revert = error instanceof BaseError ? (error.walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError | null) : null;
  if (revert?.reason) return revert.reason;
  if (revert?.data) return `${revert.data.errorName}(${(revert.data.args ?? []).map(String).join(", ")})`;
  if (revert?.signature) return `custom error ${revert.signature}`;
  return error instanceof BaseError ? error.shortMessage : "execution reverted";
}

/**
 * The origin IGP's quote for `handleGas` plus the destination overhead, with the gas oracle's
 * figures, at the dispatch block; at the head when the RPC keeps no state that old.
 */
async function readQuote(origin: { chainId: number; interchainGasPaymaster: Address; dispatchBlock: number }, destinationDomain: number, handleGas: bigint): Promise<Answer<Quote>> {
  const c = client(origin.chainId);
  const igp = { address: origin.interchainGasPaymaster, abi: diagnosisAbi.interchainGasPaymaster } as const;
  const quoteAt = async (blockNumber: bigint | undefined): Promise<Quote> => {
    const [[gasOracle, gasOverhead], [tokenExchangeRate, gasPrice]] = await Promise.all([
      c.readContract({ ...igp, functionName: "destinationGasConfigs", args: [destinationDomain], blockNumber }),
      c.readContract({ ...igp, functionName: "getExchangeRateAndGasPrice", args: [destinationDomain], blockNumber }),
    ]);
    const gasNeeded = handleGas + gasOverhead;
    const quote = await c.readContract({ ...igp, functionName: "quoteGasPayment", args: [destinationDomain, gasNeeded], blockNumber });
    const atBlock = blockNumber === undefined ? ("latest" as const) : Number(blockNumber);
    return { interchainGasPaymaster: igp.address, gasOracle: gasOracle.toLowerCase() as Hex, tokenExchangeRate, gasPrice, gasOverhead, gasNeeded, quote, atBlock };
  };
  const key = `${origin.chainId}:quote:${igp.address}:${destinationDomain}:${handleGas}`;
  const atDispatch = await read(`${key}:${origin.dispatchBlock}`, RPC_LIMITS.pinnedTtlMs, () => quoteAt(BigInt(origin.dispatchBlock)));
  if (atDispatch.ok || !answered(atDispatch)) return atDispatch;
  return read(`${key}:latest`, RPC_LIMITS.headTtlMs, () => quoteAt(undefined));
}
