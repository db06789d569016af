import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Abi, Hex } from "viem";

/**
 * The real contracts' ABI and creation bytecode, read from @hyperlane-xyz/core's typechain
 * factories. The factories import ethers v5, which this project does not use, so the two
 * constants are read from the file's text instead of importing it.
 */
export type Artifact = { abi: Abi; bytecode: Hex };

const coreRoot = dirname(createRequire(import.meta.url).resolve("@hyperlane-xyz/core/buildArtifact.json"));

const cache = new Map<string, Artifact>();

/** `factoryPath` is relative to dist/typechain/factories, e.g. "contracts/Mailbox__factory.js". */
export function hyperlaneArtifact(factoryPath: string): Artifact {
  const cached = cache.get(factoryPath);
  if (cached) return cached;
  const text = readFileSync(join(coreRoot, "typechain", "factories", factoryPath), "utf8");
  const abiStart = text.indexOf("const _abi = ");
  const abiEnd = text.indexOf("];\n", abiStart);
  const bytecode = /const _bytecode = "(0x[0-9a-fA-F]*)"/.exec(text)?.[1];
  if (abiStart < 0 || abiEnd < 0 || !bytecode) {
    throw new Error(`@hyperlane-xyz/core: no ABI or bytecode in ${factoryPath}`);
  }
  const abi = new Function(`return ${text.slice(abiStart + "const _abi = ".length, abiEnd + 1)}`)() as Abi;
  const artifact = { abi, bytecode: bytecode as Hex };
  cache.set(factoryPath, artifact);
  return artifact;
}

export const artifacts = {
  Mailbox: () => hyperlaneArtifact("contracts/Mailbox__factory.js"),
  MerkleTreeHook: () => hyperlaneArtifact("contracts/hooks/MerkleTreeHook__factory.js"),
  InterchainGasPaymaster: () => hyperlaneArtifact("contracts/hooks/igp/InterchainGasPaymaster__factory.js"),
  StorageGasOracle: () => hyperlaneArtifact("contracts/hooks/igp/StorageGasOracle__factory.js"),
  TestIsm: () => hyperlaneArtifact("contracts/test/TestIsm__factory.js"),
  TestRecipient: () => hyperlaneArtifact("contracts/test/TestRecipient__factory.js"),
  TestPostDispatchHook: () => hyperlaneArtifact("contracts/test/TestPostDispatchHook__factory.js"),
  HypERC20: () => hyperlaneArtifact("contracts/token/HypERC20__factory.js"),
  HypERC20Collateral: () => hyperlaneArtifact("contracts/token/HypERC20Collateral__factory.js"),
  HypNative: () => hyperlaneArtifact("contracts/token/HypNative__factory.js"),
  ERC20Test: () => hyperlaneArtifact("contracts/test/ERC20Test.sol/ERC20Test__factory.js"),
} as const;
