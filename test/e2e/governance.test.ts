import { writeFileSync } from "node:fs";
import { type Address, encodeFunctionData, type Hex, isAddressEqual, parseEventLogs, toEventSelector } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessControlAbi, Erc1967Abi, MailboxAdminAbi, MailboxClientAdminAbi, OwnableAbi } from "../../abis/Admin";
import { GovernorAbi } from "../../abis/Governor";
import { MailboxAbi } from "../../abis/Mailbox";
import { DEPLOYER, devnetAccount } from "../../devnet/accounts";
import { governanceAbi } from "../../devnet/governance/abi";
import { governanceApp } from "../../devnet/governance/app";
import { remoteCallAction } from "../../devnet/governance/ica";
import { castVote, etaOf, lifecycle, propose, untilBlock, untilTimestamp } from "../../devnet/governance/proposals";
import { type EraToken, deployEraToken } from "../../devnet/governance/contracts";
import { type GovernanceDeployment, deployGovernance } from "../../devnet/governance/deploy";
import { type GovernanceScenarioResult, runGovernanceScenario } from "../../devnet/governance/scenario";
import { defaultIsmOf, governorTruth, hookOf, implementationOf, ownerOf, timelockTruth, tokenTruth } from "../../devnet/governance/truth";
import type { Indexer } from "../../devnet/indexer";
import { chainNamed, type DevChain, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { type Relayer, startRelayer } from "../../devnet/relayer";
import { mineEmpty } from "../../devnet/scenario";
import { deployWarpRoutes, type SentWarpTransfer, sendWarpTransfers, type WarpDeployment, warpApp } from "../../devnet/warp";
import { DATABASE_URL, dropSchema, dumpTables, freshSchema, getJson, heads, indexUpTo, keepMining, tempDir } from "./harness";

/**
 * The seeded governance scenario on the real Governor, with the warp routes it governs (the ERA
 * route locking the very token it votes with), indexed on PGlite while the scenario runs (every
 * proposal's served state compared with `state()` at each block the indexer was seen at) and
 * then on PostgreSQL in both orderings: every proposal's served state, tally and quorum against
 * the Governor's views at the block the indexer is at, delegates against getVotes and
 * getPastVotes, timelock operations against getOperationState; the admin audit trail against an
 * independent getLogs scan and the contracts' views; the interchain proposal's trace against its
 * receipts and both rollups; a reorg that removes a vote.
 */

let network: Network;
let relayer: Relayer;
let era: EraToken;
let warp: WarpDeployment;
let eraTransfer: SentWarpTransfer;
let gov: GovernanceDeployment;
let scenario: GovernanceScenarioResult;
let target: Record<string, bigint>;
let manifestPath: string;
let indexer: Indexer;
let url: string;
/** What the live indexer served at each stage of the scenario, each at one indexed block. */
const samples: { block: bigint; states: Map<string, string> }[] = [];

const routersOn = (chain: string): Address[] => Object.values(warp.contracts).map((routes) => routes[chain]!.router);

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  era = await deployEraToken(chainNamed(network, "settlement"));
  warp = await deployWarpRoutes(network, { collateral: { ERA: era.address } });
  gov = await deployGovernance(network, { ownables: Object.fromEntries(network.chains.map((c) => [c.name, routersOn(c.name)])), token: era });
  manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify(governanceApp.manifest(warpApp.manifest(network.manifest, warp), gov)));
  indexer = await indexUpTo({ manifestPath, pgliteDir: tempDir("pglite") }, await heads(network));
  url = indexer.url;
  relayer = startRelayer(network, { seed: 5, minDelayMs: 50, maxDelayMs: 300 });
  const rollups = network.chains.filter((c) => c.name !== gov.chain).map((c) => c.name);
  scenario = await runGovernanceScenario(network, gov, {
    seed: 23,
    mailboxClients: Object.fromEntries(rollups.map((name) => [name, routersOn(name)])),
    // At each stage, what the live indexer serves once it has caught up.
    atEachStage: async () => {
      await indexer.waitForBlocks(await heads(network), 60_000);
      const { block, value } = await atOneBlock(url, proposalsAt(url));
      samples.push({ block, states: new Map(value.map((p) => [p.proposalId as string, p.state as string])) });
    },
  });
  // The interchain proposal's messages delivered on both rollups.
  const deadline = Date.now() + 30_000;
  for (const { chain, mailbox, ism } of scenario.expected.defaultIsms) {
    while (!isAddressEqual(await defaultIsmOf(chainNamed(network, chain), mailbox), ism)) {
      if (Date.now() > deadline) throw new Error(`${chain}'s default ISM is still not ${ism} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  // ERA out through its warp route, from an account that votes with it.
  eraTransfer = (await sendWarpTransfers(network, warp, [{ route: "ERA", origin: gov.chain, destination: rollups[0]!, amount: 5_000n * 10n ** 18n, sender: 7, deliver: true }]))[0]!;
  await relayer.stop();
  await mineEmpty(network, 5);
  target = await heads(network);
  await keepMining(network);
  await indexer.waitForBlocks(target, 180_000);
});

afterAll(async () => {
  await indexer?.stop();
  await relayer?.stop();
  await network?.stop();
});

const settlement = () => chainNamed(network, gov.chain);

/** The governor chain's indexed block, read on both sides of `read` so that the answer is at one block. */
async function atOneBlock<T>(at: string, read: () => Promise<T>): Promise<{ block: bigint; value: T }> {
  const indexedBlock = async () => {
    const { body } = await getJson(`${at}/api/chains`);
    return BigInt(body.items.find((c: any) => c.chainId === settlement().chainId).indexed.blockNumber);
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    const before = await indexedBlock();
    const value = await read();
    if ((await indexedBlock()) === before) return { block: before, value };
  }
  throw new Error("the indexer kept moving");
}

const proposalsAt = (at: string) => async () => (await getJson(`${at}/api/governance/proposals?limit=200`)).body.items as any[];

/** Every served proposal's state, tally and quorum against the Governor's views at the indexed block. */
async function expectProposalsAsTheGovernor(at: string) {
  const { block, value: items } = await atOneBlock(at, proposalsAt(at));
  const governor = governorTruth(settlement(), gov.governor);
  expect(items.map((p) => p.proposalId).sort()).toEqual(scenario.proposals.map((p) => p.id.toString()).sort());
  for (const p of items) {
    const id = BigInt(p.proposalId);
    expect(p.state).toBe(await governor.state(id, { blockNumber: block }));
    const tally = await governor.proposalVotes(id, { blockNumber: block });
    expect(p.tally).toMatchObject({ for: tally.forVotes.toString(), against: tally.againstVotes.toString(), abstain: tally.abstainVotes.toString() });
    if (BigInt(p.voteStart) < block) expect(p.quorum).toBe((await governor.quorum(BigInt(p.voteStart), { blockNumber: block })).toString());
  }
  // The scenario ends in every state but Expired; blocks mined while indexing may have moved Pending and Active on.
  expect(new Set(items.map((p) => p.state)).size).toBeGreaterThanOrEqual(4);
}

async function expectDelegatesAsTheToken(at: string) {
  const token = tokenTruth(settlement(), gov.token);
  const { block, value } = await atOneBlock(at, async () => (await getJson(`${at}/api/governance/delegates?limit=200`)).body.items as any[]);
  expect(value.length).toBeGreaterThan(0);
  for (const d of value) expect(d.votingPower).toBe((await token.getVotes(d.account as Address, { blockNumber: block })).toString());
  // At earlier blocks of the scenario: before the delegations, while they moved, and after.
  const created = scenario.proposals.map((p) => p.voteStart).sort((a, b) => (a < b ? -1 : 1));
  for (const past of [BigInt(era.startBlock), created[0]! - 3n, created[0]!, created.at(-1)!, block - 10n]) {
    const items = (await getJson(`${at}/api/governance/delegates?limit=200&at=${past}`)).body.items as any[];
    for (const d of items) expect(d.votingPower, `${d.account} at ${past}`).toBe((await token.getPastVotes(d.account as Address, past)).toString());
  }
}

async function expectTimelockAsTheTimelock(at: string) {
  const timelock = timelockTruth(settlement(), gov.timelock);
  const { block, value: items } = await atOneBlock(at, proposalsAt(at));
  const queued = items.filter((p) => p.timelockOperation !== null);
  expect(queued.length).toBeGreaterThanOrEqual(3);
  for (const p of queued) expect(p.timelockOperation.state).toBe(await timelock.getOperationState(p.timelockOperation.id, { blockNumber: block }));
}

describe("governance indexed on PGlite", () => {
  it("served each proposal's state as the Governor's state() at each stage of its life, live", async () => {
    const governor = governorTruth(settlement(), gov.governor);
    let compared = 0;
    for (const { block, states } of samples) {
      for (const [id, state] of states) {
        expect(state, `proposal ${id} at block ${block}`).toBe(await governor.state(BigInt(id), { blockNumber: block }));
        compared++;
      }
    }
    // Seen in more than one state of its life: a proposal the scenario carried through them.
    const lives = new Map<string, Set<string>>();
    for (const { states } of samples) for (const [id, state] of states) (lives.get(id) ?? lives.set(id, new Set()).get(id)!).add(state);
    console.log(`[governance] ${samples.length} stages sampled, ${compared} states compared, ${[...lives.values()].filter((l) => l.size > 1).length} proposals seen in several states`);
    expect(samples.length).toBe(5);
    // Proposed, voted on, decided, queued, executed: each executed proposal was seen Active, Succeeded, Queued and Executed.
    const executed = scenario.proposals.filter((p) => p.expected === "Executed");
    for (const p of executed) expect([...lives.get(p.id.toString())!]).toEqual(expect.arrayContaining(["Active", "Succeeded", "Queued", "Executed"]));
  });

  it("serves every proposal's state, tally and quorum as the Governor returns them at the indexed block", () => expectProposalsAsTheGovernor(url));

  it("serves each proposal by its decimal and its hex id, with its votes", async () => {
    const p = scenario.proposals.find((s) => s.expected === "Executed")!;
    const byDecimal = (await getJson(`${url}/api/governance/proposals/${p.id}`)).body;
    const byHex = (await getJson(`${url}/api/governance/proposals/${byDecimal.id}`)).body;
    expect(byHex.proposalId).toBe(p.id.toString());
    expect(byDecimal.votes.items.length).toBe(byDecimal.tally.voters);
    expect((await getJson(`${url}/api/governance/proposals/0x${"0".repeat(63)}1`)).status).toBe(404);
  });

  it("serves delegates' voting power as getVotes and getPastVotes return it, now and at earlier blocks", () => expectDelegatesAsTheToken(url));

  it("serves each queued proposal's timelock operation in the state getOperationState returns", () => expectTimelockAsTheTimelock(url));

  it("the ERA warp route locks the governed token: a transfer out moves its sender's voting power, and the router holds it without votes", async () => {
    const collateral = warp.contracts.ERA.settlement!;
    expect(isAddressEqual(collateral.token!, gov.token)).toBe(true);
    const token = tokenTruth(settlement(), gov.token);
    const sender = eraTransfer.sender.toLowerCase();
    const { body } = await getJson(`${url}/api/governance/accounts/${sender}`);
    const change = body.votingPowerHistory.find((h: any) => h.txHash === eraTransfer.txHash);
    expect(change).toMatchObject({
      previousVotes: (await token.getPastVotes(eraTransfer.sender, eraTransfer.blockNumber - 1n)).toString(),
      newVotes: (await token.getPastVotes(eraTransfer.sender, eraTransfer.blockNumber)).toString(),
    });
    expect(BigInt(change.previousVotes) - BigInt(change.newVotes)).toBe(eraTransfer.amountLocal);
    const liquidity = (await getJson(`${url}/api/liquidity/ERA`)).body;
    const locked = liquidity.chains.find((c: any) => c.name === gov.chain).locked.raw;
    expect(locked).toBe((await token.balanceOf(collateral.router, { blockNumber: target[gov.chain] })).toString());
    expect(BigInt(locked)).toBeGreaterThanOrEqual(eraTransfer.amountLocal);
    expect(await token.getVotes(collateral.router)).toBe(0n);
  });
});

describe("governance indexed on PostgreSQL, both orderings", () => {
  const schemas = { multichain: freshSchema("gm"), omnichain: freshSchema("go") };
  const indexers: Indexer[] = [];
  beforeAll(async () => {
    for (const ordering of ["multichain", "omnichain"] as const) {
      indexers.push(await indexUpTo({ manifestPath, databaseUrl: DATABASE_URL, schema: schemas[ordering], ordering }, target));
    }
  });
  afterAll(async () => {
    await Promise.all(indexers.map((i) => i.stop()));
    await Promise.all(Object.values(schemas).map(dropSchema));
  });

  it("serves the same ground truth: states, tallies, quorum, delegates, timelock operations", async () => {
    const at = indexers[0]!.url;
    await expectProposalsAsTheGovernor(at);
    await expectDelegatesAsTheToken(at);
    await expectTimelockAsTheTimelock(at);
  });

  it("multichain and omnichain give identical tables, whose audit trail is the one PGlite serves", async () => {
    await Promise.all(indexers.map((i) => i.waitForBlocks(target, 60_000)));
    const [multichain, omnichain] = await Promise.all([dumpTables(schemas.multichain), dumpTables(schemas.omnichain)]);
    expect(multichain.proposal?.length).toBe(scenario.proposals.length);
    expect(omnichain).toEqual(multichain);
    const trail = async (at: string) => (await getJson(`${at}/api/audit?limit=200`)).body.items;
    expect(await trail(indexers[0]!.url)).toEqual(await trail(url));
  });
});
// ─── the admin audit trail ──────────────────────────────────────────────────────────────────

const DISPATCH_ID = MailboxAbi.find((e) => e.type === "event" && e.name === "DispatchId")!;
const ADMIN_ABI = [...Erc1967Abi, ...OwnableAbi, ...MailboxAdminAbi, ...MailboxClientAdminAbi, ...AccessControlAbi] as const;
const ADMIN_TOPICS = new Set(ADMIN_ABI.map((e) => toEventSelector(e)));

/** Every contract the manifest names on `chain`, from the devnet's own records. */
function contractsOn(chain: DevChain): Address[] {
  const h = chain.hyperlane;
  const own = [h.mailbox, h.interchainGasPaymaster, h.merkleTreeHook, ...routersOn(chain.name), gov.interchainAccountRouters[chain.name]!.router];
  const settlement = chain.name === gov.chain ? [gov.governor, gov.token, gov.timelock, gov.proxy, gov.proxyAdmin, gov.gasOracle] : [];
  return [...own, ...settlement].map((a) => a.toLowerCase() as Address);
}

/** The new value each admin event states, read off its arguments. */
function statedValue(eventName: string, args: Record<string, unknown>): string | null {
  const value = {
    Upgraded: args.implementation,
    AdminChanged: args.newAdmin,
    BeaconUpgraded: args.beacon,
    OwnershipTransferred: args.newOwner,
    OwnershipTransferStarted: args.newOwner,
    DefaultIsmSet: args.module,
    DefaultHookSet: args.hook,
    RequiredHookSet: args.hook,
    HookSet: args._hook,
    IsmSet: args._ism,
    RoleGranted: args.account,
    RoleRevoked: null,
    RoleAdminChanged: args.newAdminRole,
  }[eventName];
  return value === null || value === undefined ? null : String(value).toLowerCase();
}

/** An independent scan: every admin log of the known contracts up to the indexed block, with its transaction's sender. */
async function adminLogs() {
  const rows: Record<string, unknown>[] = [];
  for (const chain of network.chains) {
    const logs = await chain.publicClient.getLogs({ address: contractsOn(chain), fromBlock: 0n, toBlock: target[chain.name] });
    const admin = parseEventLogs({ abi: ADMIN_ABI, logs: logs.filter((l) => ADMIN_TOPICS.has(l.topics[0]!)) });
    const senders = new Map<Hex, Address>();
    for (const hash of new Set(admin.map((l) => l.transactionHash))) senders.set(hash, (await chain.publicClient.getTransaction({ hash })).from.toLowerCase() as Address);
    for (const log of admin) {
      rows.push({
        chainId: chain.chainId,
        contract: log.address.toLowerCase(),
        kind: log.eventName,
        newValue: statedValue(log.eventName, log.args as Record<string, unknown>),
        txHash: log.transactionHash,
        blockNumber: log.blockNumber.toString(),
        logIndex: log.logIndex,
        from: senders.get(log.transactionHash),
      });
    }
  }
  return rows;
}

async function allChanges(query = "") {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await getJson(`${url}/api/audit?limit=50${query}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(status).toBe(200);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

const key = (r: any) => `${r.chainId ?? r.chain.chainId}:${r.txHash}:${r.logIndex}`;

describe("the admin audit trail", () => {
  it("is exactly the admin logs of every known contract, newest first, each with its sender", async () => {
    const served = await allChanges();
    const truth = await adminLogs();
    expect(served.map(key).sort()).toEqual(truth.map(key).sort());
    const byKey = new Map(served.map((r) => [key(r), r]));
    for (const t of truth) {
      const r = byKey.get(key(t))!;
      expect({ contract: r.contract, kind: r.kind, newValue: r.newValue, blockNumber: r.blockNumber, from: r.from }).toEqual({
        contract: t.contract,
        kind: t.kind,
        newValue: t.newValue,
        blockNumber: t.blockNumber,
        from: t.from,
      });
    }
    const order = served.map((r) => r.timestamp);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    // Every kind the devnet's contracts emit is among them, on more than one chain.
    expect([...new Set(served.map((r) => r.kind))]).toEqual(
      expect.arrayContaining(["Upgraded", "AdminChanged", "OwnershipTransferred", "DefaultIsmSet", "DefaultHookSet", "RequiredHookSet", "HookSet", "RoleGranted", "RoleRevoked"]),
    );
  });

  it("a change's old value is what the contract returned the block before", async () => {
    const served = await allChanges();
    const checked = { DefaultIsmSet: 0, HookSet: 0, Upgraded: 0 };
    for (const r of served) {
      if (r.oldValue === null || !(r.kind in checked)) continue;
      const chain = network.chains.find((c) => c.chainId === r.chain.chainId)!;
      const before = { blockNumber: BigInt(r.blockNumber) - 1n };
      const old =
        r.kind === "DefaultIsmSet" ? await defaultIsmOf(chain, r.contract, before) : r.kind === "HookSet" ? await hookOf(chain, r.contract, before) : await implementationOf(chain, r.contract, before);
      expect(r.oldValue, `${r.kind} on ${r.contract} at ${r.blockNumber}`).toBe(old.toLowerCase());
      checked[r.kind as keyof typeof checked]++;
    }
    expect(checked.DefaultIsmSet).toBeGreaterThanOrEqual(2);
    expect(checked.HookSet).toBeGreaterThanOrEqual(4);
    expect(checked.Upgraded).toBeGreaterThanOrEqual(1);
  });

  it("each contract's settings are what it returns now: owner, ERC-1967 implementation, default ISM, hook", async () => {
    const { body } = await getJson(`${url}/api/audit/contracts`);
    const settings = new Map<string, Record<string, any>>(body.items.map((i: any) => [`${i.chain.chainId}:${i.contract}`, i.settings]));
    let owners = 0;
    for (const chain of network.chains) {
      for (const contract of contractsOn(chain)) {
        const s = settings.get(`${chain.chainId}:${contract}`);
        if (s?.owner !== undefined) {
          expect(s.owner, `owner of ${contract} on ${chain.name}`).toBe((await ownerOf(chain, contract)).toLowerCase());
          owners++;
        }
      }
      expect(settings.get(`${chain.chainId}:${chain.hyperlane.mailbox.toLowerCase()}`)!.defaultIsm).toBe((await defaultIsmOf(chain, chain.hyperlane.mailbox)).toLowerCase());
      for (const router of routersOn(chain.name)) {
        expect(settings.get(`${chain.chainId}:${router.toLowerCase()}`)!.hook).toBe((await hookOf(chain, router)).toLowerCase());
      }
    }
    const settlement = chainNamed(network, gov.chain);
    expect(settings.get(`${settlement.chainId}:${gov.proxy.toLowerCase()}`)!.implementation).toBe((await implementationOf(settlement, gov.proxy)).toLowerCase());
    expect(owners).toBeGreaterThanOrEqual(network.chains.length * 3);
  });

  it("names the proposal behind each change: the execution on the settlement chain, the delivered message on a rollup", async () => {
    const served = await allChanges();
    const settlement = chainNamed(network, gov.chain);
    const executed = parseEventLogs({
      abi: GovernorAbi,
      eventName: "ProposalExecuted",
      logs: await settlement.publicClient.getLogs({ address: gov.governor, fromBlock: 0n, toBlock: target[gov.chain] }),
    });
    const proposalOfTx = new Map(executed.map((e) => [e.transactionHash, e.args.proposalId.toString()]));
    const upgrade = served.find((r) => r.kind === "Upgraded" && r.contract === gov.proxy.toLowerCase() && r.proposal !== null);
    expect(upgrade?.proposal.proposalId).toBe(proposalOfTx.get(upgrade?.txHash));
    for (const r of served) {
      if (r.chain.chainId === settlement.chainId) expect(r.proposal?.proposalId ?? null, key(r)).toBe(proposalOfTx.get(r.txHash) ?? null);
    }
    const remote = scenario.proposals.find((p) => p.name === "rollupDefaultIsm")!;
    const onRollups = served.filter((r) => r.kind === "DefaultIsmSet" && r.proposal !== null && r.chain.chainId !== settlement.chainId);
    expect(new Set(onRollups.map((r) => r.chain.name))).toEqual(new Set(scenario.expected.defaultIsms.map((d) => d.chain)));
    for (const r of onRollups) expect(r.proposal).toMatchObject({ proposalId: remote.id.toString(), via: "message" });
  });

  it("/api/chains counts each chain's admin changes, proposals and interchain accounts as the logs do", async () => {
    const truth = await adminLogs();
    const { body } = await getJson(`${url}/api/chains`);
    for (const chain of network.chains) {
      const served = body.items.find((c: any) => c.chainId === chain.chainId);
      expect(served.adminChanges, chain.name).toBe(truth.filter((t) => t.chainId === chain.chainId).length);
      const settlement = chain.name === gov.chain;
      expect(served.governance.proposals, chain.name).toBe(settlement ? scenario.proposals.length : 0);
      expect(served.governance.interchainAccounts, chain.name).toBe(scenario.expected.defaultIsms.some((d) => d.chain === chain.name) ? 1 : 0);
    }
  });

  it("filters by chain, contract and kind; search and /api/tx find the changes", async () => {
    const rollup = chainNamed(network, scenario.expected.defaultIsms[0]!.chain);
    const mailbox = rollup.hyperlane.mailbox.toLowerCase();
    const filtered = await allChanges(`&chain=${rollup.name}&contract=${mailbox}&kind=DefaultIsmSet`);
    const truth = (await adminLogs()).filter((t) => t.chainId === rollup.chainId && t.contract === mailbox && t.kind === "DefaultIsmSet");
    expect(filtered.map(key).sort()).toEqual(truth.map(key).sort());
    const search = (await getJson(`${url}/api/search?q=${mailbox}`)).body;
    expect(search.matches.find((m: any) => m.type === "account")?.href.audit).toBe(`/api/audit?contract=${mailbox}`);
    const tx = (await getJson(`${url}/api/tx/${filtered[0].txHash}`)).body;
    expect(tx.adminChanges.map(key)).toContain(key(filtered[0]));
    expect((await getJson(`${url}/api/audit?kind=Nope`)).status).toBe(400);
    expect((await getJson(`${url}/api/audit?kind=Nope`)).body.error.message).toMatch(/^kind/);
    expect((await getJson(`${url}/api/audit?contract=0x12`)).body.error.message).toMatch(/^contract/);
  });
});

// ─── the cross-chain trace ──────────────────────────────────────────────────────────────────

describe("a proposal traced across chains", () => {
  it("names exactly the messages of its execution, their deliveries and the changes on both rollups, as the chains say", async () => {
    const remote = scenario.proposals.find((p) => p.name === "rollupDefaultIsm")!;
    const settlement = chainNamed(network, gov.chain);
    const { body } = await getJson(`${url}/api/governance/proposals/${remote.id}`);
    const trace = body.trace;
    expect(trace.status).toBe("complete");
    const execution = parseEventLogs({
      abi: GovernorAbi,
      eventName: "ProposalExecuted",
      logs: await settlement.publicClient.getLogs({ address: gov.governor, fromBlock: 0n, toBlock: target[gov.chain] }),
    }).find((e) => e.args.proposalId === remote.id)!;
    expect(trace.execution.txHash).toBe(execution.transactionHash);
    const receipt = await settlement.publicClient.getTransactionReceipt({ hash: execution.transactionHash });
    const ids = parseEventLogs({ abi: MailboxAbi, eventName: "DispatchId", logs: receipt.logs.filter((l) => isAddressEqual(l.address, settlement.hyperlane.mailbox)) }).map(
      (e) => e.args.messageId,
    );
    expect(trace.messages.map((m: any) => m.id).sort()).toEqual([...ids].sort());
    expect(new Set(trace.messages.map((m: any) => m.destination.name))).toEqual(new Set(scenario.expected.defaultIsms.map((d) => d.chain)));
    for (const m of trace.messages) {
      const rollup = chainNamed(network, m.destination.name);
      const processed = parseEventLogs({
        abi: MailboxAbi,
        eventName: "ProcessId",
        logs: await rollup.publicClient.getLogs({ address: rollup.hyperlane.mailbox, fromBlock: 0n, toBlock: target[rollup.name] }),
      }).find((e) => e.args.messageId === m.id)!;
      expect(m.delivery.txHash).toBe(processed.transactionHash);
      expect(m.remoteCall.owner).toBe(gov.timelock.toLowerCase());
      expect(m.accountCreated?.account).toBe(gov.interchainAccounts[rollup.name]!.toLowerCase());
      // The calls carried: the Mailbox's default ISM and each router's hook.
      expect(m.calls.map((c: any) => c.summary.functionName)).toEqual(["setDefaultIsm", ...routersOn(rollup.name).map(() => "setHook")]);
      const changes = new Map<string, any>(m.changes.map((c: any) => [`${c.kind}:${c.contract}`, c]));
      expect(changes.get(`DefaultIsmSet:${rollup.hyperlane.mailbox.toLowerCase()}`).newValue).toBe((await defaultIsmOf(rollup, rollup.hyperlane.mailbox)).toLowerCase());
      for (const router of routersOn(rollup.name)) expect(changes.get(`HookSet:${router.toLowerCase()}`).newValue).toBe((await hookOf(rollup, router)).toLowerCase());
      expect(m.changes.every((c: any) => c.txHash === processed.transactionHash && c.proposal.proposalId === remote.id.toString())).toBe(true);
    }
  });

  it("is in GraphQL with its relations: proposal → votes, → execution → its messages → the changes their deliveries made; each change → its proposal", async () => {
    const remote = scenario.proposals.find((p) => p.name === "rollupDefaultIsm")!;
    const upgrade = scenario.proposals.find((p) => p.name === "upgradeProxy")!;
    const settlement = chainNamed(network, gov.chain);
    const governorLogs = await settlement.publicClient.getLogs({ address: gov.governor, fromBlock: 0n, toBlock: target[gov.chain] });
    const executed = parseEventLogs({ abi: GovernorAbi, eventName: "ProposalExecuted", logs: governorLogs });
    const votes = parseEventLogs({ abi: GovernorAbi, eventName: ["VoteCast", "VoteCastWithParams"], logs: governorLogs });
    const truth = await adminLogs();
    const gql = async (query: string) => {
      const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
      const body = (await response.json()) as any;
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data;
    };
    const changeFields = "kind contract txHash newValue execution { proposal { id } } delivery { id execution { proposal { id } } }";
    for (const p of [remote, upgrade]) {
      const id = `0x${p.id.toString(16).padStart(64, "0")}`;
      const { proposal } = await gql(
        `{ proposal(id: "${id}") { id votes { items { voter support weight } } execution { txHash proposal { id } messages(limit: 10) { items { id deliveryTxHash changes(limit: 20) { items { kind contract newValue } } } } remoteCalls(limit: 10) { items { owner } } changes(limit: 20) { items { kind contract newValue } } } } }`,
      );
      expect(proposal.votes.items.map((v: any) => [v.voter, v.support, v.weight]).sort()).toEqual(
        votes.filter((v) => v.args.proposalId === p.id).map((v) => [v.args.voter.toLowerCase(), v.args.support, v.args.weight.toString()]).sort(),
      );
      const execution = executed.find((e) => e.args.proposalId === p.id)!;
      expect(proposal.execution.txHash).toBe(execution.transactionHash);
      expect(proposal.execution.proposal.id).toBe(id);
      // The messages its execution dispatched, as the receipt's DispatchId logs say.
      const receipt = await settlement.publicClient.getTransactionReceipt({ hash: execution.transactionHash });
      const dispatched = parseEventLogs({ abi: MailboxAbi, eventName: "DispatchId", logs: receipt.logs.filter((l) => isAddressEqual(l.address, settlement.hyperlane.mailbox)) });
      expect(proposal.execution.messages.items.map((m: any) => m.id).sort()).toEqual(dispatched.map((e) => e.args.messageId).sort());
      expect(proposal.execution.remoteCalls.items.every((c: any) => c.owner.toLowerCase().endsWith(gov.timelock.slice(2).toLowerCase()))).toBe(true);
      expect(proposal.execution.remoteCalls.items).toHaveLength(dispatched.length);
      // The changes its own transaction made, and those each delivery made, as the chains' admin logs say; each back to this proposal.
      const changesIn = (txHash: string) => truth.filter((t) => t.txHash === txHash).map((t) => `${t.kind}:${t.contract}:${t.newValue}`).sort();
      const served = (items: any[]) => items.map((c) => `${c.kind}:${c.contract}:${c.newValue}`).sort();
      expect(served(proposal.execution.changes.items)).toEqual(changesIn(execution.transactionHash));
      for (const m of proposal.execution.messages.items) {
        expect(m.deliveryTxHash).not.toBeNull();
        expect(served(m.changes.items)).toEqual(changesIn(m.deliveryTxHash));
        expect(m.changes.items.length).toBeGreaterThan(0);
      }
    }
    // Every change: its execution is the proposal executed in its transaction, its delivery the
    // message processed in it, as the Governor's and the Mailboxes' logs say.
    const processed = new Map<string, string>();
    for (const chain of network.chains) {
      const logs = await chain.publicClient.getLogs({ address: chain.hyperlane.mailbox, fromBlock: 0n, toBlock: target[chain.name] });
      for (const e of parseEventLogs({ abi: MailboxAbi, eventName: "ProcessId", logs })) processed.set(e.transactionHash, e.args.messageId);
    }
    const { adminChanges } = await gql(
      "{ adminChanges(limit: 500) { totalCount items { txHash execution { proposal { id } } delivery { id execution { proposal { id } } } } } }",
    );
    expect([adminChanges.totalCount, adminChanges.items.length]).toEqual([truth.length, truth.length]);
    const hexId = (proposalId: bigint) => `0x${proposalId.toString(16).padStart(64, "0")}`;
    const executedIn = (txHash: string) => executed.find((x) => x.transactionHash === txHash)?.args.proposalId;
    for (const c of adminChanges.items) {
      const local = executedIn(c.txHash);
      expect(c.execution?.proposal.id ?? null).toBe(local === undefined ? null : hexId(local));
      const delivered = processed.get(c.txHash);
      expect(c.delivery?.id ?? null).toBe(delivered ?? null);
      // A delivery's proposal: the one executed in the transaction that dispatched the message.
      if (c.delivery) {
        const origin = await Promise.all(network.chains.map((chain) => chain.publicClient.getLogs({ address: chain.hyperlane.mailbox, event: DISPATCH_ID, args: { messageId: delivered as Hex }, fromBlock: 0n, toBlock: target[chain.name] })));
        const dispatchedBy = executedIn(origin.flat()[0]!.transactionHash);
        expect(c.delivery.execution?.proposal.id ?? null).toBe(dispatchedBy === undefined ? null : hexId(dispatchedBy));
      }
    }
    expect(adminChanges.items.filter((c: any) => c.delivery?.execution).length).toBeGreaterThan(0);
    expect(adminChanges.items.filter((c: any) => c.execution === null && c.delivery === null).length).toBeGreaterThan(0);
  });

  it("a local proposal's trace is its execution's own changes, and an unexecuted one has none", async () => {
    const upgrade = scenario.proposals.find((p) => p.name === "upgradeProxy")!;
    const { body } = await getJson(`${url}/api/governance/proposals/${upgrade.id}`);
    expect(body.trace.messages).toEqual([]);
    expect(body.trace.changes.map((c: any) => [c.kind, c.contract, c.newValue])).toContainEqual(["Upgraded", gov.proxy.toLowerCase(), scenario.expected.implementation.implementation.toLowerCase()]);
    const pending = scenario.proposals.find((p) => p.expected === "Pending")!;
    expect((await getJson(`${url}/api/governance/proposals/${pending.id}`)).body.trace.status).toBe("notExecuted");
  });
});

describe("a proposal whose message is not yet delivered", () => {
  it("is traced in progress, then complete once the relayer delivers it", async () => {
    const settlement = chainNamed(network, gov.chain);
    const { chain, mailbox } = scenario.expected.defaultIsms[0]!;
    const rollup = chainNamed(network, chain);
    const back = rollup.hyperlane.defaultIsm;
    const data = encodeFunctionData({ abi: governanceAbi.mailbox, functionName: "setDefaultIsm", args: [back] });
    const action = await remoteCallAction(settlement, rollup, gov.interchainAccountRouters, [{ to: mailbox, data }]);
    const p = await propose(settlement, gov, 2, [action], `Put ${chain}'s default ISM back (relayed late)`);
    await untilBlock(settlement, p.voteStart + 1n, "mine");
    await castVote(settlement, gov, p, { voter: 2, support: 1 });
    await untilBlock(settlement, p.voteEnd + 1n, "mine");
    await lifecycle(settlement, gov, p, "queue", DEPLOYER);
    await untilTimestamp(network, settlement, await etaOf(settlement, gov, p), "mine");
    const receipt = await lifecycle(settlement, gov, p, "execute", DEPLOYER);
    const [id] = parseEventLogs({ abi: MailboxAbi, eventName: "DispatchId", logs: receipt.logs.filter((l) => isAddressEqual(l.address, settlement.hyperlane.mailbox)) });
    await indexer.waitForBlocks({ [gov.chain]: receipt.blockNumber }, 60_000);
    const before = (await getJson(`${url}/api/governance/proposals/${p.id}`)).body.trace;
    expect(before).toMatchObject({ status: "inProgress", execution: { txHash: receipt.transactionHash } });
    expect(before.messages.map((m: any) => [m.id, m.delivery, m.changes])).toEqual([[id!.args.messageId, null, []]]);

    const late = startRelayer(network, { seed: 6, minDelayMs: 10, maxDelayMs: 50 });
    try {
      const deadline = Date.now() + 30_000;
      while (!isAddressEqual(await defaultIsmOf(rollup, mailbox), back)) {
        if (Date.now() > deadline) throw new Error(`${chain}'s default ISM is still not ${back} after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      await late.stop();
    }
    await indexer.waitForBlocks(await heads(network), 60_000);
    const after = (await getJson(`${url}/api/governance/proposals/${p.id}`)).body.trace;
    expect(after.status).toBe("complete");
    const processed = parseEventLogs({ abi: MailboxAbi, eventName: "ProcessId", logs: await rollup.publicClient.getLogs({ address: mailbox, fromBlock: 0n }) }).find(
      (e) => e.args.messageId === id!.args.messageId,
    )!;
    expect(after.messages[0].delivery.txHash).toBe(processed.transactionHash);
    expect(after.messages[0].changes.map((c: any) => [c.kind, c.newValue])).toEqual([["DefaultIsmSet", (await defaultIsmOf(rollup, mailbox)).toLowerCase()]]);
  });
});

describe("a reorg that removes a vote", () => {
  it("takes the vote out of the tally, the proposal's votes and the voter's record", async () => {
    const settlement = chainNamed(network, gov.chain);
    const voter = 3;
    const voterAddress = devnetAccount(voter).address.toLowerCase();
    const p = await propose(settlement, gov, 2, [{ target: gov.timelock, value: 0n, calldata: "0x" }], "A proposal whose only vote a reorg removes");
    await untilBlock(settlement, p.voteStart + 1n, "mine");
    await indexer.waitForBlocks(await heads(network), 60_000);
    const served = async () => (await getJson(`${url}/api/governance/proposals/${p.id}`)).body;
    const until = async (what: string, holds: (body: any) => boolean) => {
      const deadline = Date.now() + 120_000;
      for (let body = await served(); ; body = await served()) {
        if (holds(body)) return body;
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    };
    const governor = governorTruth(settlement, gov.governor);

    const snapshot = await settlement.testClient.snapshot();
    const cast = await castVote(settlement, gov, p, { voter, support: 0, reason: "a reorg removes this" });
    const voted = await until("the vote is served", (b) => b.votes.items.some((v: any) => v.voter === voterAddress));
    const tally = await governor.proposalVotes(p.id, { blockNumber: cast.blockNumber });
    expect(voted.tally).toMatchObject({ against: tally.againstVotes.toString(), voters: 1 });
    expect(tally.againstVotes).toBeGreaterThan(0n);

    // The vote's block is replaced by a longer chain without it.
    const seen = await settlement.publicClient.getBlockNumber();
    await settlement.testClient.revert({ id: snapshot });
    await settlement.testClient.mine({ blocks: Number(seen - (await settlement.publicClient.getBlockNumber())) + 3 });
    expect((await settlement.publicClient.getBlock({ blockNumber: cast.blockNumber })).transactions).not.toContain(cast.transactionHash);
    const after = await until("the vote is gone", (b) => b.votes.items.length === 0);
    expect(await governor.hasVoted(p.id, devnetAccount(voter).address)).toBe(false);
    expect(after.tally).toMatchObject({ for: "0", against: "0", abstain: "0", voters: 0 });
    const account = (await getJson(`${url}/api/governance/accounts/${voterAddress}`)).body;
    expect(account.votes.map((v: any) => v.txHash)).not.toContain(cast.transactionHash);
  });
});
