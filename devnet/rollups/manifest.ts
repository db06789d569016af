import type { Address } from "viem";
import type { RollupsDeployment } from "./deploy";

/**
 * A proposal for the rollups part of a network manifest: only what no event announces. Orbit
 * rollups come from their creators' RollupCreated, OPCM-deployed OP chains from Deployed; OP
 * chains deployed contract by contract (before OPCM) and token bridges must be named. The
 * rollup-side contracts are protocol constants (OP predeploys at 0x4200…, ArbSys at 0x64) or
 * named here (the Arbitrum L2 gateways).
 */
export type RollupsManifest = {
  rollupCreators: { chain: string; address: Address; kind: "orbit"; version: string; startBlock: number }[];
  opContractsManagers: { chain: string; address: Address; variant: "2024" | "2025"; startBlock: number }[];
  /** OP Stack chains no OPCM announced. `chain` is the manifest chain that runs it, if indexed. */
  opChains: {
    parent: string;
    chain?: string;
    l2ChainId: number;
    systemConfig: Address;
    optimismPortal: Address;
    l2OutputOracle?: Address;
    l1CrossDomainMessenger: Address;
    l1StandardBridge: Address;
    startBlock: number;
  }[];
  arbitrumTokenBridges: {
    parent: string;
    chain: string;
    l1GatewayRouter: Address;
    l1ERC20Gateway: Address;
    l2GatewayRouter: Address;
    l2ERC20Gateway: Address;
    startBlock: number;
    rollupStartBlock: number;
  }[];
};

export function rollupsManifestOf(deployment: RollupsDeployment): RollupsManifest {
  return {
    rollupCreators: deployment.creators.map((c) => ({ chain: c.chain, address: c.rollupCreator, kind: c.kind, version: c.version, startBlock: c.startBlock })),
    opContractsManagers: deployment.opcms.map((o) => ({ chain: o.chain, address: o.address, variant: o.variant, startBlock: o.startBlock })),
    opChains: deployment.rollups.flatMap((r) =>
      r.stack === "opstack" && !r.opcm
        ? [
            {
              parent: r.parent,
              ...(r.chain ? { chain: r.chain } : {}),
              l2ChainId: r.contracts.chainId,
              systemConfig: r.contracts.systemConfig,
              optimismPortal: r.contracts.optimismPortal,
              l2OutputOracle: r.contracts.l2OutputOracle,
              l1CrossDomainMessenger: r.contracts.l1CrossDomainMessenger,
              l1StandardBridge: r.contracts.l1StandardBridge,
              startBlock: r.contracts.startBlock,
            },
          ]
        : [],
    ),
    arbitrumTokenBridges: deployment.rollups.flatMap((r) =>
      r.stack === "orbit" && r.tokenBridge && r.chain
        ? [
            {
              parent: r.parent,
              chain: r.chain,
              l1GatewayRouter: r.tokenBridge.l1GatewayRouter,
              l1ERC20Gateway: r.tokenBridge.l1ERC20Gateway,
              l2GatewayRouter: r.tokenBridge.l2GatewayRouter,
              l2ERC20Gateway: r.tokenBridge.l2ERC20Gateway,
              startBlock: r.tokenBridge.startBlock,
              rollupStartBlock: r.tokenBridge.rollupStartBlock,
            },
          ]
        : [],
    ),
  };
}
