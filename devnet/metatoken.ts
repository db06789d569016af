import {
  type Address,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  type Hex,
  isAddressEqual,
  maxUint256,
  pad,
  parseAbi,
  parseEventLogs,
  type TransactionReceipt,
} from "viem";
import type { ManifestInput } from "../src/network/manifest";
import type { DevnetApp } from "./app";
import { DEPLOYER, TRAFFIC_SENDERS } from "./accounts";
import type { Artifact } from "./artifacts";
import { assertInArtifact, dispatchPayment, once } from "./hyperlane";
import { type Delivered, DevnetLogError, deliver } from "./messaging";
import { type Finality, type MetalayerDeployment, metalayerOn, routerDispatch } from "./metalayer";
import { chainNamed, type DevChain, type Network, passTime } from "./network";
import { mulberry32, pick, type Random, randomInt, shuffle } from "./random";
import { fixtureArtifact } from "./solc";
import { deployContract, inChainStreams, transact } from "./transact";

/**
 * The devnet's MetaERC20 token "MetaERA" (MERA): a hub on the settlement chain locking a
 * canonical OpenZeppelin ERC20, spokes on the rollups minting and burning their own, all moving
 * through the Metalayer routers (devnet/contracts/MetaERC20*.sol).
 */

/** The compiled fixtures, full ABIs included (tests compare their events with docs/protocols.md). */
export const metaTokenArtifacts = {
  hub: (): Artifact => fixtureArtifact("MetaERC20Hub"),
  spoke: (): Artifact => fixtureArtifact("MetaERC20Spoke"),
  /** The canonical ERC20 the hub locks. */
  canonical: (): Artifact => fixtureArtifact("MetaERA"),
} as const;

/** The MetaERC20 events exactly as docs/protocols.md §2 writes them. */
export const metaErc20EventsAbi = parseAbi([
  "event MetaERC20Dispatch(bytes32 indexed transferId, uint32 originDomain, bytes32 indexed senderAddress, uint32 indexed recipientDomain, bytes32 recipientAddress, uint256 amount, uint8 sourceDecimals, uint8 messageType, uint8 metaERC20Version, uint8 finality, uint256 gasLimit, bytes32 sourceTokenAddress, bytes32 destinationTokenAddress)",
  "event MetaERC20Received(bytes32 indexed transferId, uint32 indexed originDomain, bytes32 senderAddress, uint32 recipientDomain, bytes32 indexed recipientAddress, uint256 amount, uint8 sourceDecimals, uint8 messageType, uint8 metaERC20Version, bytes32 sourceTokenAddress, bytes32 destinationTokenAddress)",
  "event MetaERC20UnhandledMessage(bytes32 indexed transferId, uint32 indexed originDomain, bytes32 senderAddress, uint32 recipientDomain, address indexed recipientAddress, uint256 amount, uint8 sourceDecimals, uint8 messageType, uint8 metaERC20Version)",
  "event SecurityRelayBuffered(bytes32 indexed transferId, uint32 originDomain, bytes32 sender, address recipient, uint256 amount, uint8 sourceDecimals, uint8 version)",
  "event SecurityRelayReleased(bytes32 indexed transferId, uint256 releaseTimestamp, uint32 indexed recipientDomain, address indexed recipient, uint256 amount)",
  "event TransferExpired(bytes32 indexed transferId)",
  "event MetaERC20AdminUnlock(bytes32 indexed transferId, address indexed adminAddress, address recipientAddress)",
  "event MetaERC20AdminReissue(bytes32 indexed transferId, address indexed adminAddress, address recipientAddress)",
]);

const sharedFunctions = [
  "function transferRemote(uint32 recipientDomain, bytes32 recipientAddress, uint256 amount, uint8 finality, uint256 gasLimit) payable returns (bytes32 transferId)",
  "function enrollRemote(uint32 domain, bytes32 metaERC20, bytes32 token)",
  "function remotes(uint32 domain) view returns (bytes32)",
  "function remoteTokens(uint32 domain) view returns (bytes32)",
  "function transferNonce() view returns (uint256)",
  "function localToken() view returns (address)",
  "function localDecimals() view returns (uint8)",
] as const;

