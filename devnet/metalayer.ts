import {
  type Address,
  concat,
  encodeDeployData,
  encodeFunctionData,
  getAddress,
  getContractAddress,
  type Hex,
  hexToNumber,
  isAddressEqual,
  keccak256,
  pad,
  parseAbi,
  sliceHex,
  stringToHex,
} from "viem";
import type { ManifestInput } from "../src/network/manifest";
import type { DevnetApp } from "./app";
import { DEPLOYER, TRAFFIC_SENDERS } from "./accounts";
import type { Artifact } from "./artifacts";
import { assertInArtifact, dispatchPayment, once } from "./hyperlane";
import { decodeDispatches, type Delivered, DevnetLogError, deliver } from "./messaging";
import { chainNamed, DEVNET_DEPLOYMENT, defaultChains, type DevChain, type Network } from "./network";
import { mulberry32, pick, type Random, randomInt, shuffle } from "./random";
import { orderedPairs, randomBody } from "./scenario";
import { fixtureArtifact } from "./solc";
import { inChainStreams, transact } from "./transact";

/**
 * The devnet's Metalayer: a fixture MetalayerRouter (devnet/contracts/MetalayerRouter.sol) on
 * every chain in front of the real Hyperlane Mailbox, the routers enrolled with each other, and
 * a MetalayerTestRecipient app on every chain for traffic to land on.
 */

/** The compiled fixtures, full ABIs included (tests compare their events with docs/protocols.md). */
export const metalayerArtifacts = {
  router: (): Artifact => fixtureArtifact("MetalayerRouter"),
  testRecipient: (): Artifact => fixtureArtifact("MetalayerTestRecipient"),
} as const;

/** What the devnet calls, typed; checked against the compiled ABIs before the first deployment. */
export const metalayerAbi = {
  router: parseAbi([
    "constructor(address mailbox_, address owner_)",
    "function dispatch(uint32 destinationDomain, address recipient, (uint32 domain, address target, bytes callData)[] reads, bytes writeCallData, uint8 finality, uint256 gasLimit) payable returns (bytes32 messageId)",
    "function handle(uint32 origin, bytes32 sender, bytes message) payable",
    "function enrollRemoteRouter(uint32 domain, bytes32 router)",
    "function routers(uint32 domain) view returns (bytes32)",
    "function nonce() view returns (uint32)",
    "function mailbox() view returns (address)",
    "function localDomain() view returns (uint32)",
  ]),
  recipient: parseAbi([
    "function handle(uint32 originDomain, address sender, bytes writeCallData)",
    "function handled() view returns (uint256)",
    "function lastWriteHash() view returns (bytes32)",
    "event MetalayerHandled(uint32 indexed originDomain, address indexed sender, bytes writeCallData)",
  ]),
} as const;

const checkAbisOnce = once(() => {
  assertInArtifact("MetalayerRouter", metalayerAbi.router, metalayerArtifacts.router());
  assertInArtifact("MetalayerTestRecipient", metalayerAbi.recipient, metalayerArtifacts.testRecipient());
});

export const METALAYER_VERSION = 1;
export const finalities = { INSTANT: 0, FINALIZED: 1, ESPRESSO: 2 } as const;
export type Finality = 0 | 1 | 2;

// ---------------------------------------------------------------------------------------------
// Deploying

/** anvil's default CREATE2 factory (salt ‖ init code → address): same init code, same address on every chain. */
export const CREATE2_FACTORY: Address = "0x4e59b44847b379578588920cA78FbF26c0B4956C";

export class DeploymentError extends Error {
  override name = "DeploymentError";
}

/**
 * Deploys through the CREATE2 factory, so a contract whose constructor arguments are the same on
 * every chain lands at one address everywhere, whatever else the deployer did before.
 */
