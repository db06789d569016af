import { type Abi, type Address, encodeFunctionData, erc20Abi, type Hex, pad, parseAbi, zeroAddress } from "viem";
import { DEPLOYER, TRAFFIC_SENDERS } from "../accounts";
import type { ChainClients } from "../clients";
import { fixtureArtifact } from "../solc";
import { chainNamed, type DevChain, type Network } from "../network";
import { pick, type Random, randomBytes, randomInt } from "../random";
import type { TrafficStep } from "../traffic";
import { bedrockArtifact, nitroArtifact } from "./artifacts";
import { transact } from "../transact";
import { call } from "./call";
import type { OpStackRollupDeployment, OrbitRollupDeployment, RollupsDeployment } from "./deploy";
import { ARB_SYS } from "./relayOrbit";
import { gatewayDepositData, gatewayDepositValue, l2TokenOf, RETRYABLE, retryableFee, tokenBridgeAbis } from "./tokenBridge";

/**
 * Native-bridge traffic for every running rollup: ETH and ERC20 deposits and withdrawals on
 * both stacks, and SystemConfig changes of every update type 0.17.3 emits. Nothing here
 * relays: the bridge relayer does. Withdrawals are smaller than deposits so the parent-side
 * escrows (Bridge, portal, gateways) can pay them out.
 */

/** The ETH sentinel L2StandardBridge.withdraw takes for ETH (Predeploys.LEGACY_ERC20_ETH). */
const LEGACY_ERC20_ETH = "0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000" as const;
const MIN_GAS_LIMIT = 200_000;
/** An OP deposit's gas limit: see `deposit` in opSteps. */
const DEPOSIT_GAS = 1_000_000n;

const erc20TestAbi = parseAbi(["function mintTo(address account, uint256 amount)"]);

const depositAmount = (random: Random) => BigInt(randomInt(random, 10, 50)) * 10n ** 15n;
const withdrawalAmount = (random: Random) => BigInt(randomInt(random, 1, 5)) * 10n ** 15n;

const senderOf = (random: Random) => pick(random, TRAFFIC_SENDERS);

/** A drawn sender that holds at least `amount` of an L2 token (one that deposited some), if any. */
async function holderOf(random: Random, clients: ChainClients, token: Address, amount: bigint): Promise<number | undefined> {
  const start = randomInt(random, 0, TRAFFIC_SENDERS.length - 1);
  const code = await clients.publicClient.getCode({ address: token });
  if (!code || code === "0x") return undefined; // a gateway token not made yet
  for (let i = 0; i < TRAFFIC_SENDERS.length; i++) {
    const sender = TRAFFIC_SENDERS[(start + i) % TRAFFIC_SENDERS.length] as number;
    if ((await balanceOf(clients, token, addressOf(clients, sender))) >= amount) return sender;
  }
  return undefined;
}
const addressOf = (clients: ChainClients, index: number) => clients.walletClient(index).account.address;

/**
 * Gives the sender `amount` of a token and lets `spender` take it: from the deployer's balance
 * when it holds enough (a token passed in, e.g. the devnet's ERA), else minted (ERC20Test).
 */
async function fundAndApprove(clients: ChainClients, sender: number, token: Address, spender: Address, amount: bigint) {
  const to = addressOf(clients, sender);
  if ((await balanceOf(clients, token, addressOf(clients, DEPLOYER))) >= amount) await call(clients, DEPLOYER, token, erc20Abi, "transfer", [to, amount]);
  else await call(clients, sender, token, erc20TestAbi, "mintTo", [to, amount]);
  await call(clients, sender, token, erc20Abi, "approve", [spender, amount]);
}

const balanceOf = (clients: ChainClients, token: Address, owner: Address) =>
  clients.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [owner] });

export type RollupTrafficSent = { step: string; rollup: string; tx?: Hex; skipped?: string };

/** A transaction request with explicit gas: sent as is by the traffic steps, batched by the benchmark. */
export type BridgeRequest = { to: Address; data: Hex; value: bigint; gas: bigint };

/**
 * A running rollup's native currency through its bridge, as transaction requests: a withdrawal
 * sent on the rollup (ETH, or an Orbit rollup's gas token, to `to` on the parent), and where the
 * currency is ETH a deposit sent on the parent (to `to` on the rollup; an Orbit Inbox credits the
 * sender). A gas token's deposit needs an approval first: the traffic step sends it.
 */
export type NativeBridge = {
  rollup: string;
  parent: string;
  deposit?: (to: Address, amount: bigint) => BridgeRequest;
  withdraw: (to: Address, amount: bigint) => BridgeRequest;
};

// Explicit gas for the benchmark's batches: a deposit's portal metering (above), a withdrawal
// through L2StandardBridge or ArbSys is ~100k.
const WITHDRAW_GAS = 400_000n;

