import { type Address, type Hex, zeroAddress } from "viem";
import { DeployOutput2024Fields, DeployOutput2025Fields } from "../../abis/OPContractsManager";
import { DEPLOYER } from "../accounts";
import type { ChainClients } from "../clients";
import { fixtureArtifact } from "../solc";
import { deployContract } from "../transact";
import { call } from "./call";
import type { OpStackRollup } from "./opstack";

/** An OPContractsManager fixture (devnet/contracts/OPContractsManager.sol) and its announcements. */
export type OpcmDeployment = { variant: "2024" | "2025"; address: Address; startBlock: number };

export type OpcmRecord = { variant: "2024" | "2025"; opcm: Address; l2ChainId: number; tx: Hex; block: number };

const fixture = (variant: "2024" | "2025") => fixtureArtifact(`OPContractsManager${variant}`);

export async function deployOpcm(parent: ChainClients, variant: "2024" | "2025"): Promise<OpcmDeployment> {
  const { address, receipt } = await deployContract(parent, DEPLOYER, fixture(variant));
  return { variant, address, startBlock: Number(receipt.blockNumber) };
}

/** The DeployOutput naming what the devnet deployed; fault-proof and other absent parts are zero. */
export function deployOutputOf(variant: "2024" | "2025", op: OpStackRollup): Record<string, Address> {
  const named: Record<string, Address> = {
    opChainProxyAdmin: op.proxyAdmin,
    systemConfigProxy: op.systemConfig,
    l1StandardBridgeProxy: op.l1StandardBridge,
    l1CrossDomainMessengerProxy: op.l1CrossDomainMessenger,
    optimismPortalProxy: op.optimismPortal,
  };
  const fields = variant === "2024" ? DeployOutput2024Fields : DeployOutput2025Fields;
  return Object.fromEntries(fields.map((field) => [field, named[field] ?? zeroAddress]));
}

export async function recordInOpcm(parent: ChainClients, opcm: OpcmDeployment, op: OpStackRollup): Promise<OpcmRecord> {
  const receipt = await call(parent, DEPLOYER, opcm.address, fixture(opcm.variant).abi, "record", [BigInt(op.chainId), deployOutputOf(opcm.variant, op)]);
  return { variant: opcm.variant, opcm: opcm.address, l2ChainId: op.chainId, tx: receipt.transactionHash, block: Number(receipt.blockNumber) };
}
