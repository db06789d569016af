import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import copyStreams from "pg-copy-streams";
import { type Address, createPublicClient, http, keccak256, parseAbiItem } from "viem";
import { withClient } from "./pg";

/**
 * The practical limit: eth_getLogs over fixed block ranges, Dispatch decoded by viem, one
 * COPY into a fresh table. Run as its own process (`node --import tsx bench/loader.ts job.json`)
 * so that its time, like the indexers', counts from process start. Prints one JSON line.
 */

export type LoaderJob = {
  databaseUrl: string;
  schema: string;
  /** Blocks per eth_getLogs. */
  range: number;
  /** eth_getLogs requests in flight per chain. */
  concurrency: number;
  chains: { chainId: number; rpcUrl: string; mailbox: Address; startBlock: number; head: number }[];
};

export type LoaderResult = { rows: number; getLogsRequests: number; fetchSeconds: number; copySeconds: number; cpuSeconds: number };

const dispatchEvent = parseAbiItem("event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)");

async function fetchRows(chain: LoaderJob["chains"][number], job: LoaderJob): Promise<{ lines: string[]; requests: number }> {
  // A range full of 4 KB messages is tens of MB: over viem's 10 MB default.
  const client = createPublicClient({ transport: http(chain.rpcUrl, { maxResponseBodySize: 1 << 30, timeout: 120_000 }) });
  const ranges: [bigint, bigint][] = [];
  for (let from = chain.startBlock; from <= chain.head; from += job.range) {
    ranges.push([BigInt(from), BigInt(Math.min(chain.head, from + job.range - 1))]);
  }
  const lines: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ranges.length) {
      const [fromBlock, toBlock] = ranges[next++] as [bigint, bigint];
      const logs = await client.getLogs({ address: chain.mailbox, event: dispatchEvent, fromBlock, toBlock, strict: true });
      for (const log of logs) {
        const { sender, destination, recipient, message } = log.args;
        lines.push(
          `${keccak256(message)}\t${chain.chainId}\t${log.blockNumber}\t${log.transactionHash}\t${log.logIndex}\t${sender.toLowerCase()}\t${destination}\t${recipient}\t${message}\n`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(job.concurrency, ranges.length) }, worker));
  return { lines, requests: ranges.length };
}

async function load(job: LoaderJob): Promise<LoaderResult> {
  const started = performance.now();
  const fetched = await Promise.all(job.chains.map((chain) => fetchRows(chain, job)));
  const fetchSeconds = (performance.now() - started) / 1000;
  const copyStarted = performance.now();
  const table = `"${job.schema}".dispatch`;
  const rows = await withClient(job.databaseUrl, async (client) => {
    await client.query(`CREATE SCHEMA "${job.schema}"`);
    await client.query(
      `CREATE TABLE ${table} (id text PRIMARY KEY, chain_id bigint NOT NULL, block_number bigint NOT NULL, tx_hash text NOT NULL,
        log_index integer NOT NULL, sender text NOT NULL, destination bigint NOT NULL, recipient text NOT NULL, message text NOT NULL)`,
    );
    const copy = client.query(copyStreams.from(`COPY ${table} FROM STDIN`));
    await pipeline(Readable.from(fetched.flatMap((f) => f.lines)), copy);
    return copy.rowCount;
  });
  return {
    rows,
    getLogsRequests: fetched.reduce((sum, f) => sum + f.requests, 0),
    fetchSeconds,
    copySeconds: (performance.now() - copyStarted) / 1000,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  };
}

const jobPath = process.argv[2];
if (jobPath) {
  const result = await load(JSON.parse(readFileSync(jobPath, "utf8")) as LoaderJob);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
