import { type Address, encodeFunctionData, type Hex, pad, parseAbi, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GovernorAbi } from "../abis/Governor";
import { TimelockControllerAbi } from "../abis/TimelockController";
import { devnetAccount } from "../devnet/accounts";
import { type GovernanceDeployment, deployGovernance } from "../devnet/governance/deploy";
import { timelockSalt, untilTimestamp } from "../devnet/governance/proposals";
import { type GovernanceScenarioResult, runGovernanceScenario, type ScenarioProposal } from "../devnet/governance/scenario";
import { governorTruth, timelockTruth, tokenTruth } from "../devnet/governance/truth";
import { type DevChain, freshChainIdOffset, type Network, startNetwork } from "../devnet/network";
import { transact } from "../devnet/transact";
import { summarizeCall } from "../src/governance/calldata";
import { operationState, type ProposalFacts, type ProposalState, proposalState } from "../src/governance/state";
import { addVote, defeatReason, emptyTally, quorumOf, voteSupport } from "../src/governance/tally";

/**
 * proposalState against the real Governor: every block of every scenario proposal's life, the
 * facts gathered the way an indexer gets them (the logs, the block's clock and time, the quorum
 * from the token's past supply), the answer from `state(id)` at that block.
 */

let network: Network;
let settlement: DevChain;
let gov: GovernanceDeployment;
let scenario: GovernanceScenarioResult;
/** The "queued" proposal, executed afterwards on the timelock directly (anyone may execute). */
let executedOnTimelockAt: bigint;

beforeAll(async () => {
  network = await startNetwork({
    chainIdOffset: freshChainIdOffset(),
    chains: [
      { name: "settlement", chainId: 900, domainId: 900, stack: "settlement" },
      { name: "opchain", chainId: 901, domainId: 901, stack: "opstack", settlesOn: "settlement" },
    ],
  });
  settlement = network.chains[0]!;
  gov = await deployGovernance(network);
  // A treasury for the extra settlement-chain action to spend from (account 9 never delegates).
  await transact(settlement, 9, { to: gov.token, data: encodeFunctionData({ abi: erc20, functionName: "transfer", args: [gov.timelock, TREASURY] }) });
  const extraActions = [{ target: gov.token, value: 0n, calldata: encodeFunctionData({ abi: erc20, functionName: "transfer", args: [devnetAccount(8).address, GRANT] }) }];
  scenario = await runGovernanceScenario(network, gov, { seed: 11, extraActions });
  const queued = proposalNamed("queued");
  const eta = await governorTruth(settlement, gov.governor).proposalEta(queued.id);
  await untilTimestamp(network, settlement, eta, "mine");
  const predecessor = pad("0x00", { size: 32 });
  const executeBatch = parseAbi(["function executeBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) payable"]);
  const receipt = await transact(settlement, 9, {
    to: gov.timelock,
    data: encodeFunctionData({
      abi: executeBatch,
      functionName: "executeBatch",
      args: [queued.actions.map((a) => a.target), queued.actions.map((a) => a.value), queued.actions.map((a) => a.calldata), predecessor, timelockSalt(gov.governor, queued.descriptionHash)],
    }),
  });
  executedOnTimelockAt = receipt.blockNumber;
});

afterAll(() => network?.stop());

const erc20 = parseAbi(["function transfer(address to, uint256 value) returns (bool)"]);
const TREASURY = 10n * 10n ** 18n;
const GRANT = 3n * 10n ** 18n;

function proposalNamed(name: ScenarioProposal["name"]): ScenarioProposal {
  const proposal = scenario.proposals.find((p) => p.name === name);
  if (!proposal) throw new Error(`the scenario has no ${name} proposal`);
  return proposal;
}

