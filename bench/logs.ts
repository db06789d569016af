import { type AbiEvent, type Address, type Hex, toEventSelector } from "viem";
import { domainSources, type Manifest } from "../src/network/manifest";
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

/**
 * Every event the indexer's configuration watches on one chain: each domain source's ABI events
 * at that source's addresses there (src/network/manifest.ts `domainSources`), so the benchmark
 * counts what the project indexes without a list of its own.
 */
export function indexedEvents(manifest: Manifest, chain: string) {
  return Object.entries(domainSources(manifest)).flatMap(([key, source]) => {
    const addresses = source.contracts.filter((c) => c.chain === chain).map((c) => c.address);
    return source.abi
      .filter((item): item is AbiEvent => item.type === "event")
      .flatMap((event) => addresses.map((address) => ({ address, source: key, name: event.name, topic0: toEventSelector(event) })));
  });
}

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