export async function deployCreate2(
  chain: DevChain,
  account: number,
  artifact: Artifact,
  args: readonly unknown[],
  salt: Hex,
): Promise<{ address: Address; blockNumber: bigint }> {
  const initCode = encodeDeployData({ abi: artifact.abi, bytecode: artifact.bytecode, args });
  const address = getContractAddress({ opcode: "CREATE2", from: CREATE2_FACTORY, salt, bytecode: initCode });
  if ((await chain.publicClient.getCode({ address }))?.length) {
    throw new DeploymentError(`${chain.name}: a contract is already at ${address} (salt ${salt}); deploy with another salt`);
  }
  if (!(await chain.publicClient.getCode({ address: CREATE2_FACTORY }))?.length) {
    throw new DeploymentError(`${chain.name}: no CREATE2 factory at ${CREATE2_FACTORY}; start anvil without --disable-default-create2-deployer`);
  }
  const receipt = await transact(chain, account, { to: CREATE2_FACTORY, data: concat([salt, initCode]) });
  if (!(await chain.publicClient.getCode({ address }))?.length) {
    throw new DeploymentError(`${chain.name}: the CREATE2 deployment ${receipt.transactionHash} left no code at ${address}`);
  }
  return { address, blockNumber: receipt.blockNumber };
}

export type MetalayerChainDeployment = {
  router: Address;
  /** A MetalayerTestRecipient: the default recipient of devnet Metalayer messages. */
  testRecipient: Address;
  /** The block of the router's deployment. */
  startBlock: number;
};

/** Per chain name. */
export type MetalayerDeployment = { chains: Record<string, MetalayerChainDeployment> };

export type MetalayerOptions = { deployer?: number; salt?: string };

export function metalayerOn(metalayer: MetalayerDeployment, chain: string): MetalayerChainDeployment {
  const deployment = metalayer.chains[chain];
  if (!deployment) throw new Error(`no Metalayer router on ${JSON.stringify(chain)}; it is on ${Object.keys(metalayer.chains).join(", ")}`);
  return deployment;
}

/**
 * A router per chain (one address on every chain while the Mailboxes share one, which the
 * devnet's identical deployment order gives), each enrolled with every other chain's router.
 */
export async function deployMetalayer(network: Pick<Network, "chains">, options: MetalayerOptions = {}): Promise<MetalayerDeployment> {
  checkAbisOnce();
  const deployer = options.deployer ?? DEPLOYER;
  const salt = keccak256(stringToHex(options.salt ?? "devnet MetalayerRouter"));
  const deployed = await Promise.all(
    network.chains.map(async (chain) => {
      const owner = chain.walletClient(deployer).account.address;
      const router = await deployCreate2(chain, deployer, metalayerArtifacts.router(), [chain.hyperlane.mailbox, owner], salt);
      const testRecipient = await deployCreate2(chain, deployer, metalayerArtifacts.testRecipient(), [], salt);
      return [chain.name, { router: router.address, testRecipient: testRecipient.address, startBlock: Number(router.blockNumber) }] as const;
    }),
  );
  const metalayer: MetalayerDeployment = { chains: Object.fromEntries(deployed) };
  await Promise.all(
    network.chains.map(async (chain) => {
      for (const remote of network.chains) {
        if (remote === chain) continue;
        await transact(chain, deployer, {
          to: metalayerOn(metalayer, chain.name).router,
          data: encodeFunctionData({
            abi: metalayerAbi.router,
            functionName: "enrollRemoteRouter",
            args: [remote.domainId, pad(metalayerOn(metalayer, remote.name).router, { size: 32 })],
          }),
        });
      }
    }),
  );
  return metalayer;
}

