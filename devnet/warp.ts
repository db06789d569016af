import {
  type Address,
  encodeFunctionData,
  getAddress,
  type Hex,
  hexToBigInt,
  isAddressEqual,
  maxUint256,
  pad,
  parseAbi,
  parseEventLogs,
  size,
  sliceHex,
  type TransactionReceipt,
  zeroAddress,
} from "viem";
import { type ManifestInput, parseManifest } from "../src/network/manifest";
import type { DevnetApp } from "./app";
import type { EraToken } from "./governance/contracts";
import { DEPLOYER, devnetAccount, TRAFFIC_SENDERS } from "./accounts";
import { type Artifact, artifacts } from "./artifacts";
import { assertInArtifact, once } from "./hyperlane";
import { decodeDispatches, deliver, DevnetLogError } from "./messaging";
import { chainNamed, type DevChain, type Network } from "./network";
import { mulberry32, pick, type Random, randomInt, shuffle } from "./random";
import { deployContract, inChainStreams, inTurn, transact } from "./transact";

/**
 * Hyperlane warp routes on the devnet, from the real @hyperlane-xyz/core token routers: ERA
 * (an ERC20 locked by HypERC20Collateral on the settlement chain, HypERC20 synthetics on the
 * rollups, one of them with 6 decimals) and ETH (HypNative on the settlement chain, hETH
 * synthetics). Transfers, deliveries and the routers' balances are read back from the chain:
 * the ground truth the indexer's token tables are compared with.
 */

// ---------------------------------------------------------------------------------------------
// The routes' shape

export const WARP_ROUTE_IDS = ["ERA", "ETH"] as const;
export type WarpRouteId = (typeof WARP_ROUTE_IDS)[number];
export type WarpRouterKind = "collateral" | "synthetic" | "native";

type RouterLayout = { chain: string; kind: WarpRouterKind; decimals: number };
type RouteLayout = {
  symbol: string;
  /** The decimals of the amounts in the route's messages. */
  decimals: number;
  /** ERC20 name and symbol of the route's synthetic tokens. */
  synthetic: { name: string; symbol: string };
  routers: readonly RouterLayout[];
};

export const warpRouteLayouts: Readonly<Record<WarpRouteId, RouteLayout>> = {
  ERA: {
    symbol: "ERA",
    decimals: 18,
    synthetic: { name: "ERA", symbol: "ERA" },
    routers: [
      { chain: "settlement", kind: "collateral", decimals: 18 },
      { chain: "opchain", kind: "synthetic", decimals: 18 },
      { chain: "orbitchain", kind: "synthetic", decimals: 18 },
      { chain: "rarichain", kind: "synthetic", decimals: 6 },
    ],
  },
  ETH: {
    symbol: "ETH",
    decimals: 18,
    synthetic: { name: "Hyperlane ETH", symbol: "hETH" },
    routers: [
      { chain: "settlement", kind: "native", decimals: 18 },
      { chain: "opchain", kind: "synthetic", decimals: 18 },
      { chain: "orbitchain", kind: "synthetic", decimals: 18 },
      { chain: "rarichain", kind: "synthetic", decimals: 18 },
    ],
  },
};

/** Where `syntheticPremint` is minted: the ERA synthetic on this chain. */
export const PREMINT_ROUTE: WarpRouteId = "ERA";
export const PREMINT_CHAIN = "orbitchain";

/** ERA minted on the settlement chain to every traffic account at deployment. */
export const ERA_PER_TRAFFIC_ACCOUNT = 1_000_000n * 10n ** 18n;

/** The destination gas each router asks the IGP for: the handle of a token router, with margin. */
export const WARP_DESTINATION_GAS = 150_000n;

/** messageAmount = amountLocal × numerator / denominator, rounded down (TokenRouter._outboundAmount). */
export type Scale = { numerator: bigint; denominator: bigint };

/** The scale a router of `localDecimals` needs so its messages carry `routeDecimals` amounts. */
export function scaleFor(localDecimals: number, routeDecimals: number): Scale {
  return localDecimals <= routeDecimals
    ? { numerator: 10n ** BigInt(routeDecimals - localDecimals), denominator: 1n }
    : { numerator: 1n, denominator: 10n ** BigInt(localDecimals - routeDecimals) };
}

/** TokenRouter._outboundAmount. */
export const toMessageAmount = (amountLocal: bigint, scale: Scale): bigint => (amountLocal * scale.numerator) / scale.denominator;
/** TokenRouter._inboundAmount: what the destination router pays out for a message amount. */
export const toLocalAmount = (messageAmount: bigint, scale: Scale): bigint => (messageAmount * scale.denominator) / scale.numerator;

// ---------------------------------------------------------------------------------------------
// ABIs: what the devnet calls and reads, checked against the real artifacts before first use

