import type { ManifestInput } from "../src/network/manifest";
import { TRAFFIC_SENDERS } from "./accounts";
import { deployMetalayer, type MetalayerDeployment, metalayerTrafficStep, withMetalayerRouters } from "./metalayer";
import { deployMetaToken, type MetaTokenDeployment, sendMetaTransfers, withMetaToken } from "./metatoken";
import type { Network } from "./network";
import { pick, type Random, randomInt } from "./random";
import type { TrafficStep } from "./traffic";
import { deployWarpRoutes, type WarpDeployment, warpTrafficStep } from "./warp";

/** The applications on top of Hyperlane that the local network runs: Metalayer, MetaERC20, warp routes. */
export type Apps = { metalayer: MetalayerDeployment; meta: MetaTokenDeployment; warp: WarpDeployment };

export async function deployApps(network: Network, onProgress: (line: string) => void = () => undefined): Promise<Apps> {
  onProgress("deploying the Metalayer routers…");
  const metalayer = await deployMetalayer(network);
  onProgress("deploying the MetaERC20 hub and spokes…");
  const meta = await deployMetaToken(network, metalayer);
  onProgress("deploying the warp routes (ERA collateral and synthetics, ETH native and synthetics)…");
  const warp = await deployWarpRoutes(network);
  return { metalayer, meta, warp };
}

/** The network's manifest with the applications' contracts added. */
export function appsManifest(manifest: ManifestInput, apps: Apps): ManifestInput {
  return { ...withMetaToken(withMetalayerRouters(manifest, apps.metalayer), apps.meta), warpRoutes: apps.warp.routes };
}

/** A MetaERC20 transfer from the hub to a spoke: spokes then hold tokens the other traffic does not need. */
function metaTrafficStep(network: Network, apps: Apps, random: Random) {
  const spoke = pick(random, apps.meta.spokes);
  const amount = BigInt(randomInt(random, 1, 500)) * 10n ** 18n;
  return sendMetaTransfers(network, apps.metalayer, apps.meta, [
    { origin: apps.meta.hub.chain, destination: spoke.chain, amount, sender: pick(random, TRAFFIC_SENDERS), deliver: false },
  ]);
}

export function appTrafficSteps(network: Network, apps: Apps): TrafficStep[] {
  return [
    (random) => warpTrafficStep(network, apps.warp, random),
    (random) => metalayerTrafficStep(network, apps.metalayer, random),
    (random) => metaTrafficStep(network, apps, random),
  ];
}
