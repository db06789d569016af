import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { type ManifestInput, parseManifest, type Stack } from "../src/network/manifest";
import { type Anvil, startAnvil } from "./anvil";
import { type ChainClients, connect } from "./clients";
import { deployHyperlane, type HyperlaneDeployment } from "./hyperlane";

export type ChainSpec = {
  name: string;
  chainId: number;
  /** The Hyperlane domain id; differs from the chain id on some chains (RARI Chain). */
  domainId: number;
  stack: Stack;
  settlesOn?: string;
};

/** A settlement layer with an OP Stack rollup and two Orbit rollups, one numbered like RARI Chain. */
export const defaultChains: readonly ChainSpec[] = [
  { name: "settlement", chainId: 900, domainId: 900, stack: "settlement" },
  { name: "opchain", chainId: 901, domainId: 901, stack: "opstack", settlesOn: "settlement" },
  { name: "orbitchain", chainId: 902, domainId: 902, stack: "orbit", settlesOn: "settlement" },
  { name: "rarichain", chainId: 903, domainId: 1000903, stack: "orbit", settlesOn: "settlement" },
];

export type DevChain = ChainSpec &
  ChainClients & {
    rpcUrl: string;
    anvil: Anvil;
    hyperlane: HyperlaneDeployment;
  };

export type Network = {
  chains: DevChain[];
  manifest: ManifestInput;
  writeManifest(path: string): void;
  stop(): Promise<void>;
};

export type NetworkOptions = {
  chains?: readonly ChainSpec[];
  /** Added to every chain id and domain id (see `freshChainIdOffset`). */
  chainIdOffset?: number;
  /** Progress lines for a human ("deploying Hyperlane on settlement…"). */
  onProgress?: (line: string) => void;
};

/** The deployment name the devnet's Hyperlane goes under in the manifest. */
export const DEVNET_DEPLOYMENT = "metalayer";

/** Ponder polls the devnet often and, per repeated URL, gets its own rate-limit bucket. */
const MANIFEST_RPC_REPEAT = 8;
const MANIFEST_POLLING_INTERVAL_MS = 200;

export function manifestOf(chains: readonly DevChain[]): ManifestInput {
  return {
    chains: chains.map((chain) => ({
      name: chain.name,
      chainId: chain.chainId,
      domainId: chain.domainId,
      stack: chain.stack,
      ...(chain.settlesOn === undefined ? {} : { settlesOn: chain.settlesOn }),
      rpc: chain.rpcUrl,
      rpcRepeat: MANIFEST_RPC_REPEAT,
      pollingIntervalMs: MANIFEST_POLLING_INTERVAL_MS,
      deployments: [
        {
          name: DEVNET_DEPLOYMENT,
          mailbox: chain.hyperlane.mailbox,
          interchainGasPaymaster: chain.hyperlane.interchainGasPaymaster,
          merkleTreeHook: chain.hyperlane.merkleTreeHook,
          startBlock: chain.hyperlane.startBlock,
        },
      ],
    })),
  };
}

/**
 * An empty block every `seconds` on every chain, besides the block each transaction is mined
 * in at once: chains that keep moving, as live ones do. (Under omnichain ordering Ponder only
 * indexes a block once every chain has passed its timestamp, so idle chains would stall it.)
 */
export const mineEvery = (network: Pick<Network, "chains">, seconds: number) =>
  Promise.all(network.chains.map((c) => c.testClient.setIntervalMining({ interval: seconds })));

/**
 * Time passes on the whole network: every chain's next block is `seconds` later, so that
 * cross-chain timings (dispatch → delivery) stay true and no chain runs ahead of the others.
 */
export async function passTime(network: Pick<Network, "chains">, seconds: number): Promise<void> {
  if (seconds > 0) await Promise.all(network.chains.map((chain) => chain.testClient.increaseTime({ seconds })));
}

export function chainNamed(network: Pick<Network, "chains">, name: string): DevChain {
  const chain = network.chains.find((c) => c.name === name);
  if (!chain) throw new Error(`no devnet chain named ${JSON.stringify(name)}; the chains are ${network.chains.map((c) => c.name).join(", ")}`);
  return chain;
}

async function startChain(spec: ChainSpec, remoteDomains: number[], options: NetworkOptions, anvils: Anvil[]): Promise<DevChain> {
  const progress = options.onProgress ?? (() => undefined);
  const anvil = await startAnvil({ chainId: spec.chainId });
  anvils.push(anvil);
  progress(`anvil for ${spec.name} (chain ${spec.chainId}) listening on ${anvil.rpcUrl}`);
  const clients = connect(anvil, { name: spec.name });
  progress(`deploying Hyperlane on ${spec.name}…`);
  const hyperlane = await deployHyperlane(clients, { domainId: spec.domainId, remoteDomains });
  progress(`Hyperlane on ${spec.name}: Mailbox ${hyperlane.mailbox}, IGP ${hyperlane.interchainGasPaymaster}`);
  return { ...spec, ...clients, rpcUrl: anvil.rpcUrl, anvil, hyperlane };
}

/**
 * An offset that gives this run chain ids no earlier run had. Ponder caches blocks and logs per
 * chain id in the database (ponder_sync) and never overwrites them; a new anvil restarts from
 * genesis under the same id, so on a shared PostgreSQL an earlier run's cache would be read as
 * this run's chain. Tests therefore run every network under fresh ids.
 */
export const freshChainIdOffset = () => 3_000_000_000 + Math.floor(Math.random() * 10_000_000) * 10;

export async function startNetwork(options: NetworkOptions = {}): Promise<Network> {
  const offset = options.chainIdOffset ?? 0;
  const specs = (options.chains ?? defaultChains).map((spec) => ({
    ...spec,
    chainId: spec.chainId + offset,
    domainId: spec.domainId + offset,
  }));
  const anvils: Anvil[] = [];
  const stopAnvils = async () => {
    await Promise.all(anvils.map((anvil) => anvil.stop()));
  };
  options.onProgress?.(`starting ${specs.length} chains…`);
  // Settled, not all: a chain that fails must not leave the others' anvils starting unseen.
  const started = await Promise.allSettled(
    specs.map((spec) =>
      startChain(
        spec,
        specs.filter((other) => other !== spec).map((other) => other.domainId),
        options,
        anvils,
      ),
    ),
  );
  const failed = started.find((result) => result.status === "rejected");
  if (failed) {
    await stopAnvils();
    throw failed.reason;
  }
  const chains = started.map((result) => (result as PromiseFulfilledResult<DevChain>).value);
  const manifest = manifestOf(chains);
  try {
    parseManifest(manifest, "devnet manifest");
  } catch (error) {
    await stopAnvils();
    throw error;
  }
  return {
    chains,
    manifest,
    writeManifest(path) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${JSON.stringify(manifest, null, 2)}\n`);
    },
    stop: stopAnvils,
  };
}