export const warpAbi = {
  tokenRouter: parseAbi([
    "function enrollRemoteRouters(uint32[] _domains, bytes32[] _addresses)",
    "function setDestinationGas((uint32 domain, uint256 gas)[] gasConfigs)",
    "function destinationGas(uint32 destinationDomain) view returns (uint256)",
    "function quoteGasPayment(uint32 _destinationDomain) view returns (uint256)",
    "function transferRemote(uint32 _destination, bytes32 _recipient, uint256 _amount) payable returns (bytes32 messageId)",
    "function routers(uint32 _domain) view returns (bytes32)",
    "function token() view returns (address)",
    "function scaleNumerator() view returns (uint256)",
    "function scaleDenominator() view returns (uint256)",
    "event SentTransferRemote(uint32 indexed destination, bytes32 indexed recipient, uint256 amountOrId)",
    "event ReceivedTransferRemote(uint32 indexed origin, bytes32 indexed recipient, uint256 amountOrId)",
  ]),
  /** HypERC20Collateral and HypNative. */
  collateralRouter: parseAbi(["function initialize(address _hook, address _interchainSecurityModule, address _owner)"]),
  syntheticRouter: parseAbi([
    "function initialize(uint256 _totalSupply, string _name, string _symbol, address _hook, address _interchainSecurityModule, address _owner)",
  ]),
  erc20: parseAbi([
    "function balanceOf(address account) view returns (uint256)",
    "function totalSupply() view returns (uint256)",
    "function decimals() view returns (uint8)",
    "function approve(address spender, uint256 amount) returns (bool)",
  ]),
  /** contracts/test/ERC20Test.sol: anyone may mint. */
  erc20Test: parseAbi(["function mintTo(address account, uint256 amount)"]),
} as const;

const checkAbisOnce = once(() => {
  const routers: [string, Artifact][] = [
    ["HypERC20", artifacts.HypERC20()],
    ["HypERC20Collateral", artifacts.HypERC20Collateral()],
    ["HypNative", artifacts.HypNative()],
  ];
  for (const [name, artifact] of routers) assertInArtifact(name, warpAbi.tokenRouter, artifact);
  assertInArtifact("HypERC20Collateral", warpAbi.collateralRouter, artifacts.HypERC20Collateral());
  assertInArtifact("HypNative", warpAbi.collateralRouter, artifacts.HypNative());
  assertInArtifact("HypERC20", warpAbi.syntheticRouter, artifacts.HypERC20());
  assertInArtifact("HypERC20", warpAbi.erc20, artifacts.HypERC20());
  assertInArtifact("ERC20Test", warpAbi.erc20, artifacts.ERC20Test());
  assertInArtifact("ERC20Test", warpAbi.erc20Test, artifacts.ERC20Test());
});

// ---------------------------------------------------------------------------------------------
// Deployment

/** One route, as the manifest's `warpRoutes` takes it (input form: addresses as checksummed). */
export type ManifestWarpRoute = NonNullable<ManifestInput["warpRoutes"]>[number];

export type WarpRouterContracts = {
  router: Address;
  /** The ERC20 the router moves: the locked ERC20 (collateral), the router itself (synthetic), none (native). */
  token: Address | null;
  kind: WarpRouterKind;
  decimals: number;
  scale: Scale;
  domainId: number;
  /** The block of the router's deployment. */
  startBlock: number;
};

export type WarpPremint = { route: WarpRouteId; chain: string; holder: Address; amountLocal: bigint };

export type WarpDeployment = {
  /** Exactly the manifest's `warpRoutes` entries. */
  routes: ManifestWarpRoute[];
  contracts: Record<WarpRouteId, Record<string, WarpRouterContracts>>;
  /** Synthetic tokens minted outside the route (HypERC20.initialize's totalSupply, to the deployer). */
  premints: WarpPremint[];
};

export type WarpDeployOptions = {
  /** Minted by the ERA synthetic on orbitchain at initialisation: supply no collateral backs. */
  syntheticPremint?: bigint;
  /** Account index that deploys and owns the routers. */
  deployer?: number;
  /**
   * An ERC20 already deployed for a collateral router to lock, instead of a new ERC20Test (the
   * network's ERA token, say); the traffic accounts must hold it already.
   */
  collateral?: Partial<Record<WarpRouteId, Address>>;
};

export function warpRouter(warp: WarpDeployment, route: WarpRouteId, chain: string): WarpRouterContracts {
  const router = warp.contracts[route][chain];
  if (!router) {
    throw new Error(`warp route ${route} has no router on ${JSON.stringify(chain)}; it has ${Object.keys(warp.contracts[route]).join(", ")}`);
  }
  return router;
}

const bytes32 = (address: Address): Hex => pad(address, { size: 32 });

