import { writeFileSync } from "node:fs";
import { type Address, erc20Abi, getAddress, type Hex, type Log, parseEventLogs, zeroAddress } from "viem";
import { getL2TransactionHash } from "viem/op-stack";
import { ArbitrumBridgeAbi, ArbitrumInboxAbi, ArbitrumOutboxAbi } from "../../abis/ArbitrumBridge";
import { L1ArbitrumGatewayAbi, L2ArbitrumGatewayAbi } from "../../abis/ArbitrumGateway";
import { AccessControlAbi, Erc1967Abi, OwnableAbi } from "../../abis/Admin";
import { ArbRetryableTxAbi } from "../../abis/ArbRetryableTx";
import { ArbSysAbi } from "../../abis/ArbSys";
import { CrossDomainMessengerAbi } from "../../abis/CrossDomainMessenger";
import { L2StandardBridgeAbi } from "../../abis/StandardBridge";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { L2ToL1MessagePasserAbi } from "../../abis/L2ToL1MessagePasser";
import { OPContractsManagerAbi } from "../../abis/OPContractsManager";
import { OptimismPortalAbi } from "../../abis/OptimismPortal";
import { RollupAbi } from "../../abis/RollupCreator";
import { SystemConfigAbi } from "../../abis/SystemConfig";
import { DEPLOYER } from "../../devnet/accounts";
import type { Indexer } from "../../devnet/indexer";
import { chainNamed, defaultChains, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { mulberry32 } from "../../devnet/random";
import { bedrockArtifact } from "../../devnet/rollups/artifacts";
import { call, callAs } from "../../devnet/rollups/call";
import { deployRollups, l3ChainSpec, type OpStackRollupDeployment, type RollupsDeployment } from "../../devnet/rollups/deploy";
import { rollupsManifestOf } from "../../devnet/rollups/manifest";
import { applyL1ToL2Alias } from "../../devnet/rollups/alias";
import { type BridgeRelayer, type RelayEvent, startBridgeRelayer } from "../../devnet/rollups/relay";
import { finalizeOpWithdrawal } from "../../devnet/rollups/relayOp";
import { rollupTrafficSteps } from "../../devnet/rollups/traffic";
import { readSystemConfig } from "../../devnet/rollups/truth";
import { decodeInboxMessage } from "../../src/rollups/inboxMessage";
import { retryableTicketId } from "../../src/rollups/retryable";
import { decodeRollupCreated } from "../../src/rollups/rollupCreated";
import { DATABASE_URL, dropSchema, dumpTables, freshSchema, getJson, heads, indexUpTo, keepMining, tempDir } from "./harness";

/**
 * The rollups domain on the local network with an L3: the registry against the creation
 * receipts, each OP chain's configuration against its SystemConfig's views and logs, on PGlite
 * and PostgreSQL, and both orderings giving the same tables.
 */

let network: Network;
let deployment: RollupsDeployment;
let relayer: BridgeRelayer;
let manifestPath: string;
let target: Record<string, bigint>;
let transfers: Map<string, Expected>;
const relayed: RelayEvent[] = [];
const relayerErrors: unknown[] = [];
const indexers: Indexer[] = [];
const schemas: string[] = [];

const postgresSchema = (label: string) => {
  const schema = freshSchema(label);
  schemas.push(schema);
  return schema;
};

beforeAll(async () => {
  network = await startNetwork({ chains: [...defaultChains, l3ChainSpec], chainIdOffset: freshChainIdOffset() });
  // The running OP chains named by hand (as before OPCM): their SystemConfig is a source of its own.
  deployment = await deployRollups(network, { announceOpChains: false });
  // Half the auto-redeems fail (drawn from the seed): tickets left open, deposits failed.
  relayer = startBridgeRelayer(network, deployment, { seed: 4, failedRedeemShare: 0.5, onRelay: (e) => relayed.push(e), onError: (e) => relayerErrors.push(e) });
  const steps = rollupTrafficSteps(network, deployment);
  const random = mulberry32(9);
  for (let round = 0; round < 4; round++) for (const step of steps) await step(random);
  // Every update type at least once, whatever the traffic drew: the unsafe block signer too.
  for (const op of deployment.rollups) {
    if (op.stack !== "opstack" || !op.chain) continue;
    await call(chainNamed(network, op.parent), DEPLOYER, op.contracts.systemConfig, bedrockArtifact("SystemConfig").abi, "setUnsafeBlockSigner", ["0x00000000000000000000000000000000005a4e57"]);
  }
  await relayer.settle();
  await relayer.stop();
  target = await heads(network);
  transfers = await transfersFromLogs();
  await keepMining(network);
  manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify({ ...network.manifest, ...rollupsManifestOf(deployment) }));
}, 420_000);