/** What the devnet calls, typed; checked against the compiled ABIs before the first deployment. */
export const metaTokenAbi = {
  events: metaErc20EventsAbi,
  hub: parseAbi([
    "constructor(address token_, address router_, uint32 localDomain_, address admin_, uint256 releaseDelay_, uint256 expiryWindow_)",
    ...sharedFunctions,
    "function release(bytes32 transferId, uint256 gasLimit) payable returns (bytes32 messageId)",
    "function expire(bytes32 transferId)",
    "function adminUnlock(bytes32 transferId, address recipientAddress)",
    "function relayOf(bytes32 transferId) view returns (uint8 status, uint64 releasableAt, uint64 expiresAt, uint32 recipientDomain, uint256 amount, uint8 sourceDecimals)",
    "function token() view returns (address)",
    "function releaseDelay() view returns (uint256)",
    "function expiryWindow() view returns (uint256)",
  ]),
  spoke: parseAbi([
    "constructor(string name_, string symbol_, uint8 tokenDecimals, address router_, uint32 localDomain_, uint32 hubDomain_, address admin_, uint256 securityThreshold_)",
    ...sharedFunctions,
    "function adminReissue(bytes32 transferId, address recipientAddress)",
    "function securityThreshold() view returns (uint256)",
    "function relayedAmount(bytes32 transferId) view returns (uint256)",
  ]),
  canonical: parseAbi(["constructor(uint256 supply, address holder)"]),
} as const;

const checkAbisOnce = once(() => {
  assertInArtifact("MetaERC20Hub", [...metaTokenAbi.hub, ...metaErc20EventsAbi.filter((e) => e.name !== "MetaERC20AdminReissue")], metaTokenArtifacts.hub());
  assertInArtifact(
    "MetaERC20Spoke",
    [...metaTokenAbi.spoke, ...erc20Abi, ...metaErc20EventsAbi.filter((e) => ["MetaERC20Dispatch", "MetaERC20Received", "MetaERC20UnhandledMessage", "MetaERC20AdminReissue"].includes(e.name))],
    metaTokenArtifacts.spoke(),
  );
});

export const metaMessageTypes = { MintRequest: 0, UnlockRequest: 1, SecurityRelay: 2, AdminAction: 3 } as const;
export type MetaMessageType = (typeof metaMessageTypes)[keyof typeof metaMessageTypes];
export const METAERC20_VERSION = 1;
/** Hub relay states (MetaERC20Hub.RelayStatus). */
export const relayStatuses = ["None", "Buffered", "Released", "Expired", "Unlocked"] as const;
export type RelayStatus = (typeof relayStatuses)[number];

// ---------------------------------------------------------------------------------------------
// Deploying

export type MetaTokenManifestEntry = NonNullable<ManifestInput["metaTokens"]>[number];

export type MetaSpokeDeployment = {
  chain: string;
  domainId: number;
  /** The spoke is its own ERC20. */
  address: Address;
  decimals: number;
  /** Spoke→spoke transfers above this (in the spoke's units) relay through the hub. */
  securityThreshold: bigint;
  startBlock: number;
};

export type MetaTokenDeployment = {
  /** What the manifest's `metaTokens` lists. */
  entry: MetaTokenManifestEntry;
  hub: { chain: string; domainId: number; address: Address; token: Address; decimals: number; startBlock: number };
  spokes: MetaSpokeDeployment[];
  releaseDelaySeconds: number;
  expirySeconds: number;
};

export type MetaTokenOptions = {
  hubChain?: string;
  spokes?: { chain: string; decimals: number; securityThreshold?: bigint }[];
  /** In whole tokens (threshold × 10^decimals); defaults to 1,000. */
  securityThresholdTokens?: bigint;
  releaseDelaySeconds?: number;
  expirySeconds?: number;
  /** Canonical MERA each traffic sender receives (and approves the hub for) on the hub chain. */
  senderFundingTokens?: bigint;
  deployer?: number;
};

export const defaultMetaSpokes = [
  { chain: "opchain", decimals: 18 },
  { chain: "orbitchain", decimals: 18 },
  { chain: "rarichain", decimals: 6 },
] as const;

const CANONICAL_DECIMALS = 18;
const CANONICAL_SUPPLY_TOKENS = 1_000_000_000n;

const bytes32 = (address: Address): Hex => pad(address, { size: 32 });