/** The facts at block `at` from an independent log scan, as an indexer would hold them. */
async function factsAt(proposal: ScenarioProposal, at: bigint, logs: Awaited<ReturnType<typeof scan>>): Promise<ProposalFacts> {
  const upTo = <T extends { blockNumber: bigint }>(items: T[]) => items.filter((item) => item.blockNumber <= at);
  const mine = <T extends { args: { proposalId: bigint } }>(items: T[]) => items.filter((item) => item.args.proposalId === proposal.id);
  let tally = emptyTally();
  for (const vote of mine(upTo(logs.votes))) tally = addVote(tally, vote.args.support, vote.args.weight);
  const queued = mine(upTo(logs.queued))[0];
  const operation = upTo(logs.timelock).filter((log) => "id" in log.args && log.args.id === proposal.timelockOperationId);
  const scheduled = operation.find((log) => log.eventName === "CallScheduled");
  const block = await settlement.publicClient.getBlock({ blockNumber: at });
  const readyAt = operation.some((log) => log.eventName === "CallExecuted")
    ? 1n
    : operation.some((log) => log.eventName === "Cancelled") || !scheduled || scheduled.eventName !== "CallScheduled"
      ? 0n
      : logs.timestamps.get(scheduled.blockNumber)! + scheduled.args.delay;
  const pastSupply = at > proposal.voteStart ? await tokenTruth(settlement, gov.token).getPastTotalSupply(proposal.voteStart, { blockNumber: at }) : 0n;
  // The numerator a proposal made after the quorum-raising execution is counted against is the raised one.
  const numerator = at > proposal.voteStart ? await governorTruth(settlement, gov.governor).quorumNumerator(proposal.voteStart, { blockNumber: at }) : 0n;
  return {
    clock: at,
    voteStart: proposal.voteStart,
    voteEnd: proposal.voteEnd,
    tally,
    quorum: quorumOf(pastSupply, numerator),
    etaSeconds: queued?.args.etaSeconds ?? 0n,
    executed: mine(upTo(logs.executed)).length > 0,
    canceled: mine(upTo(logs.canceled)).length > 0,
    timelockOperation: operationState(readyAt, block.timestamp),
  };
}

async function scan(toBlock: bigint) {
  const raw = await settlement.publicClient.getLogs({ address: [gov.governor, gov.timelock], fromBlock: BigInt(gov.startBlocks.timelock), toBlock });
  const governorLogs = parseEventLogs({ abi: GovernorAbi, logs: raw.filter((l) => l.address.toLowerCase() === gov.governor.toLowerCase()) });
  const timelock = parseEventLogs({ abi: TimelockControllerAbi, logs: raw.filter((l) => l.address.toLowerCase() === gov.timelock.toLowerCase()) });
  const timestamps = new Map<bigint, bigint>();
  for (const log of timelock) {
    if (!timestamps.has(log.blockNumber)) timestamps.set(log.blockNumber, (await settlement.publicClient.getBlock({ blockNumber: log.blockNumber })).timestamp);
  }
  const only = <N extends (typeof governorLogs)[number]["eventName"]>(...names: N[]) =>
    governorLogs.filter((log): log is Extract<(typeof governorLogs)[number], { eventName: N }> => (names as string[]).includes(log.eventName));
  return {
    votes: only("VoteCast", "VoteCastWithParams"),
    queued: only("ProposalQueued"),
    executed: only("ProposalExecuted"),
    canceled: only("ProposalCanceled"),
    timelock,
    timestamps,
  };
}

describe("proposalState equals the real Governor's state(id)", () => {
  it("at every block of every scenario proposal's life, through each state but Expired", async () => {
    const end = await settlement.publicClient.getBlockNumber();
    const logs = await scan(end);
    const governor = governorTruth(settlement, gov.governor);
    const seen = new Set<ProposalState>();
    let compared = 0;
    for (const proposal of scenario.proposals) {
      for (let at = proposal.blockNumber; at <= end; at++) {
        const facts = await factsAt(proposal, at, logs);
        const real = await governor.state(proposal.id, { blockNumber: at });
        expect(proposalState(facts), `${proposal.name} at block ${at}`).toBe(real);
        seen.add(real);
        compared++;
      }
    }
    expect([...seen].sort()).toEqual(["Active", "Canceled", "Defeated", "Executed", "Pending", "Queued", "Succeeded"]);
    expect(compared).toBeGreaterThan(scenario.proposals.length * 10);
  });

  it("the tally summed from VoteCast logs equals proposalVotes(id), and the quorum equals quorum(snapshot)", async () => {
    const logs = await scan(scenario.endBlock);
    const governor = governorTruth(settlement, gov.governor);
    for (const proposal of scenario.proposals.filter((p) => p.expected !== "Pending")) {
      const facts = await factsAt(proposal, scenario.endBlock, logs);
      expect(facts.tally, proposal.name).toEqual(await governor.proposalVotes(proposal.id, { blockNumber: scenario.endBlock }));
      expect(facts.quorum, proposal.name).toBe(await governor.quorum(proposal.voteStart, { blockNumber: scenario.endBlock }));
    }
  });

  it("derives the timelock operation's state as getOperationState(id) does", async () => {
    const end = await settlement.publicClient.getBlockNumber();
    const logs = await scan(end);
    const timelock = timelockTruth(settlement, gov.timelock);
    for (const proposal of scenario.proposals) {
      for (const at of [proposal.blockNumber, scenario.endBlock, end]) {
        const facts = await factsAt(proposal, at, logs);
        expect(facts.timelockOperation, `${proposal.name} at ${at}`).toBe(await timelock.getOperationState(proposal.timelockOperationId, { blockNumber: at }));
      }
    }
  });

  it("a proposal executed on the timelock directly, with no ProposalExecuted, is Executed", async () => {
    const queued = proposalNamed("queued");
    const logs = await scan(executedOnTimelockAt);
    const facts = await factsAt(queued, executedOnTimelockAt, logs);
    expect(facts.executed).toBe(false);
    expect(facts.timelockOperation).toBe("Done");
    expect(proposalState(facts)).toBe("Executed");
    expect(await governorTruth(settlement, gov.governor).state(queued.id, { blockNumber: executedOnTimelockAt })).toBe("Executed");
  });

  it("the extra settlement-chain actions ran in their own executed proposal", async () => {
    expect(proposalNamed("settlementExtra").expected).toBe("Executed");
    expect(await tokenTruth(settlement, gov.token).balanceOf(gov.timelock)).toBe(TREASURY - GRANT);
  });

  it("every proposal ended as the scenario said, Defeated ones for the reason it said", async () => {
    const logs = await scan(scenario.endBlock);
    const governor = governorTruth(settlement, gov.governor);
    for (const proposal of scenario.proposals) {
      expect(await governor.state(proposal.id, { blockNumber: scenario.endBlock }), proposal.name).toBe(proposal.expected);
      if (proposal.defeatedBy) {
        const facts = await factsAt(proposal, scenario.endBlock, logs);
        expect(defeatReason(facts.tally, facts.quorum), proposal.name).toBe(proposal.defeatedBy);
      }
    }
  });
});

