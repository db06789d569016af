import { OPContractsManagerAbi } from "../../abis/OPContractsManager";
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

/** The other contracts of the OP chains named by hand, for search. */
const opChainContracts = (manifest: RollupsManifest): KnownContract[] =>
  manifest.opChains.flatMap((o) =>
    (["optimismPortal", "l2OutputOracle", "l1CrossDomainMessenger", "l1StandardBridge"] as const).flatMap((role) =>
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
  }),
  known: opChainContracts,
  api: async () => (await import("./api")).api,
} satisfies Domain<RollupsManifest>;