/**
 * Deploys the canonical MERA, the hub and the spokes, enrolls every side with every other, and
 * gives each traffic sender canonical MERA already approved for the hub. Short release and
 * expiry windows (default 5 s and 30 s) keep the clock jumps of `releaseRelay`/`expireRelay` small.
 */
export async function deployMetaToken(
  network: Pick<Network, "chains">,
  metalayer: MetalayerDeployment,
  options: MetaTokenOptions = {},
): Promise<MetaTokenDeployment> {
  checkAbisOnce();
  const deployer = options.deployer ?? DEPLOYER;
  const releaseDelaySeconds = options.releaseDelaySeconds ?? 5;
  const expirySeconds = options.expirySeconds ?? 30;
  const hubChain = chainNamed(network, options.hubChain ?? "settlement");
  const admin = hubChain.walletClient(deployer).account.address;
  const thresholdTokens = options.securityThresholdTokens ?? 1_000n;

  const canonical = await deployContract(hubChain, deployer, metaTokenArtifacts.canonical(), [
    CANONICAL_SUPPLY_TOKENS * 10n ** BigInt(CANONICAL_DECIMALS),
    admin,
  ]);
  const hub = await deployContract(hubChain, deployer, metaTokenArtifacts.hub(), [
    canonical.address,
    metalayerOn(metalayer, hubChain.name).router,
    hubChain.domainId,
    admin,
    BigInt(releaseDelaySeconds),
    BigInt(expirySeconds),
  ]);
  const spokes: MetaSpokeDeployment[] = await Promise.all(
    (options.spokes ?? defaultMetaSpokes).map(async (spec) => {
      const chain = chainNamed(network, spec.chain);
      const securityThreshold = ("securityThreshold" in spec ? spec.securityThreshold : undefined) ?? thresholdTokens * 10n ** BigInt(spec.decimals);
      const spoke = await deployContract(chain, deployer, metaTokenArtifacts.spoke(), [
        "MetaERA",
        "MERA",
        spec.decimals,
        metalayerOn(metalayer, chain.name).router,
        chain.domainId,
        hubChain.domainId,
        chain.walletClient(deployer).account.address,
        securityThreshold,
      ]);
      return {
        chain: chain.name,
        domainId: chain.domainId,
        address: spoke.address,
        decimals: spec.decimals,
        securityThreshold,
        startBlock: Number(spoke.receipt.blockNumber),
      };
    }),
  );

  // Every side knows every other side's MetaERC20 and token.
  const sides = [
    { chain: hubChain, address: hub.address, token: canonical.address, domainId: hubChain.domainId },
    ...spokes.map((s) => ({ chain: chainNamed(network, s.chain), address: s.address, token: s.address, domainId: s.domainId })),
  ];
  const enroll = encodeFunctionData;
  await Promise.all(
    sides.map(async (side) => {
      for (const other of sides) {
        if (other === side) continue;
        await transact(side.chain, deployer, {
          to: side.address,
          data: enroll({ abi: metaTokenAbi.hub, functionName: "enrollRemote", args: [other.domainId, bytes32(other.address), bytes32(other.token)] }),
        });
      }
    }),
  );

  const funding = (options.senderFundingTokens ?? 1_000_000n) * 10n ** BigInt(CANONICAL_DECIMALS);
  await Promise.all(
    TRAFFIC_SENDERS.map(async (sender) => {
      const holder = hubChain.walletClient(sender).account.address;
      await transact(hubChain, deployer, { to: canonical.address, data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [holder, funding] }) });
      await transact(hubChain, sender, { to: canonical.address, data: encodeFunctionData({ abi: erc20Abi, functionName: "approve", args: [hub.address, maxUint256] }) });
    }),
  );

  const hubDeployment = {
    chain: hubChain.name,
    domainId: hubChain.domainId,
    address: hub.address,
    token: canonical.address,
    decimals: CANONICAL_DECIMALS,
    startBlock: Number(hub.receipt.blockNumber),
  };
  return {
    entry: {
      id: "MetaERA",
      symbol: "MERA",
      hub: { chain: hubDeployment.chain, address: hubDeployment.address, decimals: hubDeployment.decimals, startBlock: hubDeployment.startBlock },
      spokes: spokes.map(({ chain, address, decimals, startBlock }) => ({ chain, address, decimals, startBlock })),
    },
    hub: hubDeployment,
    spokes,
    releaseDelaySeconds,
    expirySeconds,
  };
}

