import { type Address, erc20Abi, getAddress, parseEventLogs, zeroAddress } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPContractsManagerAbi } from "../../abis/OPContractsManager";
import { RollupAbi } from "../../abis/RollupCreator";
import { SystemConfigAbi } from "../../abis/SystemConfig";
import { chainNamed, defaultChains, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { mulberry32 } from "../../devnet/random";
import { bedrockArtifact, nitroArtifact } from "../../devnet/rollups/artifacts";
import { call } from "../../devnet/rollups/call";
import { deployRollups, l3ChainSpec, type OpStackRollupDeployment, type OrbitRollupDeployment, type RollupsDeployment } from "../../devnet/rollups/deploy";
import { rollupsManifestOf } from "../../devnet/rollups/manifest";
import { type BridgeRelayer, type RelayEvent, startBridgeRelayer } from "../../devnet/rollups/relay";
import { l2TokenOf } from "../../devnet/rollups/tokenBridge";
import { rollupTrafficSteps } from "../../devnet/rollups/traffic";
import { opWithdrawalState, orbitWithdrawalExecuted, readOrbitRollup, readSystemConfig } from "../../devnet/rollups/truth";
import { decodeRollupCreated } from "../../src/rollups/rollupCreated";
import { decodeConfigUpdate } from "../../src/rollups/systemConfig";

/**
 * The rollup devnet end to end: a network with an L3, every rollup deployed from the chain
 * specs, traffic on both stacks, the bridge relayer; then the chains themselves are asked
 * whether it all happened.
 */

let network: Network;
let deployment: RollupsDeployment;
let relayer: BridgeRelayer;
const events: RelayEvent[] = [];
const errors: unknown[] = [];
/** Recipients nobody else uses: their L2 balances are exactly what the test deposited. */
const fresh = (n: number) => privateKeyToAddress(`0x${(0xbeef00n + BigInt(n)).toString(16).padStart(64, "0")}`);
const DEPOSIT = 7n * 10n ** 15n;
let configBefore: Awaited<ReturnType<typeof readSystemConfig>>;

const running = (stack: "opstack" | "orbit", name: string) => deployment.rollups.find((r) => r.stack === stack && r.chain === name);

beforeAll(async () => {
  network = await startNetwork({ chains: [...defaultChains, l3ChainSpec], chainIdOffset: freshChainIdOffset() });
  deployment = await deployRollups(network);
  const op = running("opstack", "opchain") as OpStackRollupDeployment;
  configBefore = await readSystemConfig(chainNamed(network, "settlement"), op.contracts);
  relayer = startBridgeRelayer(network, deployment, { seed: 3, onRelay: (e) => events.push(e), onError: (e) => errors.push(e) });

  // Deposits to fresh recipients, one per route: what "finalized on L2" is checked against.
  const settlement = chainNamed(network, "settlement");
  await call(settlement, 2, op.contracts.l1StandardBridge, bedrockArtifact("L1StandardBridge").abi, "depositETHTo", [fresh(1), 200_000, "0x"], DEPOSIT);
  const orbit = running("orbit", "orbitchain") as OrbitRollupDeployment;
  // A retryable with no calldata credits its call value to `to`, as depositEth credits the sender.
  const value = DEPOSIT + 10n ** 15n + 100_000n * 2_000_000_000n;
  await call(settlement, 3, orbit.contracts.inbox, nitroArtifact("v3", "bridge/Inbox").abi, "createRetryableTicket", [fresh(2), DEPOSIT, 10n ** 15n, fresh(2), fresh(2), 100_000n, 2_000_000_000n, "0x"], value);

  const steps = rollupTrafficSteps(network, deployment);
  const random = mulberry32(5);
  for (let round = 0; round < 3; round++) for (const step of steps) await step(random);
  await relayer.settle();
}, 240_000);

afterAll(async () => {
  await relayer?.stop();
  await network?.stop();
});

describe("rollups created from the chain specs", () => {
  it("every Orbit rollup's creation receipt carries its RollupCreated, and RollupInitialized names its chain id", async () => {
    const orbits = deployment.rollups.filter((r): r is OrbitRollupDeployment => r.stack === "orbit");
    expect(orbits.map((r) => r.chain ?? null)).toEqual(["orbitchain", "rarichain", "l3chain", null]);
    for (const rollup of orbits) {
      const parent = chainNamed(network, rollup.parent);
      const receipt = await parent.publicClient.getTransactionReceipt({ hash: rollup.contracts.creationTx });
      const created = receipt.logs.map((log) => decodeRollupCreated(log)).find((d) => d.ok);
      expect(created).toMatchObject({ rollup: rollup.contracts.rollup, bridge: rollup.contracts.bridge, inbox: rollup.contracts.inbox, nativeToken: rollup.contracts.nativeToken });
      expect(getAddress(receipt.to as Address)).toBe(rollup.creator.rollupCreator);
      const [initialized] = parseEventLogs({ abi: RollupAbi, logs: receipt.logs.filter((l) => getAddress(l.address) === rollup.contracts.rollup) });
      expect(initialized?.args.chainId).toBe(BigInt(rollup.contracts.chainId));
      expect((await readOrbitRollup(parent, rollup.contracts)).chainId).toBe(BigInt(rollup.contracts.chainId));
      if (rollup.chain) expect(rollup.contracts.chainId).toBe(chainNamed(network, rollup.chain).chainId);
    }
  });

  it("the manifest fragment is enough: the creators' and OPCMs' logs announce every rollup the deployment made", async () => {
    const manifest = rollupsManifestOf(deployment);
    const announcedOrbit: Address[] = [];
    for (const creator of manifest.rollupCreators) {
      const logs = await chainNamed(network, creator.chain).publicClient.getLogs({ address: creator.address, fromBlock: BigInt(creator.startBlock) });
      for (const log of logs) {
        const decoded = decodeRollupCreated(log);
        if (decoded.ok) announcedOrbit.push(decoded.rollup);
      }
    }
    const orbits = deployment.rollups.filter((r): r is OrbitRollupDeployment => r.stack === "orbit");
    expect(announcedOrbit.sort()).toEqual(orbits.map((r) => r.contracts.rollup).sort());
    const announcedOp: bigint[] = [];
    for (const opcm of manifest.opContractsManagers) {
      const logs = await chainNamed(network, opcm.chain).publicClient.getLogs({ address: opcm.address, fromBlock: BigInt(opcm.startBlock) });
      for (const event of parseEventLogs({ abi: OPContractsManagerAbi, logs, eventName: "Deployed" })) announcedOp.push((event.args as { l2ChainId: bigint }).l2ChainId);
    }
    const ops = deployment.rollups.filter((r): r is OpStackRollupDeployment => r.stack === "opstack");
    expect(announcedOp.sort()).toEqual(ops.map((r) => BigInt(r.contracts.chainId)).sort());
    expect(manifest.opChains).toEqual([]);
    expect(manifest.arbitrumTokenBridges.map((b) => b.chain)).toEqual(["orbitchain", "rarichain", "l3chain"]);
  });

  it("the L3's creator lives on orbitchain, and rarichain pays gas in its own token", () => {
    const l3 = running("orbit", "l3chain") as OrbitRollupDeployment;
    expect(l3.parent).toBe("orbitchain");
    expect(l3.creator.chain).toBe("orbitchain");
    expect((running("orbit", "rarichain") as OrbitRollupDeployment).contracts.nativeToken).not.toBe(zeroAddress);
  });
});

describe("bridges, after traffic and the relayer", () => {
  it("the relayer reported no errors", () => {
    expect(errors.map(String)).toEqual([]);
  });

  it("deposits are finalized on L2: the fresh recipients hold exactly what was deposited", async () => {
    expect(await chainNamed(network, "opchain").publicClient.getBalance({ address: fresh(1) })).toBe(DEPOSIT);
    expect(await chainNamed(network, "orbitchain").publicClient.getBalance({ address: fresh(2) })).toBe(DEPOSIT);
  });

  it("an ERC20 deposited through the OP standard bridge is minted on L2 (the escrow equals supply minus withdrawals)", async () => {
    const op = running("opstack", "opchain") as OpStackRollupDeployment;
    const route = op.erc20Route as NonNullable<OpStackRollupDeployment["erc20Route"]>;
    const l2Supply = await chainNamed(network, "opchain").publicClient.readContract({ address: route.l2Token, abi: erc20Abi, functionName: "totalSupply" });
    const escrow = await chainNamed(network, "settlement").publicClient.readContract({
      address: op.contracts.l1StandardBridge,
      abi: bedrockArtifact("L1StandardBridge").abi,
      functionName: "deposits",
      args: [route.l1Token, route.l2Token],
    });
    expect(l2Supply).toBeGreaterThan(0n);
    // Unfinalized withdrawals are burnt on L2 but still escrowed on L1.
    expect(escrow as bigint).toBeGreaterThanOrEqual(l2Supply);
  });

  it("Arbitrum gateway deposits made StandardArbERC20 tokens on every Orbit rollup (the L1Orbit gateways on rarichain), backed by the L1 escrow", async () => {
    for (const name of ["orbitchain", "rarichain", "l3chain"]) {
      const rollup = running("orbit", name) as OrbitRollupDeployment;
      const bridge = rollup.tokenBridge as NonNullable<OrbitRollupDeployment["tokenBridge"]>;
      const parent = chainNamed(network, rollup.parent);
      const chain = chainNamed(network, name);
      const l1Token = deployment.testTokens[rollup.parent] as Address;
      const l2Token = await l2TokenOf(chain, bridge, l1Token);
      const l2Supply = await chain.publicClient.readContract({ address: l2Token, abi: erc20Abi, functionName: "totalSupply" });
      const escrow = await parent.publicClient.readContract({ address: l1Token, abi: erc20Abi, functionName: "balanceOf", args: [bridge.l1ERC20Gateway] });
      expect(l2Supply, name).toBeGreaterThan(0n);
      expect(escrow, name).toBeGreaterThanOrEqual(l2Supply);
    }
  });

  it("OP withdrawals are in each stage the relayer drew, by the portal's own records", async () => {
    const op = running("opstack", "opchain") as OpStackRollupDeployment;
    const drawn = events.filter((e): e is Extract<RelayEvent, { stack: "opstack" }> => e.kind === "withdrawal" && e.stack === "opstack" && e.step === "drawn");
    expect(new Set(drawn.map((e) => e.fate))).toEqual(new Set(["unproven", "proven", "finalized"]));
    for (const withdrawal of drawn) {
      expect(await opWithdrawalState(chainNamed(network, "settlement"), op.contracts, withdrawal.withdrawalHash), withdrawal.withdrawalHash).toBe(withdrawal.fate);
    }
  });

  it("Orbit withdrawals are executed through the Outbox or not, as drawn, on every Orbit rollup", async () => {
    const drawn = events.filter((e): e is Extract<RelayEvent, { stack: "orbit" }> => e.kind === "withdrawal" && e.stack === "orbit" && e.step === "drawn");
    expect(new Set(drawn.map((e) => e.rollup))).toEqual(new Set(["orbitchain", "rarichain", "l3chain"]));
    expect(new Set(drawn.map((e) => e.fate))).toEqual(new Set(["unproven", "finalized"]));
    for (const withdrawal of drawn) {
      const rollup = running("orbit", withdrawal.rollup) as OrbitRollupDeployment;
      const executed = await orbitWithdrawalExecuted(chainNamed(network, rollup.parent), rollup.contracts, withdrawal.position);
      expect(executed, `${withdrawal.rollup} #${withdrawal.position}`).toBe(withdrawal.fate === "finalized");
    }
  });

  it("SystemConfig views changed, and each is what its last ConfigUpdate says", async () => {
    const op = running("opstack", "opchain") as OpStackRollupDeployment;
    const settlement = chainNamed(network, "settlement");
    const after = await readSystemConfig(settlement, op.contracts);
    expect(after).not.toEqual(configBefore);
    const logs = await settlement.publicClient.getLogs({ address: op.contracts.systemConfig, fromBlock: BigInt(op.contracts.startBlock) });
    const last = new Map<string, Record<string, unknown>>();
    for (const event of parseEventLogs({ abi: SystemConfigAbi, logs })) {
      const decoded = decodeConfigUpdate(event.args.updateType, event.args.data);
      if (!decoded.ok) throw new Error(decoded.error);
      last.set(decoded.type, decoded);
    }
    expect(last.get("batcher")).toMatchObject({ batcherHash: after.batcherHash });
    expect(last.get("gasLimit")).toMatchObject({ gasLimit: after.gasLimit });
    expect(last.get("feeScalars")).toMatchObject({ overhead: after.overhead, scalar: after.scalar });
    if (last.has("unsafeBlockSigner")) expect(last.get("unsafeBlockSigner")).toMatchObject({ unsafeBlockSigner: after.unsafeBlockSigner });
  });
});

