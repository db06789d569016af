import { L2ToL1MessagePasserAbi } from "../../abis/L2ToL1MessagePasser";
import { OPContractsManagerAbi } from "../../abis/OPContractsManager";
import { OptimismPortalAbi } from "../../abis/OptimismPortal";
import { RollupCreatorAbi } from "../../abis/RollupCreator";
import { SystemConfigAbi } from "../../abis/SystemConfig";
import { type Domain, type KnownContract, source } from "../domain";
import { checkRollups, type RollupsManifest, rollupsFields } from "./manifest";

const creators = (manifest: RollupsManifest): KnownContract[] =>
  manifest.rollupCreators.map(({ chain, address, startBlock, version }) => ({ chain, address, startBlock, role: "rollupCreator", of: chain, kind: version }));

const opcms = (manifest: RollupsManifest, variant: "2024" | "2025"): KnownContract[] =>
  manifest.opContractsManagers
    .filter((o) => o.variant === variant)
    .map(({ chain, address, startBlock }) => ({ chain, address, startBlock, role: "opContractsManager", of: chain, kind: variant }));

const systemConfigs = (manifest: RollupsManifest): KnownContract[] =>
  manifest.opChains.map(({ parent, systemConfig, startBlock, l2ChainId }) => ({
    chain: parent,
    address: systemConfig,
    startBlock,
    role: "systemConfig",
    of: String(l2ChainId),
  }));

const portals = (manifest: RollupsManifest): KnownContract[] =>
  manifest.opChains.map(({ parent, optimismPortal, startBlock, l2ChainId }) => ({
    chain: parent,
    address: optimismPortal,
    startBlock,
    role: "optimismPortal",
    of: String(l2ChainId),
  }));

/** The OP predeploy every OP Stack chain has at a fixed address. */
const L2_TO_L1_MESSAGE_PASSER = "0x4200000000000000000000000000000000000016";
const messagePassers = (manifest: RollupsManifest): KnownContract[] =>
  manifest.chains
    .filter((c) => c.stack === "opstack")
    .map((c) => ({ chain: c.name, address: L2_TO_L1_MESSAGE_PASSER, startBlock: 0, role: "l2ToL1MessagePasser", of: c.name }));

/** The other contracts of the OP chains named by hand, for search. */
const opChainContracts = (manifest: RollupsManifest): KnownContract[] =>
  manifest.opChains.flatMap((o) =>
    (["l2OutputOracle", "l1CrossDomainMessenger", "l1StandardBridge"] as const).flatMap((role) =>
      o[role] ? [{ chain: o.parent, address: o[role], startBlock: o.startBlock, role, of: String(o.l2ChainId) }] : [],
    ),
  );

/**
 * Rollups launched on the manifest's chains: Orbit rollups from their creators' RollupCreated
 * (one source per variant: each has its own topic0 and Ponder names one event per name), OP
 * chains from OPCM Deployed or named by hand, and their SystemConfig's configuration history.
 */
export const rollups = {
  name: "rollups" as const,
  manifest: { fields: rollupsFields, check: checkRollups },
  sources: (manifest) => ({
    RollupCreatorV3: source([RollupCreatorAbi[0]], creators(manifest)),
    RollupCreatorV2: source([RollupCreatorAbi[1]], creators(manifest), false),
    RollupCreatorV1: source([RollupCreatorAbi[2]], creators(manifest), false),
    RollupCreatorOldest: source([RollupCreatorAbi[3]], creators(manifest), false),
    OPContractsManager2024: source([OPContractsManagerAbi[0]], opcms(manifest, "2024")),
    OPContractsManager2025: source([OPContractsManagerAbi[1]], opcms(manifest, "2025")),
    SystemConfig: source(SystemConfigAbi, systemConfigs(manifest)),
    // The SystemConfig an OPCM deployed: systemConfigProxy is word 3 of deployOutput, the event's
    // only data field (data = offset word, length word, then the struct's words: byte 32 + 32 + 3·32).
    AnnouncedSystemConfig2024: source(SystemConfigAbi, opcms(manifest, "2024"), false, { event: OPContractsManagerAbi[0], location: "offset160" }),
    AnnouncedSystemConfig2025: source(SystemConfigAbi, opcms(manifest, "2025"), false, { event: OPContractsManagerAbi[1], location: "offset160" }),
    // Withdrawals: started on the rollup, proven and finalized at the parent's portal.
    L2ToL1MessagePasser: source(L2ToL1MessagePasserAbi, messagePassers(manifest)),
    OptimismPortal: source([OptimismPortalAbi[1], OptimismPortalAbi[2]], portals(manifest)),
    // optimismPortalProxy is word 7 of the 2024 DeployOutput and word 8 of the 2025 one.
    AnnouncedOptimismPortal2024: source([OptimismPortalAbi[1], OptimismPortalAbi[2]], opcms(manifest, "2024"), false, { event: OPContractsManagerAbi[0], location: "offset288" }),
    AnnouncedOptimismPortal2025: source([OptimismPortalAbi[1], OptimismPortalAbi[2]], opcms(manifest, "2025"), false, { event: OPContractsManagerAbi[1], location: "offset320" }),
  }),
  known: opChainContracts,
  api: async () => (await import("./api")).api,
} satisfies Domain<RollupsManifest>;