async function deployRouter(
  chain: DevChain,
  route: WarpRouteId,
  layout: RouterLayout,
  options: { deployer: number; premint: bigint; collateral?: Address },
): Promise<WarpRouterContracts> {
  const { deployer, premint } = options;
  const owner = devnetAccount(deployer).address;
  const scale = scaleFor(layout.decimals, warpRouteLayouts[route].decimals);
  const mailbox = chain.hyperlane.mailbox;
  const common = { kind: layout.kind, decimals: layout.decimals, scale, domainId: chain.domainId };
  // Hook and ISM 0: the Mailbox's defaults, the IGP (paid dispatches) and the TestIsm.
  if (layout.kind === "synthetic") {
    const { name, symbol } = warpRouteLayouts[route].synthetic;
    const router = await deployContract(chain, deployer, artifacts.HypERC20(), [layout.decimals, scale.numerator, scale.denominator, mailbox]);
    const data = encodeFunctionData({
      abi: warpAbi.syntheticRouter,
      functionName: "initialize",
      args: [premint, name, symbol, zeroAddress, zeroAddress, owner],
    });
    await transact(chain, deployer, { to: router.address, data });
    return { ...common, router: router.address, token: router.address, startBlock: Number(router.receipt.blockNumber) };
  }
  if (premint !== 0n) throw new Error(`a premint needs a synthetic router; ${route} on ${chain.name} is ${layout.kind}`);
  const initialize = encodeFunctionData({ abi: warpAbi.collateralRouter, functionName: "initialize", args: [zeroAddress, zeroAddress, owner] });
  if (layout.kind === "collateral") {
    const { symbol } = warpRouteLayouts[route];
    const token = options.collateral ?? (await deployContract(chain, deployer, artifacts.ERC20Test(), [symbol, symbol, 0n, layout.decimals])).address;
    const router = await deployContract(chain, deployer, artifacts.HypERC20Collateral(), [token, scale.numerator, scale.denominator, mailbox]);
    await transact(chain, deployer, { to: router.address, data: initialize });
    return { ...common, router: router.address, token, startBlock: Number(router.receipt.blockNumber) };
  }
  const router = await deployContract(chain, deployer, artifacts.HypNative(), [scale.numerator, scale.denominator, mailbox]);
  await transact(chain, deployer, { to: router.address, data: initialize });
  return { ...common, router: router.address, token: null, startBlock: Number(router.receipt.blockNumber) };
}

/** Every router of the route learns every other one, and the destination gas the IGP charges for. */
async function enroll(chain: DevChain, route: WarpRouteId, contracts: Record<string, WarpRouterContracts>, deployer: number): Promise<void> {
  const local = contracts[chain.name];
  if (!local) return;
  const remotes = Object.entries(contracts).filter(([name]) => name !== chain.name);
  await transact(chain, deployer, {
    to: local.router,
    data: encodeFunctionData({
      abi: warpAbi.tokenRouter,
      functionName: "enrollRemoteRouters",
      args: [remotes.map(([, r]) => r.domainId), remotes.map(([, r]) => bytes32(r.router))],
    }),
  });
  await transact(chain, deployer, {
    to: local.router,
    data: encodeFunctionData({
      abi: warpAbi.tokenRouter,
      functionName: "setDestinationGas",
      args: [remotes.map(([, r]) => ({ domain: r.domainId, gas: WARP_DESTINATION_GAS }))],
    }),
  });
}

/** ERA for every traffic account on the chain of the collateral (unless they hold it already), and its approval to the router. */
async function fundTrafficAccounts(chain: DevChain, collateral: WarpRouterContracts, options: { deployer: number; mint: boolean }): Promise<void> {
  const { deployer } = options;
  const token = collateral.token;
  if (!token) throw new Error(`the ${chain.name} collateral router ${collateral.router} has no token`);
  for (const account of options.mint ? TRAFFIC_SENDERS : []) {
    const data = encodeFunctionData({
      abi: warpAbi.erc20Test,
      functionName: "mintTo",
      args: [devnetAccount(account).address, ERA_PER_TRAFFIC_ACCOUNT],
    });
    await transact(chain, deployer, { to: token, data });
  }
  const approve = encodeFunctionData({ abi: warpAbi.erc20, functionName: "approve", args: [collateral.router, maxUint256] });
  await Promise.all(TRAFFIC_SENDERS.map((account) => transact(chain, account, { to: token, data: approve })));
}

/**
 * Deploys both routes on the network's chains (each chain's transactions in one ordered stream
 * of the deployer, chains concurrently), enrolls the routers with each other and funds the
 * traffic accounts with ERA. The returned routes are validated as the manifest's `warpRoutes`.
 */