/** The manifest with this token appended to `metaTokens`. */
export function withMetaToken(manifest: ManifestInput, meta: MetaTokenDeployment): ManifestInput {
  return { ...manifest, metaTokens: [...(manifest.metaTokens ?? []), meta.entry] };
}

type Side = { chain: string; domainId: number; address: Address; decimals: number; isHub: boolean };

export function metaSideOn(meta: MetaTokenDeployment, chain: string): Side {
  if (meta.hub.chain === chain) return { ...meta.hub, isHub: true };
  const spoke = meta.spokes.find((s) => s.chain === chain);
  if (!spoke) throw new Error(`MetaERA has no hub or spoke on ${JSON.stringify(chain)}; it is on ${[meta.hub.chain, ...meta.spokes.map((s) => s.chain)].join(", ")}`);
  return { ...spoke, isHub: false };
}

// ---------------------------------------------------------------------------------------------
// Sending

export type MetaTransferSpec = {
  origin: string;
  destination: string;
  /** In the origin token's units. */
  amount: bigint;
  /** Account index, 2..9; defaults to the first traffic sender. */
  sender?: number;
  /** The recipient on the destination; defaults to the sender's own address. */
  recipient?: Address;
  /** Delivers the first hop: to the destination, or to the hub for a relayed transfer (which buffers it). */
  deliver: boolean;
  finality?: Finality;
  gasLimit?: bigint;
};

export type SentMetaTransfer = {
  transferId: Hex;
  /** The Hyperlane id of the first hop. */
  messageId: Hex;
  origin: string;
  destination: string;
  originDomain: number;
  destinationDomain: number;
  /** In the origin token's units, as the events carry it. */
  amount: bigint;
  sourceDecimals: number;
  messageType: MetaMessageType;
  /** A SecurityRelay: the first hop goes to the hub, which buffers it until released. */
  viaHub: boolean;
  /** The chain the first hop's message is for. */
  firstHop: string;
  sender: Address;
  recipient: Address;
  finality: Finality;
  gasLimit: bigint;
  /** The first hop's whole Hyperlane message (deliverable with messaging.ts `deliver`). */
  message: Hex;
  txHash: Hex;
  blockNumber: bigint;
  delivery?: Delivered;
};

export const DEFAULT_META_GAS_LIMIT = 300_000n;

function eventsOf(receipt: TransactionReceipt, address: Address) {
  return parseEventLogs({ abi: metaErc20EventsAbi, logs: receipt.logs.filter((log) => isAddressEqual(log.address, address)) });
}

/** A hub's or spoke's transferRemote, paying the Metalayer router's dispatch for `gasLimit`. */
export const metaTransferRequest = (end: Address, destinationDomain: number, recipient: Address, amount: bigint, finality: Finality, gasLimit: bigint) => ({
  to: end,
  data: encodeFunctionData({ abi: metaTokenAbi.hub, functionName: "transferRemote", args: [destinationDomain, bytes32(recipient), amount, finality, gasLimit] }),
  value: dispatchPayment(gasLimit),
});

async function sendMetaTransfer(network: Pick<Network, "chains">, metalayer: MetalayerDeployment, meta: MetaTokenDeployment, spec: MetaTransferSpec): Promise<SentMetaTransfer> {
  const originSide = metaSideOn(meta, spec.origin);
  const destinationSide = metaSideOn(meta, spec.destination);
  if (originSide === destinationSide || spec.origin === spec.destination) throw new Error(`MetaERA transfer from ${spec.origin} to itself`);
  const origin = chainNamed(network, spec.origin);
  const senderIndex = spec.sender ?? (TRAFFIC_SENDERS[0] as number);
  const sender = origin.walletClient(senderIndex).account.address;
  const recipient = getAddress(spec.recipient ?? sender);
  const finality = spec.finality ?? 1;
  const gasLimit = spec.gasLimit ?? DEFAULT_META_GAS_LIMIT;
  const receipt = await transact(origin, senderIndex, metaTransferRequest(originSide.address, destinationSide.domainId, recipient, spec.amount, finality, gasLimit));
  const dispatched = eventsOf(receipt, originSide.address).filter((e) => e.eventName === "MetaERC20Dispatch");
  const event = dispatched[0];
  if (dispatched.length !== 1 || event?.eventName !== "MetaERC20Dispatch") {
    throw new DevnetLogError(`expected one MetaERC20Dispatch in ${receipt.transactionHash}, found ${dispatched.length}`);
  }
  const hop = routerDispatch(origin, metalayerOn(metalayer, origin.name).router, receipt.logs);
  const messageType = event.args.messageType as MetaMessageType;
  const viaHub = messageType === metaMessageTypes.SecurityRelay;
  return {
    transferId: event.args.transferId,
    messageId: hop.id,
    origin: spec.origin,
    destination: spec.destination,
    originDomain: originSide.domainId,
    destinationDomain: destinationSide.domainId,
    amount: event.args.amount,
    sourceDecimals: event.args.sourceDecimals,
    messageType,
    viaHub,
    firstHop: viaHub ? meta.hub.chain : spec.destination,
    sender,
    recipient,
    finality,
    gasLimit,
    message: hop.message,
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  };
}

