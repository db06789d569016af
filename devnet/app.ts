import type { ManifestInput } from "../src/network/manifest";
import type { Network } from "./network";
import type { TrafficStep } from "./traffic";

/**
 * One application the local network runs on its chains (the Metalayer, MetaERC20, warp routes,
 * …). Its module also exports its transaction builders (the requests that send one transfer or
 * message, which the benchmark batches too) and its ground-truth readers for the tests.
 */
export type DevnetApp<Deployment, Needs = unknown> = {
  /** What `npm start` says while it deploys */
  describe: string;
  /** Deploys it; `needs` are the deployments of the applications before it in the list */
  deploy(network: Network, needs: Needs): Promise<Deployment>;
  /** The manifest with its contracts added */
  manifest(manifest: ManifestInput, deployment: Deployment): ManifestInput;
  /** What it adds to the traffic generator of `npm start` */
  traffic(network: Network, deployment: Deployment, needs: Needs): TrafficStep[];
};
