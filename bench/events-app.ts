import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../devnet/indexer";
import { loadManifest } from "../src/network/load";
import { ponderBlocks, ponderChains, ponderContracts } from "../src/network/ponder";
import { registeredEvents } from "./registered";

/**
 * The baseline on the project's own events: a bare Ponder app with the project's composed
 * contracts (names, ABIs, addresses, start blocks: `ponderContracts` of the same manifest), its
 * block source, and one handler per event the project registers (bench/registered.ts), each
 * writing one row. What the project spends beyond it is its own work.
 */

const json = (value: unknown) => JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2);

const configSource = (manifestPath: string) => {
  const manifest = loadManifest(manifestPath);
  const chains = Object.fromEntries(Object.entries(ponderChains(manifest)).map(([name, c]) => [name, { ...c, pollingInterval: 200 }]));
  return `import { createConfig } from "ponder";

export default createConfig({
  database: { kind: "postgres", connectionString: process.env.DATABASE_URL! },
  chains: ${json(chains)},
  contracts: ${json(ponderContracts(manifest))},
  blocks: ${json(ponderBlocks(manifest))},
});
`;
};

const schemaSource = `import { onchainTable } from "ponder";

export const log = onchainTable("log", (t) => ({
  id: t.text().primaryKey(),
  event: t.text().notNull(),
  chainId: t.int8({ mode: "number" }).notNull(),
  blockNumber: t.int8({ mode: "number" }).notNull(),
  txHash: t.hex().notNull(),
  logIndex: t.integer().notNull(),
  address: t.hex().notNull(),
}));

export const block = onchainTable("block", (t) => ({
  id: t.text().primaryKey(),
  chainId: t.int8({ mode: "number" }).notNull(),
  number: t.int8({ mode: "number" }).notNull(),
}));
`;

const indexSource = (handlers: readonly string[]) => `import { ponder } from "ponder:registry";
import { block, log } from "ponder:schema";

const onLog = (name: string) => async ({ event, context }: any) => {
  await context.db.insert(log).values({
    id: \`\${context.chain.id}:\${event.transaction.hash}:\${event.log.logIndex}\`,
    event: name,
    chainId: context.chain.id,
    blockNumber: Number(event.block.number),
    txHash: event.transaction.hash,
    logIndex: event.log.logIndex,
    address: event.log.address,
  });
};

const onBlock = async ({ event, context }: any) => {
  await context.db.insert(block).values({ id: \`\${context.chain.id}:\${event.block.number}\`, chainId: context.chain.id, number: Number(event.block.number) });
};

${handlers.map((h) => `ponder.on(${JSON.stringify(h)}, ${h.endsWith(":block") ? "onBlock" : `onLog(${JSON.stringify(h)})`});`).join("\n")}
`;

/** Writes the app into `dir` (outside the repository's tracked files); returns the handlers it registers. */
export function writeEventsApp(dir: string, manifestPath: string): string[] {
  const handlers = registeredEvents(manifestPath).filter((name) => !name.endsWith(":setup"));
  mkdirSync(join(dir, "src/api"), { recursive: true });
  writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: "bench-bare-events", private: true, type: "module" }, null, 2)}\n`);
  writeFileSync(join(dir, "ponder.config.ts"), configSource(manifestPath));
  writeFileSync(join(dir, "ponder.schema.ts"), schemaSource);
  writeFileSync(join(dir, "src/index.ts"), indexSource(handlers));
  writeFileSync(join(dir, "src/api/index.ts"), `import { Hono } from "hono";\n\nexport default new Hono();\n`);
  symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return handlers;
}