afterAll(async () => {
  await relayer?.stop();
  await Promise.all(indexers.map((i) => i.stop()));
  await network?.stop();
  for (const schema of schemas) await dropSchema(schema);
});

const lower = (a: string) => a.toLowerCase();
const ADMIN_ABI = [...Erc1967Abi, ...OwnableAbi, ...AccessControlAbi] as const;

/** What the creation receipts say each rollup is, keyed by `parentChainId:anchor`. */
async function registryFromReceipts() {
  const rows = new Map<string, Record<string, unknown>>();
  for (const r of deployment.rollups) {
    const parent = chainNamed(network, r.parent);
    if (r.stack === "orbit") {
      const receipt = await parent.publicClient.getTransactionReceipt({ hash: r.contracts.creationTx });
      const block = await parent.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      const created = receipt.logs.map((log) => decodeRollupCreated(log)).find((d) => d.ok)!;
      const [initialized] = parseEventLogs({ abi: RollupAbi, eventName: "RollupInitialized", logs: receipt.logs });
      rows.set(`${parent.chainId}:${lower(created.ok ? created.rollup : "")}`, {
        stack: "orbit",
        parentChainId: parent.chainId,
        l2ChainId: Number(initialized!.args.chainId),
        creator: lower(receipt.logs.find((l) => decodeRollupCreated(l).ok)!.address),
        creationTxHash: receipt.transactionHash,
        creationBlock: receipt.blockNumber.toString(),
        creationTimestamp: Number(block.timestamp),
        nativeToken: lower(created.ok ? created.nativeToken : ""),
        chainId: r.chain ? chainNamed(network, r.chain).chainId : null,
      });
    } else if (r.opcm) {
      const receipt = await parent.publicClient.getTransactionReceipt({ hash: r.opcm.tx });
      const block = await parent.publicClient.getBlock({ blockNumber: receipt.blockNumber });
      const [deployed] = parseEventLogs({ abi: OPContractsManagerAbi, eventName: "Deployed", logs: receipt.logs });
      rows.set(`${parent.chainId}:${lower(r.contracts.systemConfig)}`, {
        stack: "opstack",
        parentChainId: parent.chainId,
        l2ChainId: Number(deployed!.args.l2ChainId),
        creator: lower(deployed!.address),
        creationTxHash: receipt.transactionHash,
        creationBlock: receipt.blockNumber.toString(),
        creationTimestamp: Number(block.timestamp),
        variant: r.opcm.variant,
        chainId: r.chain ? chainNamed(network, r.chain).chainId : null,
      });
    } else {
      rows.set(`${parent.chainId}:${lower(r.contracts.systemConfig)}`, {
        stack: "opstack",
        parentChainId: parent.chainId,
        l2ChainId: r.contracts.chainId,
        creator: null,
        variant: "manifest",
        chainId: r.chain ? chainNamed(network, r.chain).chainId : null,
      });
    }
  }
  return rows;
}

const opChains = () => deployment.rollups.filter((r): r is OpStackRollupDeployment => r.stack === "opstack");

/** A bridge transfer as the chains' logs show it, in the API's shape (what the row must match). */
type Expected = { rollup: string; direction: "deposit" | "withdrawal"; status: string; token: string; amount: string; [k: string]: unknown };

const logsOf = (chain: string, address: Address | Address[]) =>
  chainNamed(network, chain).publicClient.getLogs({ address, fromBlock: 0n, toBlock: target[chain] });
const receipt = (chain: string, hash: Hex) => chainNamed(network, chain).publicClient.getTransactionReceipt({ hash });
const stageOf = (log: { transactionHash: Hex | null; blockNumber: bigint | null }) => ({ txHash: log.transactionHash, blockNumber: log.blockNumber!.toString() });
const from = (l: Log[], address: string) => l.filter((x) => lower(x.address) === lower(address));

/**
 * Every native bridge transfer of the running rollups, from logs the indexer's decoders did not
 * read: OP deposits from the portal's TransactionDeposited, their ids from the RelayedMessage of
 * the L2 transaction the relayer sent for their L1 transaction, their funds from the standard
 * bridge's ETH/ERC20BridgeInitiated; OP withdrawals from MessagePassed and the portal; Orbit
 * deposits from the Bridge's MessageDelivered and the gateway's DepositInitiated, a retryable's
 * execution from the rollup's TicketCreated and RedeemScheduled (by the ticket id its parent
 * message hashes to) and the receipt of the retry that RedeemScheduled names; Orbit
 * withdrawals from ArbSys's L2ToL1Tx, the L2 gateway and the Outbox.
 */
