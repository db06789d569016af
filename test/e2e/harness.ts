import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { type Hex, keccak256, parseAbi, parseAbiItem } from "viem";
import { type Indexer, type IndexerOptions, startIndexer } from "../../devnet/indexer";
import { type DevChain, mineEvery, type Network } from "../../devnet/network";
import { assertDocumented } from "./documented";

/** CI and this machine run PostgreSQL here (trust auth); the PostgreSQL tests never skip. */
export const DATABASE_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `${prefix}-`));

/** A schema name of its own per run, so runs never see each other's tables. */
export const freshSchema = (label: string) => `t_${label}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export async function withPg<T>(run: (client: pg.Client) => Promise<T>, databaseUrl = DATABASE_URL): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export const dropSchema = (schema: string) => withPg((c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));

/**
 * Every table of every domain in a schema (Ponder's own, named with a leading underscore, left
 * out), rows in a fixed order: what "identical tables" compares.
 */
export async function dumpTables(schema: string, databaseUrl = DATABASE_URL) {
  return withPg(async (client) => {
    const { rows: names } = await client.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_%' ORDER BY table_name",
      [schema],
    );
    const tables = names.map((r: { table_name: string }) => r.table_name);
    if (!tables.includes("message")) throw new Error(`no indexed tables in schema ${schema}`);
    const dump: Record<string, unknown[]> = {};
    for (const table of tables) {
      const { rows } = await client.query(`SELECT * FROM "${schema}"."${table}" AS r ORDER BY r::text`);
      dump[table] = rows;
    }
    return dump;
  }, databaseUrl);
}

/** Chains that keep producing blocks while the indexer catches up (see `mineEvery`). */
export const keepMining = (network: Pick<Network, "chains">) => mineEvery(network, 1);

/** Each chain's head block now: what the indexer must reach before a test reads it. */
export async function heads(network: Pick<Network, "chains">) {
  const entries = await Promise.all(network.chains.map(async (c) => [c.name, await c.publicClient.getBlockNumber()] as const));
  return Object.fromEntries(entries);
}

/** Starts an indexer and waits until it has indexed every chain up to `blocks`. */
export async function indexUpTo(options: IndexerOptions, blocks: Record<string, bigint>): Promise<Indexer> {
  const indexer = await startIndexer({ log: "pipe", ...options });
  try {
    await indexer.waitForBlocks(blocks, 180_000);
  } catch (error) {
    await indexer.stop();
    throw error;
  }
  return indexer;
}

/**
 * A GET sent again once when the connection it reused was reset: the server closed an idle
 * keep-alive connection as the request went out on it (what a browser also retries). A server
 * that is gone refuses the second attempt, and the test fails.
 */
async function get(url: string): Promise<Response> {
  try {
    return await fetch(url);
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code !== "ECONNRESET") throw error;
    return fetch(url);
  }
}

/** A GET answered as status, body and content type; a REST answer must be what the API document says (documented.ts). */
export async function getJson(url: string): Promise<{ status: number; body: any; contentType: string | null }> {
  const response = await get(url);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text: the test asserts on it
  }
  const contentType = response.headers.get("content-type");
  await assertDocumented(url, response.status, contentType, body);
  return { status: response.status, body, contentType };
}

/** Walks `/api/messages` with its cursor to the end. */
export async function allMessages(url: string, query = "") {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (await getJson(`${url}/api/messages?limit=200${query}${cursor ? `&cursor=${cursor}` : ""}`)).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

// ─── ground truth, read from the chains with viem, independently of the indexer ───────────

const mailboxViews = parseAbi([
  "function delivered(bytes32 messageId) view returns (bool)",
  "function nonce() view returns (uint32)",
]);
const gasPaymentEvent = parseAbiItem(
  "event GasPayment(bytes32 indexed messageId, uint32 indexed destinationDomain, uint256 gasAmount, uint256 payment)",
);

export const mailboxDelivered = (chain: DevChain, id: Hex) =>
  chain.publicClient.readContract({ address: chain.hyperlane.mailbox, abi: mailboxViews, functionName: "delivered", args: [id] });

export const mailboxNonce = (chain: DevChain) =>
  chain.publicClient.readContract({ address: chain.hyperlane.mailbox, abi: mailboxViews, functionName: "nonce" });

const dispatchEvent = parseAbiItem("event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)");

/**
 * Per message id: the GasPayment logs made for it on its origin chain (the chain whose Mailbox
 * dispatched it) and their sums, from independent getLogs scans. A payment on another chain, or
 * for an id no Mailbox dispatched, pays for no message.
 */
export async function gasPaymentLogs(chains: readonly DevChain[]) {
  const originOf = new Map<Hex, string>();
  for (const chain of chains) {
    const dispatches = await chain.publicClient.getLogs({ address: chain.hyperlane.mailbox, event: dispatchEvent, fromBlock: 0n, toBlock: "latest" });
    for (const { args } of dispatches) originOf.set(keccak256(args.message!), chain.name);
  }
  const sums = new Map<Hex, { payments: number; gasAmount: bigint; paid: bigint }>();
  for (const chain of chains) {
    const logs = await chain.publicClient.getLogs({
      address: chain.hyperlane.interchainGasPaymaster,
      event: gasPaymentEvent,
      fromBlock: 0n,
      toBlock: "latest",
    });
    for (const { args } of logs) {
      if (originOf.get(args.messageId!) !== chain.name) continue;
      const sum = sums.get(args.messageId!) ?? { payments: 0, gasAmount: 0n, paid: 0n };
      sums.set(args.messageId!, {
        payments: sum.payments + 1,
        gasAmount: sum.gasAmount + args.gasAmount!,
        paid: sum.paid + args.payment!,
      });
    }
  }
  return sums;
}