describe("proposalState on hand-built facts (paths the devnet cannot reach)", () => {
  const base: ProposalFacts = {
    clock: 200n,
    voteStart: 100n,
    voteEnd: 150n,
    tally: { againstVotes: 0n, forVotes: 10n, abstainVotes: 0n },
    quorum: 10n,
    etaSeconds: 5_000n,
    executed: false,
    canceled: false,
    timelockOperation: "Waiting",
  };

  it("a queued operation cancelled on the timelock (Unset) makes the proposal Canceled", () => {
    expect(proposalState({ ...base, timelockOperation: "Unset" })).toBe("Canceled");
    expect(proposalState({ ...base, timelockOperation: "Ready" })).toBe("Queued");
  });

  it("a tie is Defeated; abstentions count towards the quorum, not the result", () => {
    const tie = { ...base, etaSeconds: 0n, tally: { againstVotes: 10n, forVotes: 10n, abstainVotes: 0n } };
    expect(proposalState(tie)).toBe("Defeated");
    const abstainReachesQuorum = { ...base, etaSeconds: 0n, tally: { againstVotes: 0n, forVotes: 1n, abstainVotes: 9n } };
    expect(proposalState(abstainReachesQuorum)).toBe("Succeeded");
    expect(proposalState({ ...abstainReachesQuorum, quorum: 11n })).toBe("Defeated");
    expect(defeatReason(abstainReachesQuorum.tally, 11n)).toBe("quorum");
  });

  it("the snapshot and deadline blocks themselves are still Pending and Active", () => {
    expect(proposalState({ ...base, clock: 100n })).toBe("Pending");
    expect(proposalState({ ...base, clock: 101n })).toBe("Active");
    expect(proposalState({ ...base, clock: 150n })).toBe("Active");
  });

  it("executed and canceled flags win over the clock, as Governor.state() tests them first", () => {
    expect(proposalState({ ...base, clock: 50n, canceled: true })).toBe("Canceled");
    expect(proposalState({ ...base, executed: true, canceled: true })).toBe("Executed");
  });

  it("rejects a proposal with no snapshot and a support out of range", () => {
    expect(() => proposalState({ ...base, voteStart: 0n })).toThrow(/GovernorNonexistentProposal/);
    expect(() => voteSupport(3)).toThrow(/0 against, 1 for, 2 abstain/);
  });
});

