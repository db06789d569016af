import type { ManifestInput } from "../src/network/manifest";
import type { DevnetApp } from "./app";
import type { EraToken, GovernanceDeployment } from "./governance";
import { eraApp, governanceApp } from "./governance/app";
import { type MetalayerDeployment, metalayerApp } from "./metalayer";
import { type MetaTokenDeployment, metaTokenApp } from "./metatoken";
import type { Network } from "./network";
import { rollupsApp } from "./rollups/app";
import type { RollupsDeployment } from "./rollups/deploy";
import type { TrafficStep } from "./traffic";
import { type WarpDeployment, warpApp } from "./warp";

/**
 * The applications the local network runs on its chains, in deployment order: each may use the
 * deployments before it. A new application is its module's `DevnetApp` and a line here.
 */
export type Apps = {
  era: EraToken;
  metalayer: MetalayerDeployment;
  meta: MetaTokenDeployment;
  warp: WarpDeployment;
  rollups: RollupsDeployment;
  governance: GovernanceDeployment;
};

const APPS: { [K in keyof Apps]: DevnetApp<Apps[K], Apps> } = {
  era: eraApp,
  metalayer: metalayerApp,
  meta: metaTokenApp as DevnetApp<MetaTokenDeployment, Apps>,
  warp: warpApp,
  rollups: rollupsApp,
  governance: governanceApp,
};

const entries = Object.entries(APPS) as [keyof Apps, DevnetApp<unknown, Apps>][];

export async function deployApps(network: Network, onProgress: (line: string) => void = () => undefined): Promise<Apps> {
  const apps: Partial<Apps> = {};
  for (const [name, app] of entries) {
    onProgress(`deploying ${app.describe}…`);
    apps[name] = (await app.deploy(network, apps as Apps)) as never;
  }
  return apps as Apps;
}

/** The network's manifest with every application's contracts added. */
export const appsManifest = (manifest: ManifestInput, apps: Apps): ManifestInput =>
  entries.reduce((m, [name, app]) => app.manifest(m, apps[name]), manifest);

export const appTrafficSteps = (network: Network, apps: Apps): TrafficStep[] =>
  entries.flatMap(([name, app]) => app.traffic(network, apps[name], apps));