export function nativeBridges(deployment: RollupsDeployment): NativeBridge[] {
  return deployment.rollups.flatMap((rollup): NativeBridge[] => {
    if (rollup.chain === undefined) return [];
    const request = (to: Address, abi: Abi, functionName: string, args: readonly unknown[], value: bigint, gas: bigint): BridgeRequest => ({
      to,
      data: encodeFunctionData({ abi, functionName, args } as never),
      value,
      gas,
    });
    const ends = { rollup: rollup.chain, parent: rollup.parent };
    if (rollup.stack === "opstack") {
      const [l1Bridge, l2Bridge] = [bedrockArtifact("L1StandardBridge").abi, bedrockArtifact("L2StandardBridge").abi];
      return [
        {
          ...ends,
          deposit: (to, amount) => request(rollup.contracts.l1StandardBridge, l1Bridge, "depositETHTo", [to, MIN_GAS_LIMIT, "0x"], amount, DEPOSIT_GAS),
          withdraw: (to, amount) =>
            request(rollup.predeploys.L2StandardBridge, l2Bridge, "withdrawTo", [LEGACY_ERC20_ETH, to, amount, MIN_GAS_LIMIT, "0x"], amount, WITHDRAW_GAS),
        },
      ];
    }
    return [
      {
        ...ends,
        ...(rollup.contracts.nativeToken === zeroAddress && {
          deposit: (_to: Address, amount: bigint) => request(rollup.contracts.inbox, nitroArtifact("v3", "bridge/Inbox").abi, "depositEth", [], amount, DEPOSIT_GAS),
        }),
        withdraw: (to, amount) => request(ARB_SYS, fixtureArtifact("ArbSysPrecompile").abi, "withdrawEth", [to], amount, WITHDRAW_GAS),
      },
    ];
  });
}

function opSteps(
  network: Network,
  rollup: OpStackRollupDeployment & { chain: string; erc20Route: NonNullable<OpStackRollupDeployment["erc20Route"]> },
  native: NativeBridge,
): TrafficStep[] {
  const parent = chainNamed(network, rollup.parent);
  const chain = chainNamed(network, rollup.chain);
  const op = rollup.contracts;
  const l1Bridge = bedrockArtifact("L1StandardBridge").abi;
  const l2Bridge = bedrockArtifact("L2StandardBridge").abi;
  const sent = (step: string, tx?: Hex, skipped?: string): RollupTrafficSent => ({ step, rollup: rollup.chain, ...(tx ? { tx } : {}), ...(skipped ? { skipped } : {}) });
  const { l1Token, l2Token } = rollup.erc20Route;
  /**
   * Every deposit ends in the portal's depositTransaction, whose resource metering burns gas by
   * the deposits already in the block, which an estimate made before them does not see (a
   * depositERC20To ran out of gas there under `npm start`): a fixed limit well above it.
   */
  const deposit = (sender: number, to: Address, abi: Abi, functionName: string, args: readonly unknown[], value?: bigint) =>
    transact(parent, sender, { to, data: encodeFunctionData({ abi, functionName, args } as never), gas: DEPOSIT_GAS, ...(value === undefined ? {} : { value }) });
  return [
    async (random) => {
      const sender = senderOf(random);
      const receipt = await transact(parent, sender, native.deposit!(addressOf(chain, sender), depositAmount(random)));
      return sent("op.depositETH", receipt.transactionHash);
    },
    async (random) => {
      const sender = senderOf(random);
      const amount = depositAmount(random);
      await fundAndApprove(parent, sender, l1Token, op.l1StandardBridge, amount);
      const receipt = await deposit(sender, op.l1StandardBridge, l1Bridge, "depositERC20To", [l1Token, l2Token, addressOf(chain, sender), amount, MIN_GAS_LIMIT, "0x"]);
      return sent("op.depositERC20", receipt.transactionHash);
    },
    async (random) => {
      // Straight to the portal, no messenger: derivation alone would run it on the rollup.
      const sender = senderOf(random);
      const portal = bedrockArtifact("OptimismPortal").abi;
      const receipt = await deposit(sender, op.optimismPortal, portal, "depositTransaction", [addressOf(chain, sender), 0n, 100_000n, false, "0x"], depositAmount(random));
      return sent("op.depositTransaction", receipt.transactionHash);
    },
    async (random) => {
      const sender = senderOf(random);
      const receipt = await transact(chain, sender, native.withdraw(addressOf(parent, sender), withdrawalAmount(random)));
      return sent("op.withdrawETH", receipt.transactionHash);
    },
    async (random) => {
      const amount = withdrawalAmount(random);
      const sender = await holderOf(random, chain, l2Token, amount);
      if (sender === undefined) return sent("op.withdrawERC20", undefined, "no L2 token balance yet");
      const receipt = await call(chain, sender, rollup.predeploys.L2StandardBridge, l2Bridge, "bridgeERC20To", [l2Token, l1Token, addressOf(parent, sender), amount, MIN_GAS_LIMIT, "0x"]);
      return sent("op.withdrawERC20", receipt.transactionHash);
    },
    (random) => systemConfigChange(parent, rollup, random).then((tx) => sent("op.systemConfig", tx)),
  ];
}

