import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT, type PonderProcess, spawnPonder } from "../devnet/indexer";

/**
 * The baseline: the smallest Ponder app that does the same chain work as the project's first
 * step, one row per Mailbox Dispatch. Written to a directory outside the repository and run
 * with the project's node_modules, so it is the same Ponder, viem and pg.
 */

export type BareChain = { name: string; chainId: number; rpcUrl: string; mailbox: string; startBlock: number };

const configSource = (chains: readonly BareChain[], rpcRepeat: number) => `import { createConfig } from "ponder";

const Dispatch = {
  type: "event",
  name: "Dispatch",
  inputs: [
    { name: "sender", type: "address", indexed: true },
    { name: "destination", type: "uint32", indexed: true },
    { name: "recipient", type: "bytes32", indexed: true },
    { name: "message", type: "bytes", indexed: false },
  ],
  anonymous: false,
} as const;

const chains = ${JSON.stringify(chains, null, 2)};

export default createConfig({
  database: { kind: "postgres", connectionString: process.env.DATABASE_URL! },
  chains: Object.fromEntries(
    chains.map((c) => [c.name, { id: c.chainId, rpc: Array(${rpcRepeat}).fill(c.rpcUrl), pollingInterval: 200 }]),
  ),
  contracts: {
    Mailbox: {
      abi: [Dispatch],
      chain: Object.fromEntries(chains.map((c) => [c.name, { address: c.mailbox as \`0x\${string}\`, startBlock: c.startBlock }])),
    },
  },
});
`;

const schemaSource = `import { onchainTable } from "ponder";

export const dispatch = onchainTable("dispatch", (t) => ({
  id: t.hex().primaryKey(),
  chainId: t.int8({ mode: "number" }).notNull(),
  blockNumber: t.int8({ mode: "number" }).notNull(),
  txHash: t.hex().notNull(),
  logIndex: t.integer().notNull(),
  sender: t.hex().notNull(),
  destination: t.int8({ mode: "number" }).notNull(),
  recipient: t.hex().notNull(),
  message: t.hex().notNull(),
}));
`;

// Ponder fetches every block with a log in full (eth_getBlockByNumber, transactions included)
// whatever the handler reads, so the transaction hash costs it nothing extra.
const indexSource = `import { ponder } from "ponder:registry";
import { dispatch } from "ponder:schema";
import { keccak256 } from "viem";

ponder.on("Mailbox:Dispatch", async ({ event, context }) => {
  await context.db.insert(dispatch).values({
    id: keccak256(event.args.message),
    chainId: context.chain.id,
    blockNumber: Number(event.block.number),
    txHash: event.transaction.hash,
    logIndex: event.log.logIndex,
    sender: event.args.sender,
    destination: event.args.destination,
    recipient: event.args.recipient,
    message: event.args.message,
  });
});
`;

// Ponder 0.16 requires an API file; the baseline serves nothing of its own.
const apiSource = `import { Hono } from "hono";

export default new Hono();
`;

/** Writes the app into `dir` (which must not be inside the repository's tracked files). */
export function writeBareApp(dir: string, chains: readonly BareChain[], rpcRepeat: number): void {
  mkdirSync(join(dir, "src/api"), { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "bench-bare-ponder", private: true, type: "module" }, null, 2)}\n`);
  writeFileSync(join(dir, "ponder.config.ts"), configSource(chains, rpcRepeat));
  writeFileSync(join(dir, "ponder.schema.ts"), schemaSource);
  writeFileSync(join(dir, "src/index.ts"), indexSource);
  writeFileSync(join(dir, "src/api/index.ts"), apiSource);
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
}

/** `ponder start` in `dir`; resolves once its HTTP server is up. */
export const startPonderIn = (dir: string, options: { databaseUrl: string; schema: string; nodeArgs?: string[] }): Promise<PonderProcess> =>
  spawnPonder({ dir, port: 42169, schema: options.schema, env: { ...process.env, DATABASE_URL: options.databaseUrl }, nodeArgs: options.nodeArgs });
