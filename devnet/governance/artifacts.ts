import { createRequire } from "node:module";
import type { Abi, Hex } from "viem";
import { type Artifact, hyperlaneArtifact } from "../artifacts";

/** OpenZeppelin 5.4.0 ships hardhat artifacts with bytecode for its concrete contracts. */
export function openzeppelinArtifact(name: string): Artifact {
  const json = createRequire(import.meta.url)(`@openzeppelin/contracts/build/contracts/${name}.json`) as { abi: Abi; bytecode: Hex };
  if (json.bytecode === "0x") throw new Error(`@openzeppelin/contracts: ${name} is abstract, it has no bytecode to deploy`);
  return { abi: json.abi, bytecode: json.bytecode };
}

export const governanceArtifacts = {
  TimelockController: () => openzeppelinArtifact("TimelockController"),
  TransparentUpgradeableProxy: () => openzeppelinArtifact("TransparentUpgradeableProxy"),
  ProxyAdmin: () => openzeppelinArtifact("ProxyAdmin"),
  InterchainAccountRouter: () => hyperlaneArtifact("contracts/middleware/InterchainAccountRouter__factory.js"),
} as const;