/** One SystemConfig setter, drawn; together they cover every ConfigUpdate type 0.17.3 emits (0–3, type 1 both ways). */
export async function systemConfigChange(parent: DevChain, rollup: Pick<OpStackRollupDeployment, "contracts">, random: Random): Promise<Hex> {
  const abi = bedrockArtifact("SystemConfig").abi;
  const to = rollup.contracts.systemConfig;
  const change = randomInt(random, 0, 4);
  const send = (functionName: string, args: readonly unknown[]) => call(parent, DEPLOYER, to, abi, functionName, args).then((r) => r.transactionHash);
  switch (change) {
    case 0:
      return send("setBatcherHash", [pad(randomBytes(random, 20))]);
    case 1:
      // Pre-Ecotone (version byte 0): overhead and a plain scalar.
      return send("setGasConfig", [BigInt(randomInt(random, 100, 5000)), BigInt(randomInt(random, 100_000, 2_000_000))]);
    case 2:
      return send("setGasConfigEcotone", [randomInt(random, 1000, 100_000), randomInt(random, 100_000, 2_000_000)]);
    case 3:
      // Between minimumGasLimit (21M) and the maximum (200M).
      return send("setGasLimit", [BigInt(randomInt(random, 25, 60)) * 1_000_000n]);
    default:
      return send("setUnsafeBlockSigner", [randomBytes(random, 20)]);
  }
}

function orbitSteps(network: Network, rollup: OrbitRollupDeployment & { chain: string }, token: Address, native: NativeBridge): TrafficStep[] {
  const parent = chainNamed(network, rollup.parent);
  const chain = chainNamed(network, rollup.chain);
  const orbit = rollup.contracts;
  const sent = (step: string, tx?: Hex, skipped?: string): RollupTrafficSent => ({ step, rollup: rollup.chain, ...(tx ? { tx } : {}), ...(skipped ? { skipped } : {}) });
  const customGas = orbit.nativeToken !== zeroAddress;
  const steps: TrafficStep[] = [
    async (random) => {
      const sender = senderOf(random);
      const amount = depositAmount(random);
      if (native.deposit) {
        const receipt = await transact(parent, sender, native.deposit(addressOf(chain, sender), amount));
        return sent("orbit.depositETH", receipt.transactionHash);
      }
      await fundAndApprove(parent, sender, orbit.nativeToken, orbit.inbox, amount);
      const receipt = await call(parent, sender, orbit.inbox, nitroArtifact("v3", "bridge/ERC20Inbox").abi, "depositERC20", [amount]);
      return sent("orbit.depositNativeToken", receipt.transactionHash);
    },
    async (random) => {
      const sender = senderOf(random);
      const receipt = await transact(chain, sender, native.withdraw(addressOf(parent, sender), withdrawalAmount(random)));
      return sent("orbit.withdrawETH", receipt.transactionHash);
    },
  ];
  const bridge = rollup.tokenBridge;
  if (bridge) {
    steps.push(
      async (random) => {
        const sender = senderOf(random);
        const amount = depositAmount(random);
        await fundAndApprove(parent, sender, token, bridge.l1ERC20Gateway, amount);
        // With a gas token the gateway takes the retryable's fee in it from the sender.
        if (customGas) await fundAndApprove(parent, sender, orbit.nativeToken, bridge.l1ERC20Gateway, retryableFee());
        const receipt = await call(
          parent,
          sender,
          bridge.l1GatewayRouter,
          tokenBridgeAbis.l1Router().abi,
          "outboundTransfer",
          [token, addressOf(chain, sender), amount, RETRYABLE.maxGas, RETRYABLE.gasPriceBid, gatewayDepositData(bridge)],
          gatewayDepositValue(bridge),
        );
        return sent("orbit.depositERC20", receipt.transactionHash);
      },
      async (random) => {
        const amount = withdrawalAmount(random);
        const sender = await holderOf(random, chain, await l2TokenOf(chain, bridge, token), amount);
        if (sender === undefined) return sent("orbit.withdrawERC20", undefined, "no L2 token balance yet");
        const receipt = await call(chain, sender, bridge.l2GatewayRouter, tokenBridgeAbis.l2Router().abi, "outboundTransfer", [token, addressOf(parent, sender), amount, "0x"]);
        return sent("orbit.withdrawERC20", receipt.transactionHash);
      },
    );
  }
  return steps;
}

/** Every step for every running rollup, in deployment order: take them in turn or pick at random. */
export function rollupTrafficSteps(network: Network, deployment: RollupsDeployment): TrafficStep[] {
  const natives = nativeBridges(deployment);
  return deployment.rollups.flatMap((rollup) => {
    if (rollup.chain === undefined) return [];
    const native = natives.find((n) => n.rollup === rollup.chain)!;
    if (rollup.stack === "opstack") return rollup.erc20Route ? opSteps(network, { ...rollup, chain: rollup.chain, erc20Route: rollup.erc20Route }, native) : [];
    return orbitSteps(network, { ...rollup, chain: rollup.chain }, deployment.testTokens[rollup.parent] as Address, native);
  });
}