export async function deployWarpRoutes(network: Network, options: WarpDeployOptions = {}): Promise<WarpDeployment> {
  checkAbisOnce();
  const deployer = options.deployer ?? DEPLOYER;
  const premint = options.syntheticPremint ?? 0n;
  if (premint < 0n) throw new Error(`syntheticPremint must be ≥ 0, got ${premint}`);
  const chainNames = [...new Set(WARP_ROUTE_IDS.flatMap((route) => warpRouteLayouts[route].routers.map((r) => r.chain)))];
  const chains = chainNames.map((name) => chainNamed(network, name));

  const contracts: Record<WarpRouteId, Record<string, WarpRouterContracts>> = { ERA: {}, ETH: {} };
  await Promise.all(
    chains.map(async (chain) => {
      for (const route of WARP_ROUTE_IDS) {
        const layout = warpRouteLayouts[route].routers.find((r) => r.chain === chain.name);
        if (!layout) continue;
        const routerPremint = route === PREMINT_ROUTE && chain.name === PREMINT_CHAIN ? premint : 0n;
        contracts[route][chain.name] = await deployRouter(chain, route, layout, { deployer, premint: routerPremint, collateral: options.collateral?.[route] });
      }
    }),
  );
  // Object keys in layout order, whatever order the chains finished in.
  for (const route of WARP_ROUTE_IDS) {
    contracts[route] = Object.fromEntries(warpRouteLayouts[route].routers.map((r) => [r.chain, contracts[route][r.chain] as WarpRouterContracts]));
  }

  await Promise.all(
    chains.map(async (chain) => {
      for (const route of WARP_ROUTE_IDS) await enroll(chain, route, contracts[route], deployer);
      for (const route of WARP_ROUTE_IDS) {
        const local = contracts[route][chain.name];
        if (local?.kind === "collateral") await fundTrafficAccounts(chain, local, { deployer, mint: !options.collateral?.[route] });
      }
    }),
  );

  const routes: ManifestWarpRoute[] = WARP_ROUTE_IDS.map((route) => ({
    id: route,
    symbol: warpRouteLayouts[route].symbol,
    decimals: warpRouteLayouts[route].decimals,
    routers: warpRouteLayouts[route].routers.map(({ chain }) => {
      const router = contracts[route][chain] as WarpRouterContracts;
      return {
        chain,
        address: router.router,
        kind: router.kind,
        ...(router.kind === "collateral" && router.token ? { token: router.token } : {}),
        decimals: router.decimals,
        startBlock: router.startBlock,
      };
    }),
  }));
  parseManifest({ ...network.manifest, warpRoutes: routes }, "devnet manifest with warp routes");

  const premints: WarpPremint[] =
    premint === 0n ? [] : [{ route: PREMINT_ROUTE, chain: PREMINT_CHAIN, holder: devnetAccount(deployer).address, amountLocal: premint }];
  return { routes, contracts, premints };
}

// ---------------------------------------------------------------------------------------------
// Decoding, independently of src/

/** TokenMessage.sol: recipient (32) ‖ amount (32) ‖ metadata. */
export type DevnetTokenMessage = { recipient: Hex; amount: bigint; metadata: Hex };

export function decodeTokenMessageBody(body: Hex): DevnetTokenMessage {
  if (size(body) < 64) throw new DevnetLogError(`a TokenMessage is at least 64 bytes, this body is ${size(body)}`);
  return {
    recipient: sliceHex(body, 0, 32),
    amount: hexToBigInt(sliceHex(body, 32, 64)),
    metadata: size(body) === 64 ? "0x" : sliceHex(body, 64),
  };
}

/** Message.sol: the body starts at byte 77. */
export const messageBody = (message: Hex): Hex => (size(message) === 77 ? "0x" : sliceHex(message, 77));

// ---------------------------------------------------------------------------------------------
// Transfers

export type WarpTransferSpec = {
  route: WarpRouteId;
  origin: string;
  destination: string;
  /** In the origin router's local units. */
  amount: bigint;
  /** Account index, 2..9 (accounts.ts); defaults to the first traffic sender. */
  sender?: number;
  /** Defaults to the sender's own address. */
  recipient?: Address;
  deliver: boolean;
};

export type SentWarpTransfer = {
  messageId: Hex;
  route: WarpRouteId;
  origin: string;
  destination: string;
  originDomain: number;
  destinationDomain: number;
  /** The origin Mailbox's nonce of the message. */
  nonce: number;
  /** The account that called transferRemote. */
  sender: Address;
  recipient: Address;
  /** What the sender paid in, in the origin router's units. */
  amountLocal: bigint;
  /** From the Dispatch body's TokenMessage: the route's decimals. */
  messageAmount: bigint;
  /** What the destination router pays out on delivery, in its units (rounded down). */
  amountReceivedLocal: bigint;
  /** msg.value paid to the IGP (for native routers, on top of the amount). */
  gasPayment: bigint;
  txHash: Hex;
  blockNumber: bigint;
  /** The whole Hyperlane message: what `deliver` takes. */
  message: Hex;
  /** Whether the spec asked for delivery. */
  deliver: boolean;
};

export type WarpDelivery = {
  messageId: Hex;
  route: WarpRouteId;
  destination: string;
  txHash: Hex;
  blockNumber: bigint;
  relayer: Address;
  /** From the destination router's ReceivedTransferRemote log. */
  messageAmount: bigint;
};

function single<T>(items: T[], what: string, txHash: Hex): T {
  if (items.length !== 1) throw new DevnetLogError(`expected one ${what} in ${txHash}, found ${items.length}`);
  return items[0] as T;
}