async function transfersFromLogs() {
  const expected = new Map<string, Expected>();
  const relayedL2Tx = new Map(relayed.flatMap((e) => (e.kind === "deposit" && e.l2Tx ? [[e.l1Tx, e.l2Tx]] : [])));
  for (const op of opChains().filter((r) => r.chain)) {
    const parent = chainNamed(network, op.parent);
    const l2 = chainNamed(network, op.chain!);
    const rollup = `${parent.chainId}:${lower(op.contracts.systemConfig)}`;
    const portal = parseEventLogs({ abi: OptimismPortalAbi, logs: await logsOf(op.parent, op.contracts.optimismPortal) });
    for (const d of portal.filter((l) => l.eventName === "TransactionDeposited")) {
      const r = await receipt(op.parent, d.transactionHash);
      const [eth] = parseEventLogs({ abi: L2StandardBridgeAbi, logs: from(r.logs, op.contracts.l1StandardBridge), eventName: "ETHBridgeInitiated" });
      const [erc20] = parseEventLogs({ abi: L2StandardBridgeAbi, logs: from(r.logs, op.contracts.l1StandardBridge), eventName: "ERC20BridgeInitiated" });
      const base = { rollup, direction: "deposit" as const, initiated: stageOf(d) };
      const args = d.args as { from: Address; to: Address };
      if (lower(args.from) !== lower(applyL1ToL2Alias(op.contracts.l1CrossDomainMessenger))) {
        // A bare portal deposit: keyed by its transaction hash on the rollup, which the devnet does not run.
        const hash = getL2TransactionHash({ log: d as never });
        const tx = await parent.publicClient.getTransaction({ hash: d.transactionHash });
        expected.set(`${l2.chainId}:${hash}`, { ...base, status: "initiated", token: zeroAddress, amount: tx.value.toString(), from: lower(args.from), finalized: null });
        continue;
      }
      const l2Tx = relayedL2Tx.get(d.transactionHash);
      const relay = l2Tx ? parseEventLogs({ abi: CrossDomainMessengerAbi, logs: (await receipt(op.chain!, l2Tx)).logs }).find((l) => l.eventName === "RelayedMessage" || l.eventName === "FailedRelayedMessage") : undefined;
      if (!relay) throw new Error(`deposit ${d.transactionHash} was not relayed`);
      const funds = erc20
        ? { token: lower(erc20.args.localToken), l2Token: lower(erc20.args.remoteToken), from: lower(erc20.args.from), to: lower(erc20.args.to), amount: erc20.args.amount.toString() }
        : { token: zeroAddress, from: lower(eth!.args.from), to: lower(eth!.args.to), amount: eth!.args.amount.toString() };
      expected.set(`${l2.chainId}:${(relay.args as { msgHash: Hex }).msgHash}`, {
        ...base,
        ...funds,
        status: relay.eventName === "RelayedMessage" ? "finalized" : "failed",
        finalized: { ...stageOf(relay), success: relay.eventName === "RelayedMessage" },
      });
    }
    const passed = parseEventLogs({ abi: L2ToL1MessagePasserAbi, logs: await logsOf(op.chain!, "0x4200000000000000000000000000000000000016") });
    for (const p of passed) {
      const r = await receipt(op.chain!, p.transactionHash);
      const bridged = parseEventLogs({ abi: L2StandardBridgeAbi, logs: from(r.logs, "0x4200000000000000000000000000000000000010") });
      const erc20 = bridged.find((l) => l.eventName === "ERC20BridgeInitiated") as { args: { localToken: Address; remoteToken: Address; from: Address; amount: bigint } } | undefined;
      const eth = bridged.find((l) => l.eventName === "ETHBridgeInitiated") as { args: { from: Address; amount: bigint } } | undefined;
      const proven = portal.find((l) => l.eventName === "WithdrawalProven" && l.args.withdrawalHash === p.args.withdrawalHash);
      const finalized = portal.find((l) => l.eventName === "WithdrawalFinalized" && l.args.withdrawalHash === p.args.withdrawalHash) as
        | { transactionHash: Hex; blockNumber: bigint; args: { success: boolean } }
        | undefined;
      expected.set(`${l2.chainId}:${p.args.withdrawalHash}`, {
        rollup,
        direction: "withdrawal",
        status: finalized ? (finalized.args.success ? "finalized" : "failed") : proven ? "proven" : "initiated",
        token: erc20 ? lower(erc20.args.remoteToken) : zeroAddress,
        ...(erc20 && { l2Token: lower(erc20.args.localToken) }),
        from: lower((erc20 ?? eth)!.args.from),
        amount: (erc20 ?? eth)!.args.amount.toString(),
        sender: lower(p.args.sender),
        value: p.args.value.toString(),
        initiated: stageOf(p),
        proven: proven ? stageOf(proven) : null,
        finalized: finalized ? { ...stageOf(finalized), success: finalized.args.success } : null,
      });
    }
  }
  for (const orbit of deployment.rollups) {
    if (orbit.stack !== "orbit") continue;
    const parent = chainNamed(network, orbit.parent);
    const c = orbit.contracts;
    const rollup = `${parent.chainId}:${lower(c.rollup)}`;
    const native = lower(c.nativeToken);
    const gateway = orbit.tokenBridge;
    // The rollup's tickets and their redeem attempts, each attempt with its retry's receipt.
    const tickets = new Map<Hex, { attempts: { retryTxHash: Hex; success: boolean; blockNumber: bigint }[] }>();
    for (const l of orbit.chain ? parseEventLogs({ abi: ArbRetryableTxAbi, logs: await logsOf(orbit.chain, "0x000000000000000000000000000000000000006e") }) : []) {
      if (l.eventName === "TicketCreated") tickets.set(l.args.ticketId, { attempts: [] });
      if (l.eventName !== "RedeemScheduled") continue;
      const retry = await receipt(orbit.chain!, l.args.retryTxHash);
      tickets.get(l.args.ticketId)?.attempts.push({ retryTxHash: l.args.retryTxHash, success: retry.status === "success", blockNumber: retry.blockNumber });
    }
    let retryables = 0;
    for (const m of parseEventLogs({ abi: ArbitrumBridgeAbi, eventName: "MessageDelivered", logs: await logsOf(orbit.parent, c.bridge) })) {
      if (![7, 9, 12].includes(m.args.kind)) continue;
      const r = await receipt(orbit.parent, m.transactionHash);
      const [inboxed] = parseEventLogs({ abi: ArbitrumInboxAbi, eventName: "InboxMessageDelivered", logs: from(r.logs, c.inbox) }).filter((l) => l.args.messageNum === m.args.messageIndex);
      const retryable = decodeInboxMessage(m.args.kind, inboxed!.args.data);
      const ticketId =
        retryable.ok && retryable.kind === "retryable"
          ? retryableTicketId({ l2ChainId: c.chainId, messageNum: m.args.messageIndex, sender: m.args.sender, l1BaseFee: m.args.baseFeeL1, message: retryable })
          : undefined;
      const ticket = ticketId ? tickets.get(ticketId) : undefined;
      if (ticket) retryables++;
      // The deposit's finalization: the attempt that ran, else the latest that did not.
      const attempt = ticket?.attempts.find((a) => a.success) ?? ticket?.attempts.at(-1);
      const tx = await parent.publicClient.getTransaction({ hash: m.transactionHash });
      const [viaGateway] = gateway ? parseEventLogs({ abi: L1ArbitrumGatewayAbi, eventName: "DepositInitiated", logs: from(r.logs, gateway.l1ERC20Gateway) }) : [];
      // A custom gas token reaches the Bridge as an ERC20 transfer; ETH as the transaction's value.
      const [paid] = parseEventLogs({ abi: erc20Abi, eventName: "Transfer", logs: from(r.logs, c.nativeToken) }).filter((t) => lower(t.args.to) === lower(c.bridge));
      expected.set(`${c.chainId}:message:${m.args.messageIndex}`, {
        rollup,
        direction: "deposit",
        status: attempt ? (attempt.success ? "finalized" : "failed") : "initiated",
        kind: m.args.kind,
        ...(ticketId && { hash: ticketId }),
        token: viaGateway ? lower(viaGateway.args.l1Token) : native,
        from: lower(viaGateway ? viaGateway.args._from : tx.from),
        amount: viaGateway ? viaGateway.args._amount.toString() : (native === zeroAddress ? tx.value : paid!.args.value).toString(),
        initiated: stageOf(m),
        finalized: attempt ? { txHash: attempt.retryTxHash, blockNumber: attempt.blockNumber.toString(), success: attempt.success } : null,
      });
    }
    // Every ticket the rollup created is one of its parent's messages.
    if (retryables !== tickets.size) throw new Error(`${orbit.chain}: ${tickets.size} tickets, ${retryables} of them a parent message's`);
    if (!orbit.chain) continue;
    const executed = parseEventLogs({ abi: ArbitrumOutboxAbi, eventName: "OutBoxTransactionExecuted", logs: await logsOf(orbit.parent, c.outbox) });
    for (const w of parseEventLogs({ abi: ArbSysAbi, eventName: "L2ToL1Tx", logs: await logsOf(orbit.chain, "0x0000000000000000000000000000000000000064") })) {
      const r = await receipt(orbit.chain, w.transactionHash);
      const [viaGateway] = gateway ? parseEventLogs({ abi: L2ArbitrumGatewayAbi, eventName: "WithdrawalInitiated", logs: from(r.logs, gateway.l2ERC20Gateway) }) : [];
      const done = executed.find((e) => e.args.transactionIndex === w.args.position);
      expected.set(`${c.chainId}:position:${w.args.position}`, {
        rollup,
        direction: "withdrawal",
        status: done ? "finalized" : "initiated",
        token: viaGateway ? lower(viaGateway.args.l1Token) : native,
        from: lower(viaGateway ? viaGateway.args._from : w.args.caller),
        amount: (viaGateway ? viaGateway.args._amount : w.args.callvalue).toString(),
        initiated: stageOf(w),
        finalized: done ? { ...stageOf(done), success: true } : null,
      });
    }
  }
  return expected;
}

