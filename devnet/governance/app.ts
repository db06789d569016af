import type { Address } from "viem";
import type { DevnetApp } from "../app";
import type { WarpDeployment } from "../warp";
import { deployEraToken, type EraToken } from "./contracts";
import { deployGovernance, type GovernanceDeployment, settlementChainOf } from "./deploy";
import { governanceTrafficSteps } from "./traffic";

type Needs = { era: EraToken; warp: WarpDeployment };

/** The ERA token on the settlement chain: what the warp route locks and governance votes with. */
export const eraApp: DevnetApp<EraToken> = {
  describe: "the ERA token (ERC20Votes) on the settlement chain",
  deploy: (network) => deployEraToken(settlementChainOf(network)),
  // Named by the governor and the ERA warp route's collateral router.
  manifest: (manifest) => manifest,
  traffic: () => [],
};

/**
 * What governance takes over from the applications deployed before it: the warp routers. The
 * MetaERC20 hub fixture has an admin, not Ownable's transferOwnership, so it stays the deployer's.
 */
function ownablesOf({ warp }: Needs): Record<string, Address[]> {
  const ownables: Record<string, Address[]> = {};
  const add = (chain: string, address: Address) => (ownables[chain] ??= []).push(address);
  for (const routers of Object.values(warp.contracts)) for (const [chain, r] of Object.entries(routers)) add(chain, r.router);
  return ownables;
}

/** The ERA Governor and timelock on the settlement chain, owning the bridges, and its interchain accounts on the rollups. */
export const governanceApp: DevnetApp<GovernanceDeployment, Needs> = {
  describe: "governance (ERA Governor, timelock, interchain account routers)",
  deploy: (network, needs) => deployGovernance(network, { ownables: ownablesOf(needs), token: needs.era }),
  manifest: (manifest, gov) => ({
    ...manifest,
    governors: [
      {
        name: "ERA",
        chain: gov.chain,
        governor: gov.governor,
        token: gov.token,
        timelock: gov.timelock,
        quorumNumerator: gov.settings.quorumPercent,
        startBlock: Math.min(gov.startBlocks.token, gov.startBlocks.timelock, gov.startBlocks.governor),
      },
    ],
    interchainAccountRouters: Object.entries(gov.interchainAccountRouters).map(([chain, r]) => ({ chain, address: r.router, startBlock: r.startBlock })),
    // What the timelock governs that no domain names, for the audit trail.
    audited: [
      ...(manifest.audited ?? []),
      ...(
        [
          ["proxy", gov.proxy],
          ["proxyAdmin", gov.proxyAdmin],
          ["gasOracle", gov.gasOracle],
        ] as const
      ).map(([role, address]) => ({ chain: gov.chain, address, role, of: "ERA", startBlock: gov.startBlocks.proxy })),
    ],
  }),
  traffic: (network, gov) => governanceTrafficSteps(network, gov),
};
