import { type Address, type Hex, toEventSelector } from "viem";
import { InterchainGasPaymasterAbi } from "../abis/InterchainGasPaymaster";
import { MailboxAbi } from "../abis/Mailbox";
import { MerkleTreeHookAbi } from "../abis/MerkleTreeHook";
import { rpc, toQuantity } from "./rpc";

/** A log as eth_getLogs returns it, untouched. */
export type RpcLog = {
  address: Address;
  topics: Hex[];
  data: Hex;
  blockNumber: Hex;
  transactionHash: Hex;
  logIndex: Hex;
};

/** Every event the project indexes, by name, with its topic0 and the contract that emits it. */
type IndexedContract = "mailbox" | "interchainGasPaymaster" | "merkleTreeHook";
const eventsOf = (contract: IndexedContract, abi: readonly { type: string; name?: string }[]) =>
  abi
    .filter((item) => item.type === "event")
    .map((item) => ({ contract, name: item.name as string, topic0: toEventSelector(item as Parameters<typeof toEventSelector>[0]) }));

export const INDEXED_EVENTS = [
  ...eventsOf("mailbox", MailboxAbi),
  ...eventsOf("interchainGasPaymaster", InterchainGasPaymasterAbi),
  ...eventsOf("merkleTreeHook", MerkleTreeHookAbi),
];

/** The topic0s of the indexed events called `name` (GasPayment has two variants). */
export const topicsNamed = (name: string): Hex[] => {
  const topics = INDEXED_EVENTS.filter((e) => e.name === name).map((e) => e.topic0);
  if (topics.length === 0) throw new Error(`no indexed event named ${name}; the events are ${INDEXED_EVENTS.map((e) => e.name).join(", ")}`);
  return topics;
};

/**
 * eth_getLogs over [from, to] in ranges of `range` blocks, `concurrency` ranges at a time,
 * handing each range's logs to `onLogs` in block order.
 */
export async function scanLogs(
  rpcUrl: string,
  filter: { address: Address[]; topic0s: Hex[] },
  from: number,
  to: number,
  onLogs: (logs: RpcLog[]) => void,
  { range = 100, concurrency = 2 } = {},
): Promise<void> {
  const ranges: [number, number][] = [];
  for (let start = from; start <= to; start += range) ranges.push([start, Math.min(to, start + range - 1)]);
  const results = new Array<RpcLog[] | undefined>(ranges.length);
  let nextToFetch = 0;
  let nextToHand = 0;
  const worker = async () => {
    while (nextToFetch < ranges.length) {
      const i = nextToFetch++;
      const [start, end] = ranges[i] as [number, number];
      results[i] = await rpc<RpcLog[]>(rpcUrl, "eth_getLogs", [
        { address: filter.address, topics: [filter.topic0s], fromBlock: toQuantity(start), toBlock: toQuantity(end) },
      ]);
      while (nextToHand < ranges.length && results[nextToHand] !== undefined) {
        onLogs(results[nextToHand] as RpcLog[]);
        results[nextToHand++] = [];
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ranges.length) }, worker));
}

/** The `bytes message` of a Dispatch log: abi.encode(bytes) is offset ‖ length ‖ bytes. */
export function dispatchMessage(log: RpcLog): Hex {
  const length = Number.parseInt(log.data.slice(66, 130), 16);
  return `0x${log.data.slice(130, 130 + 2 * length)}`;
}