describe("summarizeCall on calldata built with viem", () => {
  const target: Address = "0x1111111111111111111111111111111111111111";
  const other: Address = "0x2222222222222222222222222222222222222222";
  const abi = parseAbi([
    "function transferOwnership(address newOwner)",
    "function upgradeToAndCall(address newImplementation, bytes data)",
    "function upgradeAndCall(address proxy, address implementation, bytes data)",
    "function setDefaultIsm(address _module)",
    "function setHook(address _hook)",
    "function setGasLimit(uint64 _gasLimit)",
    "function setBatcherHash(bytes32 _batcherHash)",
    "function callRemote(uint32 _destination, (bytes32 to, uint256 value, bytes data)[] _calls)",
    "function callRemote(uint32 _destination, (bytes32 to, uint256 value, bytes data)[] _calls, bytes _hookMetadata)",
    "function mystery(uint256 x)",
  ]);

  it("names a known function and its arguments", () => {
    const summary = summarizeCall(target, encodeFunctionData({ abi, functionName: "transferOwnership", args: [other] }));
    expect(summary).toMatchObject({ kind: "known", signature: "transferOwnership(address)", args: { newOwner: other } });
    expect(summary.text).toBe(`transferOwnership(newOwner: ${other}) on ${target}`);
  });

  it("reads proxy upgrades (UUPS and ProxyAdmin), Mailbox and router setters, SystemConfig changes", () => {
    const cases: [Hex, string, Record<string, unknown>][] = [
      [encodeFunctionData({ abi, functionName: "upgradeToAndCall", args: [other, "0x"] }), "upgradeToAndCall(address,bytes)", { newImplementation: other, data: "0x" }],
      [encodeFunctionData({ abi, functionName: "upgradeAndCall", args: [target, other, "0xabcd"] }), "upgradeAndCall(address,address,bytes)", { proxy: target, implementation: other, data: "0xabcd" }],
      [encodeFunctionData({ abi, functionName: "setDefaultIsm", args: [other] }), "setDefaultIsm(address)", { _module: other }],
      [encodeFunctionData({ abi, functionName: "setHook", args: [other] }), "setHook(address)", { _hook: other }],
      [encodeFunctionData({ abi, functionName: "setGasLimit", args: [30_000_000n] }), "setGasLimit(uint64)", { _gasLimit: 30_000_000n }],
      [encodeFunctionData({ abi, functionName: "setBatcherHash", args: [pad(other, { size: 32 })] }), "setBatcherHash(bytes32)", { _batcherHash: pad(other, { size: 32 }) }],
    ];
    for (const [calldata, signature, args] of cases) {
      expect(summarizeCall(target, calldata), signature).toMatchObject({ kind: "known", signature, args });
    }
  });

  it("opens an interchain account call and summarises each remote call", () => {
    const inner = encodeFunctionData({ abi, functionName: "setDefaultIsm", args: [other] });
    const unknown = encodeFunctionData({ abi, functionName: "mystery", args: [7n] });
    for (const calldata of [
      encodeFunctionData({ abi, functionName: "callRemote", args: [901, [{ to: pad(target, { size: 32 }), value: 0n, data: inner }, { to: pad(other, { size: 32 }), value: 5n, data: unknown }]] }),
      encodeFunctionData({ abi, functionName: "callRemote", args: [901, [{ to: pad(target, { size: 32 }), value: 0n, data: inner }, { to: pad(other, { size: 32 }), value: 5n, data: unknown }], "0x0001"] }),
    ]) {
      const summary = summarizeCall(other, calldata);
      if (summary.kind !== "known") throw new Error("callRemote was not recognised");
      expect(summary.remote?.destinationDomain).toBe(901);
      expect(summary.remote?.calls.map((c) => [c.to, c.value, c.call.kind])).toEqual([
        [target, 0n, "known"],
        [other, 5n, "raw"],
      ]);
      expect(summary.text).toContain(`setDefaultIsm(_module: ${other}) on ${target}`);
    }
  });

  it("keeps unknown selectors, short calldata and undecodable arguments raw", () => {
    const unknown = encodeFunctionData({ abi, functionName: "mystery", args: [1n] });
    expect(summarizeCall(target, unknown)).toMatchObject({ kind: "raw", selector: unknown.slice(0, 10), calldata: unknown });
    expect(summarizeCall(target, "0x")).toMatchObject({ kind: "raw", selector: null });
    expect(summarizeCall(target, "0x12")).toMatchObject({ kind: "raw", selector: null });
    const truncated = encodeFunctionData({ abi, functionName: "transferOwnership", args: [other] }).slice(0, 20) as Hex;
    expect(summarizeCall(target, truncated)).toMatchObject({ kind: "raw" });
  });

  it("summarises every action of the scenario's executed proposals as a known call", () => {
    for (const proposal of scenario.proposals.filter((p) => p.expected === "Executed")) {
      for (const action of proposal.actions) expect(summarizeCall(action.target, action.calldata).kind, proposal.name).toBe("known");
    }
    const remote = proposalNamed("rollupDefaultIsm").actions[0]!;
    const summary = summarizeCall(remote.target, remote.calldata);
    expect(summary.kind === "known" && summary.remote?.calls[0]?.call).toMatchObject({ functionName: "setDefaultIsm", target: network.chains[1]!.hyperlane.mailbox });
  });
});
