import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Abi, Hex } from "viem";
import type { Artifact } from "./artifacts";

/**
 * The devnet's fixture contracts (devnet/contracts/*.sol), compiled with solc-js. The output is
 * committed in devnet/contracts/build.json under a hash of everything that decides it (the
 * sources, the compiler, the settings, the OpenZeppelin version): a fresh clone reads it as is,
 * and only a change of any of these recompiles, at first use.
 */

const require = createRequire(import.meta.url);

export const CONTRACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "contracts");
export const BUILD_FILE = join(CONTRACTS_DIR, "build.json");

/** viaIR: the MetaERC20 events carry more values than the legacy pipeline's stack can hold. */
const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  viaIR: true,
  evmVersion: "cancun",
  outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
} as const;

type Build = { hash: string; compiler: string; contracts: Record<string, { source: string; abi: Abi; bytecode: Hex }> };

export class SolcCompileError extends Error {
  override name = "SolcCompileError";
}

type Solc = { version(): string; compile(input: string, callbacks: { import(path: string): { contents: string } | { error: string } }): string };

const loadSolc = (): Solc => require("solc") as Solc;

function readSources(): Record<string, string> {
  const files = readdirSync(CONTRACTS_DIR)
    .filter((file) => file.endsWith(".sol"))
    .sort();
  return Object.fromEntries(files.map((file) => [file, readFileSync(join(CONTRACTS_DIR, file), "utf8")]));
}

function solcVersion(): string {
  return (require("solc/package.json") as { version: string }).version;
}

function buildHash(sources: Record<string, string>): string {
  const hash = createHash("sha256");
  const openzeppelin = (require("@openzeppelin/contracts/package.json") as { version: string }).version;
  hash.update(JSON.stringify({ solc: solcVersion(), openzeppelin, settings: SETTINGS }));
  for (const [file, text] of Object.entries(sources)) hash.update(`\0${file}\0${text}`);
  return hash.digest("hex");
}

/** `@openzeppelin/...` from node_modules; everything else relative to devnet/contracts. */
function resolveImport(path: string): { contents: string } | { error: string } {
  try {
    const file = path.startsWith("@") ? require.resolve(path) : join(CONTRACTS_DIR, path);
    return { contents: readFileSync(file, "utf8") };
  } catch (error) {
    return { error: `cannot read ${path}: ${(error as Error).message}` };
  }
}

export function compileFixtures(sources: Record<string, string> = readSources()): Build {
  const solc = loadSolc();
  const input = {
    language: "Solidity",
    sources: Object.fromEntries(Object.entries(sources).map(([file, content]) => [file, { content }])),
    settings: SETTINGS,
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: resolveImport })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new SolcCompileError(`devnet/contracts failed to compile:\n${errors.map((e) => e.formattedMessage).join("\n")}`);
  const contracts: Build["contracts"] = {};
  for (const [source, byName] of Object.entries(output.contracts ?? {})) {
    if (!(source in sources)) continue; // imported library contracts
    for (const [name, compiled] of Object.entries(byName)) {
      if (name in contracts) throw new SolcCompileError(`two fixture contracts are named ${name} (${contracts[name]?.source}, ${source})`);
      contracts[name] = { source, abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
    }
  }
  return { hash: buildHash(sources), compiler: solc.version(), contracts };
}

let loaded: Build | undefined;

/** The cached build when its hash matches the sources; otherwise compiles and rewrites build.json. */
export function fixtureBuild(): Build {
  if (loaded) return loaded;
  const sources = readSources();
  const hash = buildHash(sources);
  if (existsSync(BUILD_FILE)) {
    const cached = JSON.parse(readFileSync(BUILD_FILE, "utf8")) as Build;
    if (cached.hash === hash) return (loaded = cached);
  }
  const build = compileFixtures(sources);
  // Renamed into place: a concurrent reader (another test worker) never sees half a file.
  const partial = `${BUILD_FILE}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(build)}\n`);
  renameSync(partial, BUILD_FILE);
  return (loaded = build);
}

export function fixtureArtifact(name: string): Artifact {
  const contract = fixtureBuild().contracts[name];
  if (!contract) throw new SolcCompileError(`no fixture contract named ${name} in devnet/contracts; there are ${Object.keys(fixtureBuild().contracts).join(", ")}`);
  if (contract.bytecode === "0x") throw new SolcCompileError(`${name} is abstract or an interface: it has no bytecode to deploy`);
  return { abi: contract.abi, bytecode: contract.bytecode };
}
