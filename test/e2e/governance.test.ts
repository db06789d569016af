import { writeFileSync } from "node:fs";
import { type Address, encodeFunctionData, type Hex, isAddressEqual, parseEventLogs, toEventSelector } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessControlAbi, Erc1967Abi, MailboxAdminAbi, MailboxClientAdminAbi, OwnableAbi } from "../../abis/Admin";
import { GovernorAbi } from "../../abis/Governor";
import { MailboxAbi } from "../../abis/Mailbox";
import { DEPLOYER } from "../../devnet/accounts";
import { governanceAbi } from "../../devnet/governance/abi";
import { governanceApp } from "../../devnet/governance/app";
import { remoteCallAction } from "../../devnet/governance/ica";
import { castVote, etaOf, lifecycle, propose, untilBlock, untilTimestamp } from "../../devnet/governance/proposals";
import { type GovernanceDeployment, deployGovernance } from "../../devnet/governance/deploy";
import { type GovernanceScenarioResult, runGovernanceScenario } from "../../devnet/governance/scenario";
import { defaultIsmOf, governorTruth, hookOf, implementationOf, ownerOf, timelockTruth, tokenTruth } from "../../devnet/governance/truth";
import type { Indexer } from "../../devnet/indexer";
import { chainNamed, type DevChain, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { type Relayer, startRelayer } from "../../devnet/relayer";
import { mineEmpty } from "../../devnet/scenario";
import { deployWarpRoutes, type WarpDeployment, warpApp } from "../../devnet/warp";
import { getJson, heads, indexUpTo, keepMining, tempDir } from "./harness";

/**
 * The seeded governance scenario on the real Governor, with the warp routes it governs, indexed
 * on PGlite: every proposal's served state, tally and quorum against the Governor's views at the
 * block the indexer is at, delegates against getVotes, timelock operations against
 * getOperationState; the admin audit trail against an independent getLogs scan and the
 * contracts' views; the interchain proposal's trace against its receipts and both rollups.
 */

let network: Network;
let relayer: Relayer;
let warp: WarpDeployment;
let gov: GovernanceDeployment;
let scenario: GovernanceScenarioResult;
let target: Record<string, bigint>;
let indexer: Indexer;
let url: string;

const routersOn = (chain: string): Address[] => Object.values(warp.contracts).map((routes) => routes[chain]!.router);

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  warp = await deployWarpRoutes(network);
  gov = await deployGovernance(network, { ownables: Object.fromEntries(network.chains.map((c) => [c.name, routersOn(c.name)])) });
  relayer = startRelayer(network, { seed: 5, minDelayMs: 50, maxDelayMs: 300 });
  const rollups = network.chains.filter((c) => c.name !== gov.chain).map((c) => c.name);
  scenario = await runGovernanceScenario(network, gov, { seed: 23, mailboxClients: Object.fromEntries(rollups.map((name) => [name, routersOn(name)])) });
  // The interchain proposal's messages delivered on both rollups.
  const deadline = Date.now() + 30_000;
  for (const { chain, mailbox, ism } of scenario.expected.defaultIsms) {
    while (!isAddressEqual(await defaultIsmOf(chainNamed(network, chain), mailbox), ism)) {
      if (Date.now() > deadline) throw new Error(`${chain}'s default ISM is still not ${ism} after 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await relayer.stop();
  await mineEmpty(network, 5);
  target = await heads(network);
  await keepMining(network);
  const manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify(governanceApp.manifest(warpApp.manifest(network.manifest, warp), gov)));
  indexer = await indexUpTo({ manifestPath, pgliteDir: tempDir("pglite") }, target);
  url = indexer.url;
});

afterAll(async () => {
  await indexer?.stop();
  await relayer?.stop();
  await network?.stop();
});

const settlement = () => chainNamed(network, gov.chain);

/** The governor chain's indexed block, read on both sides of `read` so that the answer is at one block. */
async function atOneBlock<T>(read: () => Promise<T>): Promise<{ block: bigint; value: T }> {
  const indexedBlock = async () => {
    const { body } = await getJson(`${url}/api/chains`);
    return BigInt(body.items.find((c: any) => c.chainId === settlement().chainId).indexed.blockNumber);
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    const before = await indexedBlock();
    const value = await read();
    if ((await indexedBlock()) === before) return { block: before, value };
  }
  throw new Error("the indexer kept moving");
}

describe("governance indexed on PGlite", () => {
  it("serves every proposal's state, tally and quorum as the Governor returns them at the indexed block", async () => {
    const { block, value: items } = await atOneBlock(async () => (await getJson(`${url}/api/governance/proposals?limit=200`)).body.items as any[]);
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
  });

  it("serves each proposal by its decimal and its hex id, with its votes", async () => {
    const p = scenario.proposals.find((s) => s.expected === "Executed")!;
    const byDecimal = (await getJson(`${url}/api/governance/proposals/${p.id}`)).body;
    const byHex = (await getJson(`${url}/api/governance/proposals/${byDecimal.id}`)).body;
    expect(byHex.proposalId).toBe(p.id.toString());
    expect(byDecimal.votes.items.length).toBe(byDecimal.tally.voters);
    expect((await getJson(`${url}/api/governance/proposals/0x${"0".repeat(63)}1`)).status).toBe(404);
  });

  it("serves delegates' voting power as getVotes and getPastVotes return it", async () => {
    const token = tokenTruth(settlement(), gov.token);
    const { block, value } = await atOneBlock(async () => (await getJson(`${url}/api/governance/delegates?limit=200`)).body.items as any[]);
    expect(value.length).toBeGreaterThan(0);
    for (const d of value) expect(d.votingPower).toBe((await token.getVotes(d.account as Address, { blockNumber: block })).toString());
    const at = block - 10n;
    const past = (await getJson(`${url}/api/governance/delegates?limit=200&at=${at}`)).body.items as any[];
    for (const d of past) expect(d.votingPower).toBe((await token.getPastVotes(d.account as Address, at)).toString());
  });

  it("serves each queued proposal's timelock operation in the state getOperationState returns", async () => {
    const timelock = timelockTruth(settlement(), gov.timelock);
    const { block, value: items } = await atOneBlock(async () => (await getJson(`${url}/api/governance/proposals?limit=200`)).body.items as any[]);
    const queued = items.filter((p) => p.timelockOperation !== null);
    expect(queued.length).toBeGreaterThanOrEqual(3);
    for (const p of queued) expect(p.timelockOperation.state).toBe(await timelock.getOperationState(p.timelockOperation.id, { blockNumber: block }));
  });
});

// ─── the admin audit trail ──────────────────────────────────────────────────────────────────

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
