import { writeFileSync } from "node:fs";
import type { Address } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { governanceApp } from "../../devnet/governance/app";
import { type GovernanceDeployment, deployGovernance } from "../../devnet/governance/deploy";
import { type GovernanceScenarioResult, runGovernanceScenario } from "../../devnet/governance/scenario";
import { governorTruth, timelockTruth, tokenTruth } from "../../devnet/governance/truth";
import type { Indexer } from "../../devnet/indexer";
import { chainNamed, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { type Relayer, startRelayer } from "../../devnet/relayer";
import { mineEmpty } from "../../devnet/scenario";
import { getJson, heads, indexUpTo, keepMining, tempDir } from "./harness";

/**
 * The seeded governance scenario on the real Governor, indexed on PGlite: every proposal's
 * served state, tally and quorum against the Governor's views at the block the indexer is at,
 * delegates against getVotes, timelock operations against getOperationState.
 */

let network: Network;
let relayer: Relayer;
let gov: GovernanceDeployment;
let scenario: GovernanceScenarioResult;
let indexer: Indexer;
let url: string;

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  gov = await deployGovernance(network);
  relayer = startRelayer(network, { seed: 5, minDelayMs: 50, maxDelayMs: 300 });
  scenario = await runGovernanceScenario(network, gov, { seed: 23 });
  await mineEmpty(network, 5);
  const target = await heads(network);
  await keepMining(network);
  const manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify(governanceApp.manifest(network.manifest, gov)));
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
    // The scenario's proposals end in every state the Governor has but Expired.
    expect(new Set(items.map((p) => p.state)).size).toBeGreaterThanOrEqual(6);
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
