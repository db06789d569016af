import type { DevnetApp } from "../app";
import { deployRollups, type RollupsDeployment } from "./deploy";
import { rollupsManifestOf } from "./manifest";
import { rollupTrafficSteps } from "./traffic";

/** The rollups themselves: their creators and OPCMs, the rollups they made, the native bridges. */
export const rollupsApp: DevnetApp<RollupsDeployment> = {
  describe: "the rollups (Orbit RollupCreators 3.2.0 and 2.1.3, OPCMs, OP Stack contracts, token bridges)",
  deploy: (network) => deployRollups(network),
  manifest: (manifest, rollups) => ({ ...manifest, ...rollupsManifestOf(rollups) }),
  traffic: (network, rollups) => rollupTrafficSteps(network, rollups),
};
