import { type Address, isAddressEqual, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailboxAdminAbi, MailboxClientAdminAbi } from "../../abis/Admin";
import { InterchainAccountRouterAbi } from "../../abis/InterchainAccountRouter";
import { decodeGasPayments } from "../../devnet/messaging";
import { type GovernanceDeployment, deployGovernance } from "../../devnet/governance/deploy";
import { type GovernanceScenarioResult, runGovernanceScenario } from "../../devnet/governance/scenario";
import { governanceTrafficSteps, type TrafficProposal } from "../../devnet/governance/traffic";
import { mulberry32 } from "../../devnet/random";
import { defaultIsmOf, governorTruth, hookOf, implementationOf, ownerOf } from "../../devnet/governance/truth";
import { chainNamed, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { type Relayer, startRelayer } from "../../devnet/relayer";
import { deployWarpRoutes, type WarpDeployment } from "../../devnet/warp";

/**
 * Governance on the devnet end to end: the timelock owns the settlement chain's warp routers
 * and, through its interchain accounts, the rollups' Mailboxes and routers; the seeded scenario
 * runs on the real Governor; the devnet relayer delivers its interchain-account messages.
 */

let network: Network;
let relayer: Relayer;
let warp: WarpDeployment;
let gov: GovernanceDeployment;
let scenario: GovernanceScenarioResult;
const deliveries: { origin: string; destination: string; id: string }[] = [];
const relayErrors: unknown[] = [];

const routersOn = (chain: string): Address[] => [warp.contracts.ERA[chain]!.router, warp.contracts.ETH[chain]!.router];

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  warp = await deployWarpRoutes(network);
  const rollups = network.chains.filter((c) => c.stack !== "settlement").map((c) => c.name);
  gov = await deployGovernance(network, { ownables: Object.fromEntries(network.chains.map((c) => [c.name, routersOn(c.name)])) });
  relayer = startRelayer(network, {
    seed: 5,
    minDelayMs: 50,
    maxDelayMs: 300,
    onDeliver: (d) => deliveries.push({ origin: d.origin, destination: d.destination, id: d.id }),
    onError: (error) => relayErrors.push(error),
  });
  scenario = await runGovernanceScenario(network, gov, {
    seed: 23,
    mailboxClients: Object.fromEntries(rollups.map((name) => [name, routersOn(name)])),
  });
  const deadline = Date.now() + 20_000;
  for (const { chain, mailbox, ism } of scenario.expected.defaultIsms) {
    while (!isAddressEqual(await defaultIsmOf(chainNamed(network, chain), mailbox), ism)) {
      if (Date.now() > deadline) throw new Error(`${chain}'s default ISM is still not ${ism} after 20 s; relay errors: ${relayErrors.map(String).join("; ")}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
});

afterAll(async () => {
  await relayer?.stop();
  await network?.stop();
});

describe("governance on the devnet", () => {
  it("every proposal is in the state the scenario says at its end block", async () => {
    const settlement = chainNamed(network, gov.chain);
    const governor = governorTruth(settlement, gov.governor);
    const states = await Promise.all(scenario.proposals.map((p) => governor.state(p.id, { blockNumber: scenario.endBlock })));
    expect(states).toEqual(scenario.proposals.map((p) => p.expected));
    expect(new Set(states)).toEqual(new Set(["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Executed"]));
  });

  it("the timelock owns the settlement chain's contracts, its interchain accounts the rollups'", async () => {
    for (const chain of network.chains) {
      const expectedOwner = chain.name === gov.chain ? gov.timelock : gov.interchainAccounts[chain.name]!;
      const owned = chain.name === gov.chain ? routersOn(chain.name) : [chain.hyperlane.mailbox, ...routersOn(chain.name)];
      for (const contract of owned) expect(await ownerOf(chain, contract), `${contract} on ${chain.name}`).toBe(expectedOwner);
    }
  });

  it("executed proposals changed the settlement chain: an ownership handed over, the proxy upgraded", async () => {
    const settlement = chainNamed(network, gov.chain);
    expect(await ownerOf(settlement, scenario.expected.ownership.contract)).toBe(scenario.expected.ownership.owner);
    expect(await implementationOf(settlement, gov.proxy)).toBe(scenario.expected.implementation.implementation);
    expect(scenario.expected.implementation.implementation).not.toBe(gov.implementations[0]);
  });

  it("the interchain account messages (one per rollup) were paid on the settlement IGP and delivered by the relayer", async () => {
    const settlement = chainNamed(network, gov.chain);
    expect(scenario.remoteCalls.map((r) => r.destination).sort()).toEqual(scenario.expected.defaultIsms.map((d) => d.chain).sort());
    expect(scenario.remoteCalls).toHaveLength(2);
    const logs = await settlement.publicClient.getLogs({ address: settlement.hyperlane.interchainGasPaymaster, fromBlock: BigInt(gov.startBlocks.governor) });
    for (const sent of scenario.remoteCalls) {
      const paid = decodeGasPayments(logs, settlement.hyperlane.interchainGasPaymaster).filter((p) => p.id === sent.messageId);
      expect(paid).toHaveLength(1);
      expect(paid[0]!.payment).toBeGreaterThan(0n);
      expect(deliveries).toContainEqual({ origin: gov.chain, destination: sent.destination, id: sent.messageId });
    }
  });

  it("on each rollup, the account was created where predicted and set the default ISM and the routers' hooks", async () => {
    for (const { chain, mailbox, ism } of scenario.expected.defaultIsms) {
      const rollup = chainNamed(network, chain);
      const router = gov.interchainAccountRouters[chain]!.router;
      const logs = await rollup.publicClient.getLogs({ fromBlock: BigInt(rollup.hyperlane.startBlock) });
      const created = parseEventLogs({ abi: InterchainAccountRouterAbi, eventName: "InterchainAccountCreated", logs: logs.filter((l) => isAddressEqual(l.address, router)) });
      expect(created.map((e) => e.args.account)).toEqual([gov.interchainAccounts[chain]]);
      const ismSet = parseEventLogs({ abi: MailboxAdminAbi, eventName: "DefaultIsmSet", logs: logs.filter((l) => isAddressEqual(l.address, mailbox)) });
      expect(ismSet.at(-1)?.args.module).toBe(ism);
      expect(ismSet.at(-1)?.transactionHash).toBe(created[0]!.transactionHash);
      for (const { client, hook } of scenario.expected.hooks.filter((h) => h.chain === chain)) {
        expect(await hookOf(rollup, client), client).toBe(hook);
        const hookSet = parseEventLogs({ abi: MailboxClientAdminAbi, eventName: "HookSet", logs: logs.filter((l) => isAddressEqual(l.address, client)) });
        // The first HookSet is the router's initialize (hook 0, the Mailbox default); the last is the account's call.
        expect(hookSet.at(-1)?.args._hook).toBe(hook);
        expect(hookSet.at(-1)?.transactionHash).toBe(created[0]!.transactionHash);
      }
    }
    expect(scenario.expected.hooks).toHaveLength(4);
  });

  it("the traffic steps run: each proposal step ends in the state state(id) reports", async () => {
    const settlement = chainNamed(network, gov.chain);
    const [transfer, delegate, proposal] = governanceTrafficSteps(network, gov, { advance: "mine" });
    const random = mulberry32(99);
    await transfer!(random);
    await delegate!(random);
    const outcomes = (await Promise.all([proposal!(random), proposal!(random)])) as TrafficProposal[];
    const governor = governorTruth(settlement, gov.governor);
    for (const { proposalId, outcome } of outcomes) expect(await governor.state(proposalId)).toBe(outcome);
    expect(outcomes.map((o) => o.outcome).every((o) => ["Canceled", "Defeated", "Executed"].includes(o))).toBe(true);
  });
});