/** Sends every spec (per origin, in order), then delivers the first hops asked for (per chain, in order). */
export async function sendMetaTransfers(
  network: Pick<Network, "chains">,
  metalayer: MetalayerDeployment,
  meta: MetaTokenDeployment,
  specs: readonly MetaTransferSpec[],
): Promise<SentMetaTransfer[]> {
  const sent = await inChainStreams(specs, (spec) => spec.origin, (spec) => sendMetaTransfer(network, metalayer, meta, spec));
  await deliverFirstHops(
    network,
    sent.filter((_, i) => specs[i]?.deliver),
  );
  return sent;
}

export async function deliverFirstHops(network: Pick<Network, "chains">, transfers: readonly SentMetaTransfer[]): Promise<void> {
  await inChainStreams(
    transfers,
    (transfer) => transfer.firstHop,
    async (transfer) => {
      transfer.delivery = await deliver(chainNamed(network, transfer.firstHop), transfer.message);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// The relay path on the hub

export type RelayState = { status: RelayStatus; releasableAt: bigint; expiresAt: bigint; recipientDomain: number; amount: bigint; sourceDecimals: number };

export async function relayState(network: Pick<Network, "chains">, meta: MetaTokenDeployment, transferId: Hex): Promise<RelayState> {
  const hub = chainNamed(network, meta.hub.chain);
  const [status, releasableAt, expiresAt, recipientDomain, amount, sourceDecimals] = await hub.publicClient.readContract({
    address: meta.hub.address,
    abi: metaTokenAbi.hub,
    functionName: "relayOf",
    args: [transferId],
  });
  return { status: relayStatuses[status] ?? "None", releasableAt, expiresAt, recipientDomain, amount, sourceDecimals };
}

/** Moves time forward on every chain (`passTime`) so that the hub chain's next block is at `timestamp` or later. */
export async function advanceClocks(network: Pick<Network, "chains">, hubChain: DevChain, timestamp: bigint): Promise<void> {
  const latest = await hubChain.publicClient.getBlock({ blockTag: "latest" });
  const seconds = Number(timestamp - latest.timestamp);
  if (seconds <= 0) return;
  await passTime(network, seconds);
  await hubChain.testClient.mine({ blocks: 1 });
}

export type ReleasedRelay = {
  transferId: Hex;
  /** The second hop: hub → destination spoke. */
  messageId: Hex;
  message: Hex;
  destination: string;
  releaseTimestamp: bigint;
  txHash: Hex;
  blockNumber: bigint;
  delivery?: Delivered;
};

/** `release` on the hub, first moving the clocks past the release delay if needed. Sent from the deployer (anyone may). */
export async function releaseRelay(
  network: Pick<Network, "chains">,
  metalayer: MetalayerDeployment,
  meta: MetaTokenDeployment,
  transferId: Hex,
  options: { gasLimit?: bigint; account?: number; deliver?: boolean } = {},
): Promise<ReleasedRelay> {
  const hub = chainNamed(network, meta.hub.chain);
  const state = await relayState(network, meta, transferId);
  if (state.status !== "Buffered") throw new Error(`relay ${transferId} is ${state.status}, not Buffered: deliver its first hop to the hub first`);
  await advanceClocks(network, hub, state.releasableAt);
  const gasLimit = options.gasLimit ?? DEFAULT_META_GAS_LIMIT;
  const receipt = await transact(hub, options.account ?? DEPLOYER, {
    to: meta.hub.address,
    data: encodeFunctionData({ abi: metaTokenAbi.hub, functionName: "release", args: [transferId, gasLimit] }),
    value: dispatchPayment(gasLimit),
  });
  const released = eventsOf(receipt, meta.hub.address).find((e) => e.eventName === "SecurityRelayReleased");
  if (released?.eventName !== "SecurityRelayReleased") throw new DevnetLogError(`no SecurityRelayReleased in ${receipt.transactionHash}`);
  const hop = routerDispatch(hub, metalayerOn(metalayer, hub.name).router, receipt.logs);
  const destination = network.chains.find((c) => c.domainId === state.recipientDomain);
  if (!destination) throw new Error(`relay ${transferId} is for domain ${state.recipientDomain}, which no devnet chain has`);
  const result: ReleasedRelay = {
    transferId,
    messageId: hop.id,
    message: hop.message,
    destination: destination.name,
    releaseTimestamp: released.args.releaseTimestamp,
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
  };
  if (options.deliver ?? true) result.delivery = await deliver(destination, hop.message);
  return result;
}

/** Moves the clocks past the relay's expiry and calls `expire` on the hub. */
export async function expireRelay(network: Pick<Network, "chains">, meta: MetaTokenDeployment, transferId: Hex, account = DEPLOYER): Promise<TransactionReceipt> {
  const hub = chainNamed(network, meta.hub.chain);
  const state = await relayState(network, meta, transferId);
  if (state.status !== "Buffered") throw new Error(`relay ${transferId} is ${state.status}, not Buffered`);
  await advanceClocks(network, hub, state.expiresAt + 1n);
  return transact(hub, account, { to: meta.hub.address, data: encodeFunctionData({ abi: metaTokenAbi.hub, functionName: "expire", args: [transferId] }) });
}

/** The hub admin pays an expired relay out of the locked canonical token, on the hub chain. */
export function adminUnlock(network: Pick<Network, "chains">, meta: MetaTokenDeployment, transferId: Hex, recipient: Address, admin = DEPLOYER): Promise<TransactionReceipt> {
  return transact(chainNamed(network, meta.hub.chain), admin, {
    to: meta.hub.address,
    data: encodeFunctionData({ abi: metaTokenAbi.hub, functionName: "adminUnlock", args: [transferId, recipient] }),
  });
}

/**
 * The origin spoke's admin mints an expired relay's amount back (the alternative to
 * `adminUnlock`; the fixtures do not stop both being done for one transfer).
 */
export function adminReissue(
  network: Pick<Network, "chains">,
  meta: MetaTokenDeployment,
  spokeChain: string,
  transferId: Hex,
  recipient: Address,
  admin = DEPLOYER,
): Promise<TransactionReceipt> {
  const spoke = metaSideOn(meta, spokeChain);
  if (spoke.isHub) throw new Error("adminReissue is a spoke's: pass the relayed transfer's origin spoke");
  return transact(chainNamed(network, spokeChain), admin, {
    to: spoke.address,
    data: encodeFunctionData({ abi: metaTokenAbi.spoke, functionName: "adminReissue", args: [transferId, recipient] }),
  });
}

// ---------------------------------------------------------------------------------------------
// Ground truth

export type MetaTokenState = {
  /** Canonical MERA the hub holds (18 decimals). */
  hubLocked: bigint;
  spokes: { chain: string; decimals: number; totalSupply: bigint }[];
  /** Per chain name, per holder address: canonical MERA on the hub chain, the spoke's token elsewhere. */
  balances: Record<string, Record<Address, bigint>>;
};

/** Reads the contracts (at the latest block) for `holders` (default: every traffic sender). */
export async function readMetaTokenState(network: Pick<Network, "chains">, meta: MetaTokenDeployment, holders?: readonly Address[]): Promise<MetaTokenState> {
  const hubChain = chainNamed(network, meta.hub.chain);
  const who = holders ?? TRAFFIC_SENDERS.map((i) => hubChain.walletClient(i).account.address);
  const balanceOf = (chain: DevChain, token: Address, holder: Address) =>
    chain.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [holder] });
  const tokens = [
    { chain: hubChain, token: meta.hub.token },
    ...meta.spokes.map((s) => ({ chain: chainNamed(network, s.chain), token: s.address })),
  ];
  const balances: MetaTokenState["balances"] = {};
  for (const { chain, token } of tokens) {
    const entries = await Promise.all(who.map(async (holder) => [holder, await balanceOf(chain, token, holder)] as const));
    balances[chain.name] = Object.fromEntries(entries);
  }
  return {
    hubLocked: await balanceOf(hubChain, meta.hub.token, meta.hub.address),
    spokes: await Promise.all(
      meta.spokes.map(async (s) => ({
        chain: s.chain,
        decimals: s.decimals,
        totalSupply: await chainNamed(network, s.chain).publicClient.readContract({ address: s.address, abi: erc20Abi, functionName: "totalSupply" }),
      })),
    ),
    balances,
  };
}

/** `amount` of `fromDecimals` units in `toDecimals` units, rounded down as the contracts do. */
export function rescale(amount: bigint, fromDecimals: number, toDecimals: number): bigint {
  return toDecimals >= fromDecimals ? amount * 10n ** BigInt(toDecimals - fromDecimals) : amount / 10n ** BigInt(fromDecimals - toDecimals);
}

// ---------------------------------------------------------------------------------------------
// Scenario

export type RelayOutcome = "release" | "unlock" | "reissue";

export type MetaTokenScenario = {
  /** Hub → every spoke for every sender, delivered: gives the spokes tokens to move. */
  funding: MetaTransferSpec[];
  /** After funding: spoke→hub, spoke→spoke direct, hub→spoke, some left undelivered. */
  transfers: MetaTransferSpec[];
  /** Spoke→spoke above the threshold, first hop delivered (buffered on the hub), then the outcome. */
  relays: { spec: MetaTransferSpec; outcome: RelayOutcome }[];
};

export type MetaTokenScenarioOptions = {
  seed: number;
  /** Direct transfers after funding; default 12. */
  count?: number;
  hubChain?: string;
  spokes?: readonly { chain: string; decimals: number }[];
  /** The spokes' threshold in whole tokens (deployMetaToken's securityThresholdTokens). */
  securityThresholdTokens?: bigint;
  senders?: readonly number[];
};

/** Whole tokens with up to two decimals, in `decimals` units: rescales exactly to 6 decimals and up. */
function randomAmount(random: Random, decimals: number, minTokens: number, maxTokens: number): bigint {
  const cents = BigInt(randomInt(random, minTokens * 100, maxTokens * 100));
  return (cents * 10n ** BigInt(decimals)) / 100n;
}

/**
 * Deterministic for a seed. Covers hub→spoke, spoke→hub, spoke→spoke below the threshold
 * (direct), spoke→spoke above it (relayed and released), one relayed transfer that expires and
 * is unlocked by the hub admin, one that expires and is reissued by the spoke admin, and a few
 * transfers left undelivered.
 */
export function makeMetaTokenScenario(options: MetaTokenScenarioOptions): MetaTokenScenario {
  const random = mulberry32(options.seed);
  const hub = options.hubChain ?? "settlement";
  const spokes = options.spokes ?? defaultMetaSpokes;
  const senders = options.senders ?? TRAFFIC_SENDERS.slice(0, 4);
  const threshold = Number(options.securityThresholdTokens ?? 1_000n);
  const count = options.count ?? 12;
  if (spokes.length < 2) throw new Error("makeMetaTokenScenario: expected at least two spokes");

  // Enough on every spoke for everything below (at most 3 relays of 3× the threshold, plus direct transfers).
  const funding = spokes.flatMap((spoke) =>
    senders.map((sender) => ({ origin: hub, destination: spoke.chain, amount: BigInt(threshold * 20) * 10n ** 18n, sender, deliver: true })),
  );
  const decimalsOf = (chain: string) => (chain === hub ? 18 : (spokes.find((s) => s.chain === chain)?.decimals ?? 18));
  const spokePairs = spokes.flatMap((a) => spokes.filter((b) => b !== a).map((b) => ({ origin: a.chain, destination: b.chain })));
  const kinds = ["hubToSpoke", "spokeToHub", "spokeToSpoke"] as const;
  const transfers: MetaTransferSpec[] = Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length] as (typeof kinds)[number];
    const spoke = pick(random, spokes).chain;
    const route =
      kind === "hubToSpoke" ? { origin: hub, destination: spoke } : kind === "spokeToHub" ? { origin: spoke, destination: hub } : pick(random, spokePairs);
    const amount = randomAmount(random, decimalsOf(route.origin), 1, Math.floor(threshold / 2));
    return { ...route, amount, sender: pick(random, senders), deliver: true };
  });
  // A few left in flight: the last hub→spoke and spoke→hub ones.
  for (const kind of ["hubToSpoke", "spokeToHub"] as const) {
    const index = transfers.map((_, i) => i).filter((i) => kinds[i % kinds.length] === kind).pop();
    const transfer = index === undefined ? undefined : transfers[index];
    if (transfer) transfer.deliver = false;
  }
  const outcomes: RelayOutcome[] = ["release", "release", "unlock", "reissue"];
  const relays = shuffle(random, outcomes).map((outcome) => {
    const route = pick(random, spokePairs);
    const amount = randomAmount(random, decimalsOf(route.origin), threshold + 1, threshold * 3);
    return { spec: { ...route, amount, sender: pick(random, senders), deliver: true }, outcome };
  });
  return { funding, transfers, relays };
}