/** The warp message of a transferRemote receipt, checked three ways: Dispatch, TokenMessage, SentTransferRemote. */
function readTransfer(
  receipt: TransactionReceipt,
  origin: DevChain,
  destination: DevChain,
  from: WarpRouterContracts,
  to: WarpRouterContracts,
  spec: WarpTransferSpec,
  recipient: Address,
) {
  const txHash = receipt.transactionHash;
  const dispatched = single(
    decodeDispatches(receipt.logs, origin.hyperlane.mailbox).filter((d) => isAddressEqual(d.sender, from.router)),
    `Dispatch from router ${from.router}`,
    txHash,
  );
  if (dispatched.destinationDomain !== destination.domainId || dispatched.recipient !== bytes32(to.router).toLowerCase()) {
    throw new DevnetLogError(`Dispatch in ${txHash} goes to ${dispatched.recipient} on ${dispatched.destinationDomain}, not to router ${to.router} on ${destination.domainId}`);
  }
  const token = decodeTokenMessageBody(messageBody(dispatched.message));
  const expected = toMessageAmount(spec.amount, from.scale);
  if (token.amount !== expected || token.recipient !== bytes32(recipient).toLowerCase()) {
    throw new DevnetLogError(`TokenMessage in ${txHash} carries ${token.amount} to ${token.recipient}; expected ${expected} to ${recipient}`);
  }
  const sent = single(
    parseEventLogs({
      abi: warpAbi.tokenRouter,
      logs: receipt.logs.filter((log) => isAddressEqual(log.address, from.router)),
      eventName: "SentTransferRemote",
    }),
    "SentTransferRemote",
    txHash,
  );
  if (sent.args.amountOrId !== token.amount) {
    throw new DevnetLogError(`SentTransferRemote in ${txHash} says ${sent.args.amountOrId}, the message carries ${token.amount}`);
  }
  return { dispatched, messageAmount: token.amount };
}

/** The transferRemote transaction: `quote` is the router's quoteGasPayment; a native router takes the amount as value too. */
export const warpTransferRequest = (from: WarpRouterContracts, destinationDomain: number, recipient: Address, amount: bigint, quote: bigint) => ({
  to: from.router,
  data: encodeFunctionData({ abi: warpAbi.tokenRouter, functionName: "transferRemote", args: [destinationDomain, bytes32(recipient), amount] }),
  value: quote + (from.kind === "native" ? amount : 0n),
});

async function sendWarpTransfer(network: Network, warp: WarpDeployment, spec: WarpTransferSpec): Promise<SentWarpTransfer> {
  const origin = chainNamed(network, spec.origin);
  const destination = chainNamed(network, spec.destination);
  if (origin === destination) throw new Error(`warp transfer from ${spec.origin} to itself: expected two distinct chains`);
  if (spec.amount <= 0n) throw new Error(`warp transfer of ${spec.amount}: expected a positive amount`);
  const from = warpRouter(warp, spec.route, spec.origin);
  const to = warpRouter(warp, spec.route, spec.destination);
  const senderIndex = spec.sender ?? (TRAFFIC_SENDERS[0] as number);
  const sender = devnetAccount(senderIndex).address;
  const recipient = getAddress(spec.recipient ?? sender);
  const gasPayment = await origin.publicClient.readContract({
    address: from.router,
    abi: warpAbi.tokenRouter,
    functionName: "quoteGasPayment",
    args: [destination.domainId],
  });
  const request = warpTransferRequest(from, destination.domainId, recipient, spec.amount, gasPayment);
  const receipt = await transact(origin, senderIndex, request);
  const { dispatched, messageAmount } = readTransfer(receipt, origin, destination, from, to, spec, recipient);
  return {
    messageId: dispatched.id,
    route: spec.route,
    origin: origin.name,
    destination: destination.name,
    originDomain: origin.domainId,
    destinationDomain: destination.domainId,
    nonce: dispatched.nonce,
    sender: getAddress(receipt.from),
    recipient,
    amountLocal: spec.amount,
    messageAmount,
    amountReceivedLocal: toLocalAmount(messageAmount, to.scale),
    gasPayment,
    txHash: receipt.transactionHash,
    blockNumber: receipt.blockNumber,
    message: dispatched.message,
    deliver: spec.deliver,
  };
}



/**
 * Sends only; nothing is delivered. A transfer out of a synthetic needs tokens the sender
 * received by an earlier delivery: `runWarpScenario` interleaves the deliveries for that.
 */
export function sendWarpTransfers(network: Network, warp: WarpDeployment, specs: readonly WarpTransferSpec[]): Promise<SentWarpTransfer[]> {
  return inChainStreams(specs, (spec) => spec.origin, (spec) => sendWarpTransfer(network, warp, spec));
}

