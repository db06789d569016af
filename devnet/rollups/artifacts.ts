import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Abi, Hex } from "viem";
import type { Artifact } from "../artifacts";

/**
 * The rollup stacks' real contracts, read from their npm packages' build output: hardhat JSON
 * for nitro-contracts and the token bridge (`bytecode` is a hex string), forge JSON for
 * contracts-bedrock and Reader4844 (`bytecode.object`). None of them needs library linking.
 */
export type DeployableArtifact = Artifact & { deployedBytecode: Hex };

const require = createRequire(import.meta.url);
const packageRoot = (name: string) => dirname(require.resolve(`${name}/package.json`));

const cache = new Map<string, DeployableArtifact>();

type Json = { abi: Abi; bytecode: Hex | { object: Hex }; deployedBytecode: Hex | { object: Hex } };

const hex = (value: Hex | { object: Hex }): Hex => {
  const text = typeof value === "string" ? value : value.object;
  return (text.startsWith("0x") ? text : `0x${text}`) as Hex;
};

export function readArtifact(file: string): DeployableArtifact {
  const cached = cache.get(file);
  if (cached) return cached;
  const json = JSON.parse(readFileSync(file, "utf8")) as Json;
  const artifact = { abi: json.abi, bytecode: hex(json.bytecode), deployedBytecode: hex(json.deployedBytecode) };
  if (artifact.bytecode === "0x") throw new Error(`${file} has no bytecode: an interface or abstract contract`);
  cache.set(file, artifact);
  return artifact;
}

/**
 * `path` like "rollup/RollupCreator": build/contracts/src/rollup/RollupCreator.sol/RollupCreator.json;
 * `name` when the contract is not the file's namesake.
 */
const hardhat = (root: string, base: string, path: string, name = path.split("/").at(-1) as string) =>
  readArtifact(join(root, base, `${path}.sol`, `${name}.json`));

export type NitroVersion = "v3" | "v2";

const NITRO_PACKAGE: Record<NitroVersion, string> = { v3: "@arbitrum/nitro-contracts", v2: "nitro-contracts-v2" };

/** @arbitrum/nitro-contracts 3.2.0 ("v3") or 2.1.3 ("v2", the package alias nitro-contracts-v2). */
export const nitroArtifact = (version: NitroVersion, path: string) => hardhat(packageRoot(NITRO_PACKAGE[version]), "build/contracts/src", path);

/** The blob reader SequencerInbox needs on a host that is not Arbitrum; Yul, built by forge. */
export const reader4844Artifact = (version: NitroVersion) =>
  readArtifact(join(packageRoot(NITRO_PACKAGE[version]), "out/yul/Reader4844.yul/Reader4844.json"));

/** UpgradeExecutor is nitro-contracts' dependency, not part of its build. */
export const upgradeExecutorArtifact = () =>
  readArtifact(join(packageRoot("@offchainlabs/upgrade-executor"), "build/contracts/src/UpgradeExecutor.sol/UpgradeExecutor.json"));

/** @arbitrum/token-bridge-contracts 1.2.5; `path` under contracts/tokenbridge, e.g. "ethereum/gateway/L1GatewayRouter". */
export const tokenBridgeArtifact = (path: string, name?: string) =>
  hardhat(packageRoot("@arbitrum/token-bridge-contracts"), "build/contracts/contracts/tokenbridge", path, name);

/** The OpenZeppelin 4.x build the token bridge was compiled against (its beacon is 4.x). */
export const tokenBridgeOpenZeppelinArtifact = (name: string) =>
  readArtifact(
    join(dirname(require.resolve("@openzeppelin/contracts/package.json", { paths: [packageRoot("@arbitrum/token-bridge-contracts")] })), "build/contracts", `${name}.json`),
  );

/** @eth-optimism/contracts-bedrock 0.17.3, forge-artifacts/<name>.sol/<name>.json. */
export const bedrockArtifact = (name: string, file = name) =>
  readArtifact(join(packageRoot("@eth-optimism/contracts-bedrock"), "forge-artifacts", `${file}.sol`, `${name}.json`));