export type MetaTokenScenarioRun = {
  funding: SentMetaTransfer[];
  transfers: SentMetaTransfer[];
  relays: { sent: SentMetaTransfer; outcome: RelayOutcome; released?: ReleasedRelay; expiredTxHash?: Hex; settledTxHash?: Hex }[];
};

/**
 * Funding first (delivered), then the transfers and the relays' first hops, then the releases,
 * then one clock jump past the expiry for the relays left to expire, their expiry and their
 * admin unlock (to the sender, on the hub chain) or reissue (to the sender, on the origin spoke).
 */
export async function runMetaTokenScenario(
  network: Pick<Network, "chains">,
  metalayer: MetalayerDeployment,
  meta: MetaTokenDeployment,
  scenario: MetaTokenScenario,
): Promise<MetaTokenScenarioRun> {
  const funding = await sendMetaTransfers(network, metalayer, meta, scenario.funding);
  const sent = await sendMetaTransfers(network, metalayer, meta, [...scenario.transfers, ...scenario.relays.map((r) => r.spec)]);
  const transfers = sent.slice(0, scenario.transfers.length);
  const relays: MetaTokenScenarioRun["relays"] = scenario.relays.map((relay, i) => {
    const transfer = sent[scenario.transfers.length + i] as SentMetaTransfer;
    if (!transfer.viaHub) throw new Error(`scenario relay ${i} (${transfer.amount} from ${transfer.origin}) went direct: is the threshold below the amount?`);
    return { sent: transfer, outcome: relay.outcome };
  });
  for (const relay of relays) {
    if (relay.outcome === "release") relay.released = await releaseRelay(network, metalayer, meta, relay.sent.transferId);
  }
  for (const relay of relays) {
    if (relay.outcome === "release") continue;
    relay.expiredTxHash = (await expireRelay(network, meta, relay.sent.transferId)).transactionHash;
    relay.settledTxHash = (
      relay.outcome === "unlock"
        ? await adminUnlock(network, meta, relay.sent.transferId, relay.sent.sender)
        : await adminReissue(network, meta, relay.sent.origin, relay.sent.transferId, relay.sent.sender)
    ).transactionHash;
  }
  return { funding, transfers, relays };
}

/** MetaERA on the devnet: a hub on the settlement chain, spokes on the rollups, through the Metalayer. */
export const metaTokenApp: DevnetApp<MetaTokenDeployment, { metalayer: MetalayerDeployment }> = {
  describe: "the MetaERC20 hub and spokes",
  deploy: (network, { metalayer }) => deployMetaToken(network, metalayer),
  manifest: withMetaToken,
  // Hub → spoke transfers: spokes then hold tokens the other traffic does not need.
  traffic: (network, meta, { metalayer }) => [
    (random) => {
      const spoke = pick(random, meta.spokes);
      const amount = BigInt(randomInt(random, 1, 500)) * 10n ** 18n;
      return sendMetaTransfers(network, metalayer, meta, [
        { origin: meta.hub.chain, destination: spoke.chain, amount, sender: pick(random, TRAFFIC_SENDERS), deliver: false },
      ]);
    },
  ],
};
