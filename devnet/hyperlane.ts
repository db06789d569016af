import { type Abi, type Address, encodeFunctionData, type Hex, parseAbi, toEventSelector, toFunctionSelector } from "viem";
import { DEPLOYER } from "./accounts";
import { type Artifact, artifacts } from "./artifacts";
import { type ChainClients, type ChainEndpoint, connect } from "./clients";
import { deployContract, transact } from "./transact";

/**
 * The functions and events the devnet calls and reads, typed. Deployment uses the real
 * artifacts; `assertInArtifact` checks every entry here against them before the first use.
 */
export const hyperlaneAbi = {
  mailbox: parseAbi([
    "function initialize(address owner, address defaultIsm, address defaultHook, address requiredHook)",
    "function dispatch(uint32 destinationDomain, bytes32 recipientAddress, bytes messageBody, bytes hookMetadata) payable returns (bytes32)",
    "function dispatch(uint32 destinationDomain, bytes32 recipientAddress, bytes messageBody, bytes metadata, address hook) payable returns (bytes32)",
    "function quoteDispatch(uint32 destinationDomain, bytes32 recipientAddress, bytes messageBody, bytes hookMetadata) view returns (uint256)",
    "function process(bytes metadata, bytes message) payable",
    "function delivered(bytes32 messageId) view returns (bool)",
    "function processor(bytes32 messageId) view returns (address)",
    "function nonce() view returns (uint32)",
    "function localDomain() view returns (uint32)",
    "event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)",
    "event DispatchId(bytes32 indexed messageId)",
    "event Process(uint32 indexed origin, bytes32 indexed sender, address indexed recipient)",
    "event ProcessId(bytes32 indexed messageId)",
  ]),
  interchainGasPaymaster: parseAbi([
    "function initialize(address owner, address beneficiary)",
    "function setDestinationGasConfigs((uint32 remoteDomain, (address gasOracle, uint96 gasOverhead) config)[] configs)",
    "function payForGas(bytes32 messageId, uint32 destinationDomain, uint256 gasLimit, address refundAddress) payable",
    "function quoteGasPayment(uint32 destinationDomain, uint256 gasLimit) view returns (uint256)",
    "event GasPayment(bytes32 indexed messageId, uint32 indexed destinationDomain, uint256 gasAmount, uint256 payment)",
  ]),
  storageGasOracle: parseAbi([
    "function setRemoteGasDataConfigs((uint32 remoteDomain, uint128 tokenExchangeRate, uint128 gasPrice)[] configs)",
  ]),
} as const;

export type HyperlaneDeployment = {
  mailbox: Address;
  interchainGasPaymaster: Address;
  merkleTreeHook: Address;
  storageGasOracle: Address;
  /** TestIsm: accepts every delivery, so the relayer needs no validator signatures. */
  defaultIsm: Address;
  testRecipient: Address;
  /** TestPostDispatchHook with fee 0: dispatching through it skips the IGP, leaving the message unpaid. */
  unpaidHook: Address;
  /** The block of the Mailbox deployment: nothing of this deployment is older. */
  startBlock: number;
};

export type DeployOptions = {
  domainId: number;
  /** Domains the IGP quotes for; a paid dispatch to any other domain reverts. */
  remoteDomains: number[];
  /** Account index (accounts.ts) that deploys and owns everything. */
  deployer?: number;
};

// ---------------------------------------------------------------------------------------------
// The IGP's price list, the same on every devnet chain and for every remote domain.

/** The IGP's fixed point for token exchange rates. */
const TOKEN_EXCHANGE_RATE_SCALE = 10_000_000_000n;

export const devnetGasPricing = {
  /** Every devnet chain pays gas in ETH: remote gas costs the same in local tokens. */
  tokenExchangeRate: TOKEN_EXCHANGE_RATE_SCALE,
  /** anvil's starting base fee. */
  gasPrice: 1_000_000_000n,
  /** Mailbox and ISM gas on the destination, charged on top of the gas limit a dispatch asks for. */
  gasOverhead: 100_000n,
} as const;

/** What the IGP charges for `gasAmount` destination gas (InterchainGasPaymaster._computeGasFee). */
export function quoteGasPayment(gasAmount: bigint): bigint {
  return (gasAmount * devnetGasPricing.gasPrice * devnetGasPricing.tokenExchangeRate) / TOKEN_EXCHANGE_RATE_SCALE;
}

/** How much destination gas `payment` buys: the inverse of quoteGasPayment, rounded down. */
export function gasForPayment(payment: bigint): bigint {
  return (payment * TOKEN_EXCHANGE_RATE_SCALE) / (devnetGasPricing.gasPrice * devnetGasPricing.tokenExchangeRate);
}