/** Delivers every transfer given (whatever its `deliver`), from the relayer account. */
export function deliverWarpTransfers(network: Network, sent: readonly SentWarpTransfer[]): Promise<WarpDelivery[]> {
  return inChainStreams(
    sent,
    (transfer) => transfer.destination,
    async (transfer) => {
      const destination = chainNamed(network, transfer.destination);
      const delivered = await deliver(destination, transfer.message);
      const receipt = await destination.publicClient.getTransactionReceipt({ hash: delivered.txHash });
      // Message.sol: the recipient (the destination router) is bytes 45..77.
      const router = getAddress(sliceHex(transfer.message, 57, 77));
      const received = single(
        parseEventLogs({
          abi: warpAbi.tokenRouter,
          logs: receipt.logs.filter((log) => isAddressEqual(log.address, router)),
          eventName: "ReceivedTransferRemote",
        }).filter((log) => log.args.origin === transfer.originDomain),
        "ReceivedTransferRemote",
        delivered.txHash,
      );
      return {
        messageId: delivered.id,
        route: transfer.route,
        destination: transfer.destination,
        txHash: delivered.txHash,
        blockNumber: delivered.blockNumber,
        relayer: delivered.relayer,
        messageAmount: received.args.amountOrId,
      };
    },
  );
}

/**
 * Sends the specs in order and delivers those with `deliver`, each before any later transfer
 * leaves its destination chain: a spec may spend what an earlier one delivered (the order
 * `makeWarpScenario` plans with). Transfers between such points go out chain-concurrently.
 */
export async function runWarpScenario(
  network: Network,
  warp: WarpDeployment,
  specs: readonly WarpTransferSpec[],
): Promise<{ sent: SentWarpTransfer[]; deliveries: WarpDelivery[] }> {
  const sent: SentWarpTransfer[] = [];
  const deliveries: WarpDelivery[] = [];
  let batch: WarpTransferSpec[] = [];
  const flush = async () => {
    const batchSent = await sendWarpTransfers(network, warp, batch);
    sent.push(...batchSent);
    deliveries.push(...(await deliverWarpTransfers(network, batchSent.filter((t) => t.deliver))));
    batch = [];
  };
  for (const spec of specs) {
    if (batch.some((earlier) => earlier.deliver && earlier.destination === spec.origin)) await flush();
    batch.push(spec);
  }
  await flush();
  return { sent, deliveries };
}

// ---------------------------------------------------------------------------------------------
// Drawing transfers

export type WarpScenarioOptions = {
  seed: number;
  count: number;
  /** Sent but never delivered: in flight. */
  undeliveredShare?: number;
  /** Of the transfers, the share leaving the settlement chain before any leaves a rollup. */
  settlementFirstShare?: number;
};

const SETTLEMENT_CHAIN = "settlement";

/** The smallest step of drawn amounts, in a router's units: micro-ERA (no dust on the 6-decimal chain), gwei. */
function quantum(route: WarpRouteId, decimals: number): bigint {
  const precision = route === "ERA" ? 6 : 9;
  return 10n ** BigInt(Math.max(0, decimals - precision));
}

/** 1 to 999 units of 1, 0.1, 0.001 or 0.000001 ERA; of 0.001 ETH down to 1 gwei. */
function settlementAmount(random: Random, route: WarpRouteId): bigint {
  const steps = route === "ERA" ? [10n ** 18n, 10n ** 17n, 10n ** 15n, 10n ** 12n] : [10n ** 15n, 10n ** 14n, 10n ** 12n, 10n ** 9n];
  return BigInt(randomInt(random, 1, 999)) * pick(random, steps);
}

/** 5–60 % of a balance, in whole quanta; never all of it, so a holder keeps something to send later. */
function shareOf(random: Random, balance: bigint, step: bigint): bigint {
  const share = (balance * BigInt(randomInt(random, 5, 60))) / 100n;
  const amount = (share / step) * step;
  return amount > 0n ? amount : step;
}

type Direction = { route: WarpRouteId; origin: string; destination: string };

const routerLayout = (route: WarpRouteId, chain: string): RouterLayout => {
  const layout = warpRouteLayouts[route].routers.find((r) => r.chain === chain);
  if (!layout) throw new Error(`warp route ${route} has no router on ${chain}`);
  return layout;
};

