import type { Address } from "viem";
import type { ChainClients } from "../clients";
import { deployOpStackL1, deployOptimismMintableERC20, installOpPredeploys, type OpStackRollup, opPredeploys } from "./opstack";

/** Both halves of an OP Stack chain, plus the L2 token of its ERC20 deposit route. */
export type DeployedOpStack = {
  contracts: OpStackRollup;
  predeploys: typeof opPredeploys;
  /** OptimismMintableERC20 on the rollup for the parent's test token. */
  erc20Route: { l1Token: Address; l2Token: Address; l2Block: number };
};

export async function deployOpStack(parent: ChainClients, rollup: ChainClients, options: { chainId: number; l1Token: Address }): Promise<DeployedOpStack> {
  const contracts = await deployOpStackL1(parent, rollup, { chainId: options.chainId });
  await installOpPredeploys(rollup, contracts);
  const l2Token = await deployOptimismMintableERC20(rollup, options.l1Token, "Devnet Token", "DVT");
  return { contracts, predeploys: opPredeploys, erc20Route: { l1Token: options.l1Token, l2Token: l2Token.address, l2Block: l2Token.block } };
}