/** What a dispatch asking for `gasLimit` pays the IGP: the overhead is added to the limit. */
export function dispatchPayment(gasLimit: bigint): bigint {
  return quoteGasPayment(gasLimit + devnetGasPricing.gasOverhead);
}

// ---------------------------------------------------------------------------------------------

export class AbiMismatchError extends Error {
  override name = "AbiMismatchError";
}

const selectorOf = (item: Abi[number]) =>
  item.type === "function" ? toFunctionSelector(item) : item.type === "event" ? toEventSelector(item) : undefined;

/** Every function and event of `abi` must exist, with the same signature, in the real artifact. */
export function assertInArtifact(contract: string, abi: Abi, artifact: Artifact): void {
  const real = new Set(artifact.abi.map(selectorOf));
  for (const item of abi) {
    const selector = selectorOf(item);
    if (selector && !real.has(selector) && "name" in item) {
      throw new AbiMismatchError(`${contract}: the real artifact has no ${item.type} ${item.name} with this signature (${selector})`);
    }
  }
}

/** `check` run on the first call only: each module checks its ABIs before its first deployment. */
export function once(check: () => void): () => void {
  let done = false;
  return () => {
    if (!done) check();
    done = true;
  };
}

const checkAbisOnce = once(() => {
  assertInArtifact("Mailbox", hyperlaneAbi.mailbox, artifacts.Mailbox());
  assertInArtifact("InterchainGasPaymaster", hyperlaneAbi.interchainGasPaymaster, artifacts.InterchainGasPaymaster());
  assertInArtifact("StorageGasOracle", hyperlaneAbi.storageGasOracle, artifacts.StorageGasOracle());
});

// ---------------------------------------------------------------------------------------------

/**
 * Deploys the real Hyperlane core contracts on one chain, in dependency order, from one
 * account (so one nonce sequence). Dispatches default to the IGP hook, which makes an unpaid
 * dispatch revert; `unpaidHook` is the explicit way around it.
 */
export async function deployHyperlane(chain: ChainEndpoint | ChainClients, options: DeployOptions): Promise<HyperlaneDeployment> {
  checkAbisOnce();
  const clients = "publicClient" in chain ? chain : connect(chain);
  const deployer = options.deployer ?? DEPLOYER;
  const owner = clients.walletClient(deployer).account.address;
  const deploy = (artifact: Artifact, args: readonly unknown[] = []) => deployContract(clients, deployer, artifact, args);
  const call = (to: Address, data: Hex) => transact(clients, deployer, { to, data });

  const mailbox = await deploy(artifacts.Mailbox(), [options.domainId]);
  const merkleTreeHook = await deploy(artifacts.MerkleTreeHook(), [mailbox.address]);

  const storageGasOracle = await deploy(artifacts.StorageGasOracle());
  await call(
    storageGasOracle.address,
    encodeFunctionData({
      abi: hyperlaneAbi.storageGasOracle,
      functionName: "setRemoteGasDataConfigs",
      args: [
        options.remoteDomains.map((remoteDomain) => ({
          remoteDomain,
          tokenExchangeRate: devnetGasPricing.tokenExchangeRate,
          gasPrice: devnetGasPricing.gasPrice,
        })),
      ],
    }),
  );

  const igp = await deploy(artifacts.InterchainGasPaymaster());
  await call(igp.address, encodeFunctionData({ abi: hyperlaneAbi.interchainGasPaymaster, functionName: "initialize", args: [owner, owner] }));
  await call(
    igp.address,
    encodeFunctionData({
      abi: hyperlaneAbi.interchainGasPaymaster,
      functionName: "setDestinationGasConfigs",
      args: [
        options.remoteDomains.map((remoteDomain) => ({
          remoteDomain,
          config: { gasOracle: storageGasOracle.address, gasOverhead: devnetGasPricing.gasOverhead },
        })),
      ],
    }),
  );

  const defaultIsm = await deploy(artifacts.TestIsm());
  await call(
    mailbox.address,
    encodeFunctionData({
      abi: hyperlaneAbi.mailbox,
      functionName: "initialize",
      args: [owner, defaultIsm.address, igp.address, merkleTreeHook.address],
    }),
  );

  const testRecipient = await deploy(artifacts.TestRecipient());
  const unpaidHook = await deploy(artifacts.TestPostDispatchHook());

  return {
    mailbox: mailbox.address,
    interchainGasPaymaster: igp.address,
    merkleTreeHook: merkleTreeHook.address,
    storageGasOracle: storageGasOracle.address,
    defaultIsm: defaultIsm.address,
    testRecipient: testRecipient.address,
    unpaidHook: unpaidHook.address,
    startBlock: Number(mailbox.receipt.blockNumber),
  };
}