/** What each traffic account holds, per route and chain, in local units, as the specs play out in order. */
class Holdings {
  private readonly amounts = new Map<string, bigint>();
  constructor() {
    for (const account of TRAFFIC_SENDERS) this.amounts.set(this.key("ERA", SETTLEMENT_CHAIN, devnetAccount(account).address), ERA_PER_TRAFFIC_ACCOUNT);
  }
  private key = (route: WarpRouteId, chain: string, holder: Address) => `${route}|${chain}|${holder}`;
  /** Native ETH on the settlement chain: 10,000 per account, far above anything drawn. */
  of(route: WarpRouteId, chain: string, holder: Address): bigint {
    if (routerLayout(route, chain).kind === "native") return maxUint256;
    return this.amounts.get(this.key(route, chain, holder)) ?? 0n;
  }
  apply(spec: WarpTransferSpec & { sender: number; recipient: Address }): void {
    const sender = devnetAccount(spec.sender).address;
    const add = (chain: string, holder: Address, delta: bigint) => {
      if (routerLayout(spec.route, chain).kind === "native") return;
      const key = this.key(spec.route, chain, holder);
      const next = (this.amounts.get(key) ?? 0n) + delta;
      if (next < 0n) throw new Error(`makeWarpScenario: ${sender} would overdraw ${spec.route} on ${chain}`);
      this.amounts.set(key, next);
    };
    add(spec.origin, sender, -spec.amount);
    if (!spec.deliver) return;
    const from = routerLayout(spec.route, spec.origin);
    const to = routerLayout(spec.route, spec.destination);
    const routeDecimals = warpRouteLayouts[spec.route].decimals;
    const message = toMessageAmount(spec.amount, scaleFor(from.decimals, routeDecimals));
    add(spec.destination, spec.recipient, toLocalAmount(message, scaleFor(to.decimals, routeDecimals)));
  }
}

function directionsOf(route: WarpRouteId): Direction[] {
  const chains = warpRouteLayouts[route].routers.map((r) => r.chain);
  return chains.flatMap((origin) => chains.filter((d) => d !== origin).map((destination) => ({ route, origin, destination })));
}

/**
 * Deterministic for a seed, and executable in order (`runWarpScenario`): every sender holds
 * what it sends. First transfers leave the settlement chain, one to each rollup of each route
 * before any repeats, so rollup accounts hold synthetics; then every other direction once
 * (rollup → settlement, rollup → rollup) before random ones. The undelivered share is exact
 * and never hits the first settlement transfer of a (route, rollup), which funds the rest.
 */
export function makeWarpScenario(options: WarpScenarioOptions): WarpTransferSpec[] {
  const { seed, count, undeliveredShare = 0.1, settlementFirstShare = 0.35 } = options;
  const random = mulberry32(seed);
  const all = WARP_ROUTE_IDS.flatMap(directionsOf);
  const outOfSettlement = shuffle(
    random,
    all.filter((d) => d.origin === SETTLEMENT_CHAIN),
  );
  const outOfRollups = shuffle(
    random,
    all.filter((d) => d.origin !== SETTLEMENT_CHAIN),
  );
  const firstPhase = Math.min(count, Math.max(outOfSettlement.length, Math.round(count * settlementFirstShare)));
  const funding = Math.min(firstPhase, outOfSettlement.length);
  const undelivered = new Set(
    shuffle(
      random,
      Array.from({ length: count - funding }, (_, i) => funding + i),
    ).slice(0, Math.min(count - funding, Math.round(count * undeliveredShare))),
  );
  const accounts = TRAFFIC_SENDERS.map((index) => ({ index, address: devnetAccount(index).address }));
  const holdings = new Holdings();
  const specs: WarpTransferSpec[] = [];

  const draw = (direction: Direction, i: number): (WarpTransferSpec & { sender: number; recipient: Address }) | undefined => {
    const { route, origin } = direction;
    const step = quantum(route, routerLayout(route, origin).decimals);
    const holders = shuffle(random, accounts).filter((a) => holdings.of(route, origin, a.address) >= step);
    const sender = holders[0];
    if (!sender) return undefined;
    const balance = holdings.of(route, origin, sender.address);
    const amount = routerLayout(route, origin).kind === "synthetic" ? shareOf(random, balance, step) : settlementAmount(random, route);
    if (amount > balance) return undefined;
    return { ...direction, amount, sender: sender.index, recipient: pick(random, accounts).address, deliver: !undelivered.has(i) };
  };

  for (let i = 0; i < count; i++) {
    const settlementPhase = i < firstPhase;
    const planned = settlementPhase ? outOfSettlement[i] : outOfRollups[i - firstPhase];
    const direction = planned ?? pick(random, settlementPhase ? outOfSettlement : all);
    // Nobody holds the synthetic (every transfer in was left in flight): fund from the settlement chain instead.
    const spec =
      draw(direction, i) ??
      draw(pick(random, outOfSettlement.filter((d) => d.route === direction.route)), i) ??
      draw(pick(random, outOfSettlement), i);
    if (!spec) throw new Error(`makeWarpScenario: no account can send transfer ${i}`);
    holdings.apply(spec);
    specs.push(spec);
  }
  return specs;
}

// ---------------------------------------------------------------------------------------------
// Ongoing traffic

async function heldBy(chain: DevChain, router: WarpRouterContracts, holder: Address): Promise<bigint> {
  if (router.kind === "native") return chain.publicClient.getBalance({ address: holder });
  if (!router.token) throw new Error(`router ${router.router} on ${chain.name} has no token`);
  return chain.publicClient.readContract({ address: router.token, abi: warpAbi.erc20, functionName: "balanceOf", args: [holder] });
}

/**
 * One random transfer for the traffic generator, paid, so the relayer delivers it. The random
 * draws happen before any await, so a seed fixes them even when steps overlap; which direction
 * they pick depends on what the sender holds on chain. One sender's steps run one at a time.
 */