/** The manifest with each chain's devnet deployment pointing at its Metalayer router. */
export function withMetalayerRouters(manifest: ManifestInput, metalayer: MetalayerDeployment, deploymentName = DEVNET_DEPLOYMENT): ManifestInput {
  return {
    ...manifest,
    chains: manifest.chains.map((chain) => {
      const deployment = metalayer.chains[chain.name];
      if (!deployment) return chain;
      return {
        ...chain,
        deployments: (chain.deployments ?? []).map((d) => (d.name === deploymentName ? { ...d, metalayerRouter: deployment.router } : d)),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Sending

export type ReadOperation = { domain: number; target: Address; callData: Hex };

export type MetalayerSpec = {
  origin: string;
  destination: string;
  /** The destination app; defaults to the destination's MetalayerTestRecipient. */
  recipient?: Address;
  reads: ReadOperation[];
  write: Hex;
  finality: Finality;
  deliver: boolean;
  /** Account index, 2..9 (accounts.ts); defaults to the first traffic sender. */
  sender?: number;
  /** Destination gas asked for and paid to the IGP at dispatch; defaults to 200,000. */
  gasLimit?: bigint;
};

export type SentMetalayerMessage = {
  /** The Hyperlane message id. */
  messageId: Hex;
  origin: string;
  destination: string;
  originDomain: number;
  destinationDomain: number;
  /** The router on each side: the Hyperlane sender and recipient. */
  originRouter: Address;
  destinationRouter: Address;
  /** The app that called the router, and the app it addressed. */
  appSender: Address;
  appRecipient: Address;
  finality: Finality;
  reads: ReadOperation[];
  write: Hex;
  /** The origin router's counter, from the MetalayerMessage. */
  metalayerNonce: number;
  /** The Mailbox's nonce, from the Hyperlane message. */
  hyperlaneNonce: number;
  gasLimit: bigint;
  payment: bigint;
  /** The whole Hyperlane message: what `deliver` (messaging.ts) takes. */
  message: Hex;
  txHash: Hex;
  blockNumber: bigint;
  /** Set when the spec asked for delivery. */
  delivery?: Delivered;
};

export const DEFAULT_METALAYER_GAS_LIMIT = 200_000n;

/** Hyperlane header (77 bytes) then the MetalayerMessage: its nonce is at 77 + 2. */
const HYPERLANE_HEADER = 77;

/**
 * The router's Hyperlane message out of a receipt: the one Dispatch of the origin Mailbox whose
 * sender is the router.
 */
export function routerDispatch(origin: DevChain, router: Address, logs: Parameters<typeof decodeDispatches>[0]) {
  const ours = decodeDispatches(logs, origin.hyperlane.mailbox).filter((d) => isAddressEqual(d.sender, router));
  if (ours.length !== 1) throw new DevnetLogError(`expected one Dispatch from the Metalayer router ${router} on ${origin.name}, found ${ours.length}`);
  const dispatched = ours[0] as (typeof ours)[number];
  return { ...dispatched, metalayerNonce: hexToNumber(sliceHex(dispatched.message, HYPERLANE_HEADER + 2, HYPERLANE_HEADER + 6)) };
}

/** The router's dispatch: the app's message with its reads and write, paid for `gasLimit` on the destination. */
export const metalayerDispatchRequest = (
  router: Address,
  destinationDomain: number,
  appRecipient: Address,
  spec: Pick<MetalayerSpec, "reads" | "write" | "finality">,
  gasLimit: bigint,
) => ({
  to: router,
  data: encodeFunctionData({ abi: metalayerAbi.router, functionName: "dispatch", args: [destinationDomain, appRecipient, spec.reads, spec.write, spec.finality, gasLimit] }),
  value: dispatchPayment(gasLimit),
});

async function sendMetalayerMessage(network: Pick<Network, "chains">, metalayer: MetalayerDeployment, spec: MetalayerSpec): Promise<SentMetalayerMessage> {
  const origin = chainNamed(network, spec.origin);
  const destination = chainNamed(network, spec.destination);
  if (origin === destination) throw new Error(`Metalayer message from ${spec.origin} to itself: expected two distinct chains`);
  const sender = spec.sender ?? (TRAFFIC_SENDERS[0] as number);
  const router = metalayerOn(metalayer, origin.name).router;
  const appRecipient = getAddress(spec.recipient ?? metalayerOn(metalayer, destination.name).testRecipient);
  const gasLimit = spec.gasLimit ?? DEFAULT_METALAYER_GAS_LIMIT;
  const request = metalayerDispatchRequest(router, destination.domainId, appRecipient, spec, gasLimit);
  const payment = request.value;
  const receipt = await transact(origin, sender, request);
  const dispatched = routerDispatch(origin, router, receipt.logs);
  return {
    messageId: dispatched.id,
    origin: origin.name,
    destination: destination.name,
    originDomain: origin.domainId,
    destinationDomain: destination.domainId,
    originRouter: router,
    destinationRouter: metalayerOn(metalayer, destination.name).router,
    appSender: origin.walletClient(sender).account.address,
    appRecipient,
    finality: spec.finality,
    reads: spec.reads,
    write: spec.write,
    metalayerNonce: dispatched.metalayerNonce,
    hyperlaneNonce: dispatched.nonce,
    gasLimit,
    payment,
    message: dispatched.message,
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  };
}


/** Sends every spec (per origin, in order), then delivers those that ask for it (per destination, in order). */
export async function sendMetalayerMessages(
  network: Pick<Network, "chains">,
  metalayer: MetalayerDeployment,
  specs: readonly MetalayerSpec[],
): Promise<SentMetalayerMessage[]> {
  const sent = await inChainStreams(specs, (spec) => spec.origin, (spec) => sendMetalayerMessage(network, metalayer, spec));
  const toDeliver = sent.filter((_, i) => specs[i]?.deliver);
  await inChainStreams(
    toDeliver,
    (message) => message.destination,
    async (message) => {
      message.delivery = await deliver(chainNamed(network, message.destination), message.message);
    },
  );
  return sent;
}

// ---------------------------------------------------------------------------------------------
// Drawing specs

export function randomReads(random: Random, count: number, domains: readonly number[]): ReadOperation[] {
  return Array.from({ length: count }, (_, i) => ({
    domain: pick(random, domains),
    target: getAddress(sliceHex(keccak256(stringToHex(`read target ${randomInt(random, 0, 1_000_000)}`)), 12)),
    // A 4-byte selector and 0..3 words of arguments, sometimes nothing at all.
    callData: i === 0 && random() < 0.2 ? "0x" : randomBody(random, "read").slice(0, 2 + 8 + 64 * randomInt(random, 0, 3)) as Hex,
  }));
}

export function randomMetalayerSpec(
  random: Random,
  route: { origin: string; destination: string },
  shape: { finality: Finality; readCount: number; deliver: boolean; domains: readonly number[] },
): MetalayerSpec {
  return {
    ...route,
    reads: randomReads(random, shape.readCount, shape.domains),
    write: randomBody(random, `metalayer ${route.origin} to ${route.destination}`),
    finality: shape.finality,
    deliver: shape.deliver,
    sender: pick(random, TRAFFIC_SENDERS),
    gasLimit: BigInt(randomInt(random, 100, 400) * 1_000),
  };
}

export type MetalayerScenarioOptions = {
  seed: number;
  count: number;
  /** Sent but never delivered. */
  undeliveredShare?: number;
  chains?: readonly string[];
  /** Domains the reads name; pass the network's (offset) domain ids. Defaults to defaultChains'. */
  domains?: readonly number[];
};

/**
 * Deterministic for a seed. Every ordered pair of chains first, then random pairs; finality
 * cycles 0,1,2 and the read count 0..3 over the messages (every combination once count ≥ 12);
 * writes from empty to a few KB (randomBody).
 */
export function makeMetalayerScenario(options: MetalayerScenarioOptions): MetalayerSpec[] {
  const { seed, count, undeliveredShare = 0.1 } = options;
  const random = mulberry32(seed);
  const pairs = shuffle(random, orderedPairs(options.chains ?? defaultChains.map((c) => c.name)));
  if (pairs.length === 0) throw new Error("makeMetalayerScenario: expected at least two chains");
  const domains = options.domains ?? defaultChains.map((c) => c.domainId);
  const undelivered = new Set(shuffle(random, [...Array(count).keys()]).slice(0, Math.round(count * undeliveredShare)));
  const shapes = shuffle(
    random,
    Array.from({ length: count }, (_, i) => ({ finality: (i % 3) as Finality, readCount: i % 4 })),
  );
  return shapes.map((shape, i) =>
    randomMetalayerSpec(random, pairs[i] ?? pick(random, pairs), { ...shape, deliver: !undelivered.has(i), domains }),
  );
}

/** One message of ongoing traffic: sent, not delivered (the relayer delivers paid messages). */
export async function metalayerTrafficStep(network: Pick<Network, "chains">, metalayer: MetalayerDeployment, random: Random): Promise<SentMetalayerMessage> {
  const pairs = orderedPairs(network.chains.map((chain) => chain.name));
  if (pairs.length === 0) throw new Error("Metalayer traffic needs at least two chains");
  const spec = randomMetalayerSpec(random, pick(random, pairs), {
    finality: randomInt(random, 0, 2) as Finality,
    readCount: randomInt(random, 0, 3),
    deliver: false,
    domains: network.chains.map((chain) => chain.domainId),
  });
  const [sent] = await sendMetalayerMessages(network, metalayer, [spec]);
  return sent as SentMetalayerMessage;
}

/** The Metalayer on the devnet: a router and a test recipient on every chain. */
export const metalayerApp: DevnetApp<MetalayerDeployment> = {
  describe: "the Metalayer routers",
  deploy: (network) => deployMetalayer(network),
  manifest: (manifest, metalayer) => withMetalayerRouters(manifest, metalayer),
  traffic: (network, metalayer) => [(random) => metalayerTrafficStep(network, metalayer, random)],
};