/** Every bridge transfer the API lists, page by page. */
async function allTransfers(url: string, query = "") {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (await getJson(`${url}/api/bridge-transfers?limit=50${query}${cursor ? `&cursor=${cursor}` : ""}`)).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

it("the relayer applied every message without an error (a message it failed on would be missing on both sides alike)", () => {
  expect(relayerErrors.map(String)).toEqual([]);
  expect(relayed.some((e) => e.kind === "deposit" && e.ticketId && e.redeemed)).toBe(true);
  expect(relayed.some((e) => e.kind === "deposit" && e.ticketId && !e.redeemed)).toBe(true);
});

const backends = [
  ["PGlite", () => ({ pgliteDir: tempDir("pglite") })],
  ["PostgreSQL", () => ({ databaseUrl: DATABASE_URL, schema: postgresSchema("rollups") })],
] as const;

for (const [backend, database] of backends) {
  describe(`rollups indexed on ${backend}`, () => {
    let url: string;
    let indexer: Indexer;
    beforeAll(async () => {
      indexer = await indexUpTo({ manifestPath, ...database() }, target);
      indexers.push(indexer);
      url = indexer.url;
    }, 200_000);

    /** Each rollup's liquidity as served, and what its parent-side bridge contracts hold at the indexed head. */
    async function liquidityAndHoldings() {
      const out = [];
      for (const r of deployment.rollups) {
        const parent = chainNamed(network, r.parent);
        const at = { blockNumber: target[r.parent] };
        const ethOf = (address: Address) => parent.publicClient.getBalance({ address, ...at });
        const erc20Of = (token: Address, holder: Address) =>
          parent.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [holder], ...at });
        const testToken = deployment.testTokens[r.parent]!;
        const holdings: Record<string, bigint> = {};
        if (r.stack === "orbit") {
          const c = r.contracts;
          holdings[lower(c.nativeToken)] = c.nativeToken === zeroAddress ? await ethOf(c.bridge) : await erc20Of(c.nativeToken, c.bridge);
          if (r.tokenBridge) holdings[lower(testToken)] = await erc20Of(testToken, r.tokenBridge.l1ERC20Gateway);
        } else {
          holdings[zeroAddress] = await ethOf(r.contracts.optimismPortal);
          holdings[lower(testToken)] = await erc20Of(testToken, r.contracts.l1StandardBridge);
        }
        const { body } = await getJson(`${url}/api/rollups/${r.contracts.chainId}`);
        out.push({ r, holdings, liquidity: body.liquidity as { token: string; locked: string; supply: string; inFlight: string; supplySource: string; l2Tokens: string[]; conservation: { holds: boolean; discrepancy: string } }[] });
      }
      return out;
    }

    it("serves each rollup's bridge liquidity: locked equals the bridge contracts' balances, and locked = supply + in flight", async () => {
      let tokens = 0;
      for (const { r, holdings, liquidity } of await liquidityAndHoldings()) {
        for (const [token, held] of Object.entries(holdings)) {
          const served = liquidity.find((l) => l.token === token);
          expect(served?.locked ?? "0", `${r.chain ?? r.parent} ${token}`).toBe(held.toString());
          if (held > 0n) tokens++;
        }
        for (const l of liquidity) expect(l.conservation, `${r.chain ?? r.parent} ${l.token}`).toEqual({ holds: true, discrepancy: "0" });
      }
      // ETH, the ERA gas token and the test token, on both stacks.
      expect(tokens).toBeGreaterThanOrEqual(5);
      const { liquidity } = (await liquidityAndHoldings()).find(({ r }) => r.stack === "opstack" && r.chain)!;
      expect(liquidity.find((l) => l.supplySource === "token")).toBeDefined();
    });

    it("lists every rollup as its creation receipt (or the manifest) says, the L3 on its own parent", async () => {
      const expected = await registryFromReceipts();
      const { body } = await getJson(`${url}/api/rollups`);
      expect(body.items.map((r: { id: string }) => r.id).sort()).toEqual([...expected.keys()].sort());
      for (const row of body.items) expect(row).toMatchObject(expected.get(row.id)!);
      expect(expected.size).toBe(deployment.rollups.length);
      const l3 = body.items.find((r: { chainId: number | null }) => r.chainId === chainNamed(network, "l3chain").chainId);
      expect(l3.parentChainId).toBe(chainNamed(network, "orbitchain").chainId);
      expect(new Set(body.items.map((r: { variant: string }) => r.variant))).toEqual(new Set(["v3", "v1.1-2", "2024", "manifest"]));
    });

    it("serves each OP chain, named or announced,'s current configuration as SystemConfig's views, and its history as its ConfigUpdate logs", async () => {
      // Named by hand (SystemConfig in the manifest) and announced (by the 2024 OPCM, through factory()).
      expect(opChains().map((op) => Boolean(op.opcm)).sort()).toEqual([false, true]);
      for (const op of opChains()) {
        const parent = chainNamed(network, op.parent);
        const truth = await readSystemConfig(parent, op.contracts);
        const { status, body } = await getJson(`${url}/api/rollups/${op.contracts.chainId}`);
        expect(status).toBe(200);
        expect(body.config).toMatchObject({
          batcherHash: lower(truth.batcherHash),
          gasLimit: truth.gasLimit.toString(),
          overhead: truth.overhead.toString(),
          scalar: truth.scalar.toString(),
          unsafeBlockSigner: lower(truth.unsafeBlockSigner),
        });
        const raw = await parent.publicClient.getLogs({ address: op.contracts.systemConfig, fromBlock: 0n, toBlock: target[op.parent] });
        // An announced SystemConfig's history starts at its announcement (factory() children's logs do).
        const from = op.opcm ? BigInt(op.opcm.block) + 1n : 0n;
        const logs = parseEventLogs({ abi: SystemConfigAbi, eventName: "ConfigUpdate", logs: raw }).filter((l) => l.blockNumber >= from);
        expect(body.history.map((h: { txHash: Hex; updateType: number; data: Hex }) => [h.txHash, h.updateType, h.data])).toEqual(
          logs.map((l) => [l.transactionHash, Number(l.args.updateType), l.args.data]),
        );
        // The traffic changed every type 0.17.3 emits after initialisation (a running chain's).
        if (op.chain) expect(new Set(body.history.map((h: { type: string }) => h.type))).toEqual(new Set(["batcher", "feeScalars", "gasLimit", "unsafeBlockSigner"]));
        expect(body.config.updates).toBe(logs.length);
      }
    });

    it("serves every bridge transfer, on both stacks and both ways, with the stages and funds the chains' logs show", async () => {
      const listed = await allTransfers(url);
      expect(listed.map((t) => t.id).sort()).toEqual([...transfers.keys()].sort());
      for (const t of listed) expect(t, t.id).toMatchObject(transfers.get(t.id)!);
      // Every kind was exercised: each direction on each stack, ERC20 and ETH, bare and through the messenger; every stage.
      const seen = new Set([...transfers.entries()].map(([id, t]) => `${id.includes(":0x") ? "op" : "orbit"}.${t.direction}.${t.token === zeroAddress || t.kind === 12 ? "native" : "erc20"}`));
      expect([...seen].sort()).toEqual(["op", "orbit"].flatMap((s) => ["deposit", "withdrawal"].flatMap((d) => [`${s}.${d}.erc20`, `${s}.${d}.native`])).sort());
      expect(new Set([...transfers.values()].map((t) => t.status))).toEqual(new Set(["initiated", "proven", "finalized", "failed"]));
      // Orbit deposits reach every stage: retryables redeemed on the rollup and auto-redeems that failed.
      const orbitDeposits = [...transfers.entries()].filter(([id]) => id.includes(":message:")).map(([, t]) => t.status);
      expect(new Set(orbitDeposits)).toEqual(new Set(["initiated", "finalized", "failed"]));
      expect([...transfers.entries()].some(([id, t]) => id.includes(":0x") && t.direction === "deposit" && t.status === "initiated")).toBe(true);
      // One at a time, by id, the same.
      const [id, one] = [...transfers.entries()].find(([id]) => id.includes(":position:"))!;
      expect((await getJson(`${url}/api/bridge-transfers/${id}`)).body).toMatchObject(one);
    });

    it("counts each rollup's deposits and withdrawals and their volume per token as the logs do", async () => {
      const { body } = await getJson(`${url}/api/rollups`);
      for (const r of body.items) {
        for (const direction of ["deposit", "withdrawal"] as const) {
          const mine = [...transfers.values()].filter((t) => t.rollup === r.id && t.direction === direction);
          const volume: Record<string, string> = {};
          for (const t of mine) volume[t.token] = (BigInt(volume[t.token] ?? 0) + BigInt(t.amount)).toString();
          expect(r.transfers[`${direction}s`], `${r.id} ${direction}s`).toMatchObject({ count: mine.length, volume });
        }
      }
      expect(body.items.some((r: any) => r.transfers.deposits.count > 0 && r.transfers.withdrawals.count > 0)).toBe(true);
    });

    it("finds a deposit by its transaction on either side and an account by its transfers", async () => {
      const [, deposit] = [...transfers.entries()].find(([, t]) => t.direction === "deposit" && t.finalized)! as [string, any];
      for (const hash of [deposit.initiated.txHash, deposit.finalized.txHash]) {
        const { body } = await getJson(`${url}/api/search?q=${hash}`);
        expect(body.matches).toContainEqual(expect.objectContaining({ type: "transaction", bridgeTransfers: 1 }));
        expect((await getJson(`${url}/api/tx/${hash}`)).body.bridgeTransfers.map((t: any) => t.status)).toEqual([deposit.status]);
      }
      const account = deposit.from;
      const { body } = await getJson(`${url}/api/search?q=${account}`);
      const mine = [...transfers.values()].filter((t) => t.from === account || t.to === account || t.sender === account || t.target === account);
      expect(body.matches).toContainEqual(expect.objectContaining({ type: "account", bridgeTransfers: mine.length }));
      const { body: bridge } = await getJson(`${url}/api/search?q=${lower((deployment.rollups.find((r) => r.stack === "orbit")!.contracts as { bridge: Address }).bridge)}`);
      expect(bridge.matches).toContainEqual(expect.objectContaining({ type: "account", rollupContracts: [expect.objectContaining({ role: "bridge" })] }));
    });

    if (backend === "PGlite") {
      it("the conservation check breaks when an L2 token is minted on the rollup outside the bridge", async () => {
        const op = opChains().find((r) => r.chain && r.erc20Route)!;
        const chain = chainNamed(network, op.chain!);
        const minted = 7n * 10n ** 18n;
        const before = (await liquidityAndHoldings()).find(({ r }) => r === op)!.liquidity.find((l) => l.token === lower(op.erc20Route!.l1Token))!;
        // The L2 token mints for its bridge only: impersonating the bridge, with no deposit behind it.
        // Reverted afterwards, so the indexers after this one see the chain the logs were read from.
        const snapshot = await chain.testClient.snapshot();
        onTestFinished(async () => {
          await chain.testClient.revert({ id: snapshot });
          await chain.testClient.mine({ blocks: 3 });
        });
        const receipt = await callAs(chain, op.predeploys.L2StandardBridge, op.erc20Route!.l2Token, bedrockArtifact("OptimismMintableERC20").abi, "mint", [
          "0x000000000000000000000000000000000000dEaD",
          minted,
        ]);
        await indexer.waitForBlocks({ [op.chain!]: receipt.blockNumber }, 60_000);
        const after = (await liquidityAndHoldings()).find(({ r }) => r === op)!.liquidity.find((l) => l.token === lower(op.erc20Route!.l1Token))!;
        expect(after.supplySource).toBe("token");
        expect(BigInt(after.supply) - BigInt(before.supply)).toBe(minted);
        expect(after.locked).toBe(before.locked);
        expect(after.conservation).toEqual({ holds: false, discrepancy: (-minted).toString() });
      });

      it("a reorg on the parent that removes a withdrawal's finalization turns it back to proven", async () => {
        const [id] = [...transfers.entries()].find(([, t]) => t.status === "proven")!;
        const op = opChains().find((r) => r.chain && id.startsWith(`${chainNamed(network, r.chain).chainId}:`))!;
        const parent = chainNamed(network, op.parent);
        const [passed] = parseEventLogs({
          abi: L2ToL1MessagePasserAbi,
          logs: await logsOf(op.chain!, "0x4200000000000000000000000000000000000016"),
        }).filter((p) => id.endsWith(p.args.withdrawalHash));
        const statusOf = async () => {
          try {
            return (await getJson(`${url}/api/bridge-transfers/${id}`)).body.status;
          } catch (error) {
            throw new Error(`${error}; the indexer's last output:\n${indexer.output()}`);
          }
        };
        const until = async (status: string) => {
          const deadline = Date.now() + 120_000;
          while ((await statusOf()) !== status) {
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${id} to be ${status}`);
            await new Promise((r) => setTimeout(r, 250));
          }
        };
        const snapshot = await parent.testClient.snapshot();
        const finalized = await finalizeOpWithdrawal(parent, op.contracts, { ...passed!.args, l2Block: passed!.blockNumber });
        await until("finalized");
        // The finalization's block is replaced by a longer chain without it.
        const seen = await parent.publicClient.getBlockNumber();
        await parent.testClient.revert({ id: snapshot });
        await parent.testClient.mine({ blocks: Number(seen - (await parent.publicClient.getBlockNumber())) + 3 });
        expect((await parent.publicClient.getBlock({ blockNumber: finalized.blockNumber })).transactions).not.toContain(finalized.transactionHash);
        await until("proven");
        const { body } = await getJson(`${url}/api/bridge-transfers/${id}`);
        expect(body).toMatchObject({ finalized: null, proven: transfers.get(id)!.proven });
      });
    }

    it("audits the contracts a creator announced: each Orbit Bridge, Inbox and Outbox's admin events, as getLogs has them", async () => {
      let audited = 0;
      for (const r of deployment.rollups) {
        if (r.stack !== "orbit") continue;
        const parent = chainNamed(network, r.parent);
        for (const [role, address] of [["bridge", r.contracts.bridge], ["inbox", r.contracts.inbox], ["outbox", r.contracts.outbox]] as const) {
          const logs = parseEventLogs({ abi: ADMIN_ABI, logs: await parent.publicClient.getLogs({ address, fromBlock: BigInt(r.contracts.creationBlock), toBlock: target[r.parent] }) });
          const { body } = await getJson(`${url}/api/audit?chain=${r.parent}&contract=${lower(address)}&limit=200`);
          const key = (x: { txHash: string; logIndex: number; kind?: string; eventName?: string }) => `${x.txHash}:${x.logIndex}:${x.kind ?? x.eventName}`;
          expect(body.items.map(key).sort(), `${role} ${address}`).toEqual(logs.map((l) => key({ txHash: l.transactionHash, logIndex: l.logIndex, kind: l.eventName })).sort());
          expect(body.items.every((i: { role: string }) => i.role === role)).toBe(true);
          // A proxy from its creation: its implementation and admin set in the creation transaction.
          expect(logs.some((l) => l.eventName === "Upgraded" && l.transactionHash === r.contracts.creationTx), `${role} ${address}`).toBe(true);
          audited += logs.length;
        }
      }
      expect(audited).toBeGreaterThanOrEqual(9);
    });

    it("shows each chain's rollup in /api/chains", async () => {
      const { body } = await getJson(`${url}/api/chains`);
      const l3 = body.items.find((c: { name: string }) => c.name === "l3chain");
      expect(l3.rollup).toMatchObject({ stack: "orbit", parentChainId: chainNamed(network, "orbitchain").chainId });
      const settlement = body.items.find((c: { name: string }) => c.name === "settlement");
      expect(settlement.rollup).toBeNull();
      expect(settlement.rollupsSettling).toBe(deployment.rollups.filter((r) => r.parent === "settlement").length);
    });
  });
}

describe("orderings", () => {
  it("multichain and omnichain orderings give identical tables", async () => {
    const [multichain, omnichain] = [postgresSchema("rm"), postgresSchema("ro")];
    for (const [schema, ordering] of [[multichain, "multichain"], [omnichain, "omnichain"]] as const) {
      indexers.push(await indexUpTo({ manifestPath, databaseUrl: DATABASE_URL, schema, ordering }, target));
    }
    const [a, b] = await Promise.all([dumpTables(multichain), dumpTables(omnichain)]);
    expect(a.rollup!.length).toBe(deployment.rollups.length);
    expect(a.config_update!.length).toBeGreaterThan(0);
    expect(a.bridge_transfer!.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  }, 400_000);
});