export function warpTrafficStep(network: Network, warp: WarpDeployment, random: Random): Promise<SentWarpTransfer> {
  const route = pick(random, WARP_ROUTE_IDS);
  const sender = pick(random, TRAFFIC_SENDERS);
  const recipient = devnetAccount(pick(random, TRAFFIC_SENDERS)).address;
  const [originRoll, destinationRoll, settlementDraw] = [random(), random(), settlementAmount(random, route)];
  const shareRoll = randomInt(random, 5, 60);
  const senderAddress = devnetAccount(sender).address;

  return inTurn(`warp-traffic|${senderAddress}`, async () => {
    const routers = Object.entries(warp.contracts[route]);
    const held = await Promise.all(
      routers.map(async ([chain, router]) => ({ chain, router, balance: await heldBy(chainNamed(network, chain), router, senderAddress) })),
    );
    // The settlement side can always send (ERA is minted on demand below); a synthetic only if held.
    const origins = held.filter(({ router, balance }) => router.kind !== "synthetic" || balance >= quantum(route, router.decimals));
    const origin = origins[Math.floor(originRoll * origins.length)] as (typeof origins)[number];
    const destinations = routers.filter(([chain]) => chain !== origin.chain);
    const [destination] = destinations[Math.floor(destinationRoll * destinations.length)] as [string, WarpRouterContracts];
    let amount: bigint;
    if (origin.router.kind === "synthetic") {
      const step = quantum(route, origin.router.decimals);
      amount = (((origin.balance * BigInt(shareRoll)) / 100n / step) * step) || step;
    } else {
      amount = settlementDraw;
      if (origin.router.kind === "collateral" && origin.balance < amount && origin.router.token) {
        const data = encodeFunctionData({ abi: warpAbi.erc20Test, functionName: "mintTo", args: [senderAddress, ERA_PER_TRAFFIC_ACCOUNT] });
        await transact(chainNamed(network, origin.chain), sender, { to: origin.router.token, data });
      }
    }
    const [sent] = await sendWarpTransfers(network, warp, [
      { route, origin: origin.chain, destination, amount, sender, recipient, deliver: true },
    ]);
    return sent as SentWarpTransfer;
  });
}

// ---------------------------------------------------------------------------------------------
// Ground truth

export type RouterBalance = {
  kind: WarpRouterKind;
  decimals: number;
  /** Collateral: the ERC20 the router holds; native: its ETH; synthetic: the token's totalSupply. */
  amountLocal: bigint;
  /** The same in the route's message decimals. */
  amount: bigint;
};

/** Read with viem from the routers (and the collateral's ERC20), at the latest block. */
export async function routerBalances(network: Network, warp: WarpDeployment): Promise<Record<WarpRouteId, Record<string, RouterBalance>>> {
  const entries = await Promise.all(
    WARP_ROUTE_IDS.map(async (route) => {
      const chains = await Promise.all(
        Object.entries(warp.contracts[route]).map(async ([name, router]) => {
          const chain = chainNamed(network, name);
          const amountLocal =
            router.kind === "native"
              ? await chain.publicClient.getBalance({ address: router.router })
              : router.kind === "collateral"
                ? await heldBy(chain, router, router.router)
                : await chain.publicClient.readContract({ address: router.router, abi: warpAbi.erc20, functionName: "totalSupply" });
          const balance: RouterBalance = { kind: router.kind, decimals: router.decimals, amountLocal, amount: toMessageAmount(amountLocal, router.scale) };
          return [name, balance] as const;
        }),
      );
      return [route, Object.fromEntries(chains)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<WarpRouteId, Record<string, RouterBalance>>;
}

/**
 * Per route, locked minus minted in the route's decimals: collateral (or native) held by the
 * routers minus every synthetic's supply. Equals the message amounts in flight, minus any
 * synthetic minted outside the route.
 */
export function collateralSurplus(balances: Record<WarpRouteId, Record<string, RouterBalance>>): Record<WarpRouteId, bigint> {
  const surplus = (route: WarpRouteId) =>
    Object.values(balances[route]).reduce((sum, b) => (b.kind === "synthetic" ? sum - b.amount : sum + b.amount), 0n);
  return { ERA: surplus("ERA"), ETH: surplus("ETH") };
}

/**
 * The ERA and ETH warp routes on the devnet, from the real HypERC20Collateral, HypNative and
 * HypERC20; the ERA collateral locks the network's ERA token, the one governance votes with.
 */
export const warpApp: DevnetApp<WarpDeployment, { era: EraToken }> = {
  describe: "the warp routes (ERA collateral and synthetics, ETH native and synthetics)",
  deploy: (network, { era }) => deployWarpRoutes(network, { collateral: { ERA: era.address } }),
  manifest: (manifest, warp) => ({ ...manifest, warpRoutes: warp.routes }),
  traffic: (network, warp) => [(random) => warpTrafficStep(network, warp, random)],
};
