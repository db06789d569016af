import { type AbiEvent, type Address, decodeEventLog, getAddress, type Hex, toEventSelector } from "viem";
import type { Announced, KnownContract } from "../src/domain";
import { domainSources, type Manifest } from "../src/network/manifest";
import { handles } from "./registered";
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
 * The block a contract was announced in: as Ponder's factories do, its logs count from that
 * block on, the ones before the announcement in that same block included.
 */
export const fromAnnouncement = (log: RpcLog, block: number | undefined) => block === undefined || Number(log.blockNumber) >= block;

/**
 * Every event the indexer handles on one chain: each domain source's ABI events that the project
 * registers a handler for (bench/registered.ts), at that source's addresses there
 * (src/network/manifest.ts `domainSources`), or at the children its factories announced up to
 * `toBlock`, from their announcement's block on: the benchmark counts what the project indexes without a
 * list of its own.
 */
export async function indexedEvents(manifest: Manifest, chain: { name: string; rpcUrl: string }, toBlock: number, registered: readonly string[]) {
  const events: { address: Address; source: string; name: string; topic0: Hex; announcedIn?: number }[] = [];
  for (const [key, source] of Object.entries(domainSources(manifest))) {
    const named = source.contracts.filter((c) => c.chain === chain.name);
    if (named.length === 0) continue;
    const addresses = source.announced
      ? await announcedChildren(chain.rpcUrl, named, source.announced, toBlock)
      : new Map(named.map((c) => [c.address, undefined]));
    for (const event of source.abi.filter((item): item is AbiEvent => item.type === "event" && handles(registered, key, item.name))) {
      for (const [address, announcedIn] of addresses) events.push({ address, source: key, name: event.name, topic0: toEventSelector(event), ...(announcedIn !== undefined && { announcedIn }) });
    }
  }
  return events;
}

/** The children a source's factories announced, each with its announcement's block: the event's `parameter`, or the address in the data word at `offset<N>`. */
async function announcedChildren(rpcUrl: string, factories: KnownContract[], announced: Announced, toBlock: number): Promise<Map<Address, number>> {
  const children = new Map<Address, number>();
  const from = Math.min(...factories.map((f) => f.startBlock));
  await scanLogs(rpcUrl, { address: factories.map((f) => f.address), topic0s: [toEventSelector(announced.event)] }, from, toBlock, (logs) => {
    for (const log of logs) {
      let child: Address;
      if (announced.parameter) {
        const { args } = decodeEventLog({ abi: [announced.event], data: log.data, topics: log.topics as [Hex] });
        child = (args as Record<string, Address>)[announced.parameter]!;
      } else {
        const offset = 2 + 2 * Number(announced.location!.slice("offset".length));
        child = `0x${log.data.slice(offset + 24, offset + 64)}`;
      }
      if (!children.has(getAddress(child))) children.set(getAddress(child), Number(log.blockNumber));
    }
  });
  return children;
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
