import { type Address, type EncodeFunctionDataParameters, encodeFunctionData, type Hex, toHex } from "viem";
import type { ProposalState } from "../../src/governance/state";
import { DEPLOYER, devnetAccount } from "../accounts";
import { decodeDispatches } from "../messaging";
import { chainNamed, type DevChain, type Network } from "../network";
import { mulberry32, pick, type Random, randomInt, shuffle } from "../random";
import { transact } from "../transact";
import { governanceAbi } from "./abi";
import { type GovernanceDeployment, settlementChainOf } from "./deploy";
import { remoteCallAction, type RemoteCall } from "./ica";
import {
  type Advance,
  castVote,
  etaOf,
  lifecycle,
  type ProposalAction,
  propose,
  type SubmittedProposal,
  untilBlock,
  untilTimestamp,
  type VoteSpec,
} from "./proposals";

/**
 * A seeded governance story on the devnet, with proposals ending in every state an
 * OpenZeppelin 5 Governor with a timelock can be in (Expired cannot happen: the timelock has no
 * grace period), and what each must end as. The voting power is set up first so that each
 * outcome holds by a wide margin:
 *
 *   account 2: 1M own + 1M delegated by account 4 = 2M      account 3: 1M
 *   account 5: 1M own + what account 8 still holds (0.5M–1M) after a seeded transfer to 9
 *   account 6: 0.1M (sent 0.9M to account 7)                 account 7: 1.9M
 *   quorum: 4% of the 18M supply = 0.72M
 */

export const SCENARIO_PROPOSALS = [
  "transferOwnership",
  "upgradeProxy",
  "rollupDefaultIsm",
  "settlementExtra",
  "defeatedByVotes",
  "defeatedByQuorum",
  "succeeded",
  "queued",
  "canceled",
  "active",
  "pending",
] as const;
export type ScenarioProposalName = (typeof SCENARIO_PROPOSALS)[number];

export type ScenarioProposal = SubmittedProposal & {
  name: ScenarioProposalName;
  /** The state `state(id)` returns at the scenario's end block. */
  expected: ProposalState;
  defeatedBy?: "quorum" | "votes";
  votes: VoteSpec[];
};

export type GovernanceScenarioOptions = {
  seed: number;
  /** "mine" (tests: no waiting) or "wait" (a devnet that mines by itself). */
  advance?: Advance;
  /** Settlement-chain calls for the timelock to make in one more executed proposal (e.g. a SystemConfig change). */
  extraActions?: ProposalAction[];
  /** Hyperlane routers on rollups (owned by the timelock's account there) whose hook a proposal sets to the rollup's IGP. */
  mailboxClients?: Record<string, readonly Address[]>;
  onProgress?: (line: string) => void;
  /** Awaited at each stage of the proposals' lives (proposed, voting, voteEnd, queued, executed): a test reads the indexer there. */
  atEachStage?: (stage: ScenarioStage) => Promise<void>;
};

export type ScenarioStage = "proposed" | "voting" | "voteEnd" | "queued" | "executed";

export type RemoteCallSent = { destination: string; messageId: Hex; calls: RemoteCall[] };

export type GovernanceScenarioResult = {
  proposals: ScenarioProposal[];
  /** The settlement block at which every proposal's `expected` state holds. */
  endBlock: bigint;
  /** Dispatched by the executed proposals: the relayer must deliver them for the rollup changes to land. */
  remoteCalls: RemoteCallSent[];
  expected: {
    ownership: { contract: Address; owner: Address };
    implementation: { proxy: Address; implementation: Address };
    /** The rollups the interchain proposal acts on (two, when there are), each Mailbox's default ISM after it */
    defaultIsms: { chain: string; mailbox: Address; ism: Address }[];
    hooks: { chain: string; client: Address; hook: Address }[];
  };
};

const ERA = 10n ** 18n;
const PROPOSER = 2;
const REASONS = ["ship it", "the risk is understood", "as discussed on the forum", "keeps the bridge safe", "no objection"];
const AGAINST_REASONS = ["too early", "needs an audit first", "the timing is wrong"];

const call = <T extends keyof typeof governanceAbi>(
  contract: T,
  target: Address,
  functionName: string,
  args: readonly unknown[],
): ProposalAction => ({
  target,
  value: 0n,
  calldata: encodeFunctionData({ abi: governanceAbi[contract], functionName, args } as EncodeFunctionDataParameters),
});

/** Delegations and transfers that put the voting power where the header says. */
async function moveVotingPower(network: Network, gov: GovernanceDeployment, random: Random): Promise<void> {
  const settlement = settlementChainOf(network);
  const address = (index: number) => devnetAccount(index).address;
  const tokenCall = (from: number, functionName: "delegate" | "transfer", args: readonly unknown[]) =>
    transact(settlement, from, { to: gov.token, data: encodeFunctionData({ abi: governanceAbi.token, functionName, args } as EncodeFunctionDataParameters) });
  await tokenCall(6, "transfer", [address(7), 900_000n * ERA]);
  await Promise.all([
    tokenCall(2, "delegate", [address(2)]),
    tokenCall(3, "delegate", [address(3)]),
    tokenCall(4, "delegate", [address(2)]),
    tokenCall(5, "delegate", [address(5)]),
    tokenCall(6, "delegate", [address(6)]),
    tokenCall(7, "delegate", [address(7)]),
    (async () => {
      // A change of delegate: DelegateChanged from 3 to 5, and power moving between them.
      await tokenCall(8, "delegate", [address(3)]);
      await tokenCall(8, "delegate", [address(5)]);
      await tokenCall(8, "transfer", [address(9), BigInt(randomInt(random, 1, 500_000)) * ERA]);
    })(),
  ]);
}

export async function runGovernanceScenario(network: Network, gov: GovernanceDeployment, options: GovernanceScenarioOptions): Promise<GovernanceScenarioResult> {
  const random = mulberry32(options.seed);
  const advance = options.advance ?? "mine";
  const progress = options.onProgress ?? (() => undefined);
  const stage = options.atEachStage ?? (async () => undefined);
  const settlement = settlementChainOf(network);
  // Two rollups (or the one there is): one proposal's effects traced to both.
  const rollupNames = shuffle(random, Object.keys(gov.interchainAccounts).sort()).slice(0, 2);
  const reason = () => pick(random, REASONS);
  const againstReason = () => pick(random, AGAINST_REASONS);
  const tag = `(scenario ${options.seed})`;

  progress("governance: delegating and moving ERA…");
  await moveVotingPower(network, gov, random);

  // What the executed proposals do.
  const newOwner = devnetAccount(DEPLOYER).address;
  const [v1, v2] = gov.implementations;
  const remoteCallsTo = (rollupName: string): RemoteCall[] => {
    const rollup = chainNamed(network, rollupName);
    return [
      { to: rollup.hyperlane.mailbox, data: encodeFunctionData({ abi: governanceAbi.mailbox, functionName: "setDefaultIsm", args: [gov.spareIsms[rollupName]!] }) },
      ...(options.mailboxClients?.[rollupName] ?? []).map((client) => ({
        to: client,
        data: encodeFunctionData({ abi: governanceAbi.mailboxClient, functionName: "setHook", args: [rollup.hyperlane.interchainGasPaymaster] }),
      })),
    ];
  };
  const remotes = await Promise.all(
    rollupNames.map((name) => remoteCallAction(settlement, chainNamed(network, name), gov.interchainAccountRouters, remoteCallsTo(name))),
  );

  type Plan = { name: ScenarioProposalName; actions: ProposalAction[]; description: string; votes: VoteSpec[]; expected: ProposalState; defeatedBy?: "quorum" | "votes" };
  const plans: Plan[] = [
    {
      name: "transferOwnership",
      actions: [call("ownable", gov.gasOracle, "transferOwnership", [newOwner])],
      description: `Hand the gas oracle back to operations ${tag}`,
      votes: [
        { voter: 2, support: 1, reason: reason() },
        { voter: 3, support: 0 },
        { voter: 5, support: 2, reason: "abstaining, conflict of interest", params: toHex("fractional:none") },
      ],
      expected: "Executed",
    },
    {
      name: "upgradeProxy",
      actions: [
        call("proxyAdmin", gov.proxyAdmin, "upgradeAndCall", [gov.proxy, v2, "0x"]),
        // Quorum for the proposals made after it (QuorumNumeratorUpdated, checkpointed in the clock).
        call("governor", gov.governor, "updateQuorumNumerator", [BigInt(gov.settings.quorumPercent + 1)]),
      ],
      description: `Upgrade the governed proxy to v2 and raise the quorum by a point ${tag}`,
      votes: [
        { voter: 7, support: 1, reason: reason() },
        { voter: 3, support: 0, reason: againstReason() },
      ],
      expected: "Executed",
    },
    {
      name: "rollupDefaultIsm",
      actions: remotes,
      description: `Set the default ISM of ${rollupNames.join(" and ")} through the interchain accounts ${tag}`,
      votes: [{ voter: 5, support: 1, reason: reason(), params: "0x01" }],
      expected: "Executed",
    },
    ...(options.extraActions?.length
      ? [
          {
            name: "settlementExtra" as const,
            actions: options.extraActions,
            description: `Settlement chain changes ${tag}`,
            votes: [{ voter: 2, support: 1 as const, reason: reason() }],
            expected: "Executed" as const,
          },
        ]
      : []),
    {
      name: "defeatedByVotes",
      actions: [call("proxyAdmin", gov.proxyAdmin, "upgradeAndCall", [gov.proxy, v1, "0x"])],
      description: `Roll the governed proxy back to v1 ${tag}`,
      votes: [
        { voter: 2, support: 1 },
        { voter: 3, support: 0, reason: againstReason() },
        { voter: 7, support: 0 },
      ],
      expected: "Defeated",
      defeatedBy: "votes",
    },
    {
      name: "defeatedByQuorum",
      actions: [call("ownable", gov.gasOracle, "transferOwnership", [devnetAccount(9).address])],
      description: `Give the gas oracle to account 9 ${tag}`,
      votes: [{ voter: 6, support: 1, reason: reason() }],
      expected: "Defeated",
      defeatedBy: "quorum",
    },
    {
      name: "succeeded",
      actions: [call("governor", gov.governor, "setVotingPeriod", [gov.settings.votingPeriodBlocks * 2])],
      description: `Double the voting period ${tag}`,
      votes: [{ voter: 7, support: 1 }],
      expected: "Succeeded",
    },
    {
      // A timelock self-call: unlike the Governor's own settings, it may also be executed on the timelock directly.
      name: "queued",
      actions: [call("timelock", gov.timelock, "updateDelay", [BigInt(gov.settings.timelockMinDelaySeconds * 2)])],
      description: `Double the timelock delay ${tag}`,
      votes: [{ voter: 2, support: 1, reason: reason() }],
      expected: "Queued",
    },
  ];

  const submitted: ScenarioProposal[] = [];
  const submit = async (plan: Plan) => {
    const proposal = await propose(settlement, gov, PROPOSER, plan.actions, plan.description);
    const entry: ScenarioProposal = { ...proposal, ...plan };
    submitted.push(entry);
    return entry;
  };

  progress("governance: proposing…");
  // Cancelled at once, while Pending: only then may its proposer cancel it.
  const canceled = await submit({
    name: "canceled",
    actions: [call("ownable", gov.gasOracle, "transferOwnership", [devnetAccount(8).address])],
    description: `Give the gas oracle to account 8 ${tag}`,
    votes: [],
    expected: "Canceled",
  });
  await lifecycle(settlement, gov, canceled, "cancel", PROPOSER);
  const main: ScenarioProposal[] = [];
  for (const plan of plans) main.push(await submit(plan));
  await stage("proposed");

  progress("governance: voting…");
  await untilBlock(settlement, max(main.map((p) => p.voteStart)), advance);
  await castAll(settlement, gov, main);
  await stage("voting");

  await untilBlock(settlement, max(main.map((p) => p.voteEnd)), advance);
  await stage("voteEnd");
  const toQueue = main.filter((p) => p.expected === "Executed" || p.expected === "Queued");
  for (const proposal of toQueue) await lifecycle(settlement, gov, proposal, "queue", DEPLOYER);
  await stage("queued");
  const toExecute = main.filter((p) => p.expected === "Executed");
  const etas = await Promise.all(toExecute.map((p) => etaOf(settlement, gov, p)));
  await untilTimestamp(network, settlement, max(etas), advance);

  progress("governance: executing…");
  const sent: RemoteCallSent[] = [];
  for (const proposal of toExecute) {
    const receipt = await lifecycle(settlement, gov, proposal, "execute", DEPLOYER);
    for (const dispatched of decodeDispatches(receipt.logs, settlement.hyperlane.mailbox)) {
      const destination = network.chains.find((c) => c.domainId === dispatched.destinationDomain)!.name;
      sent.push({ destination, messageId: dispatched.id, calls: remoteCallsTo(destination) });
    }
  }
  await stage("executed");

  // Left open: one still being voted on, one not yet open.
  const active = await submit({
    name: "active",
    actions: [call("governor", gov.governor, "setProposalThreshold", [1n])],
    description: `Require one ERA to propose ${tag}`,
    votes: [{ voter: 3, support: 2, reason: "abstain until the forum thread closes" }],
    expected: "Active",
  });
  await untilBlock(settlement, active.voteStart, advance);
  await castAll(settlement, gov, [active]);
  await submit({
    name: "pending",
    actions: [call("governor", gov.governor, "setVotingDelay", [gov.settings.votingDelayBlocks + 1])],
    description: `Lengthen the voting delay ${tag}`,
    votes: [],
    expected: "Pending",
  });
  const endBlock = await settlement.publicClient.getBlockNumber();
  progress(`governance: ${submitted.length} proposals by block ${endBlock}, ${sent.length} interchain account messages sent`);

  return {
    proposals: submitted,
    endBlock,
    remoteCalls: sent,
    expected: {
      ownership: { contract: gov.gasOracle, owner: newOwner },
      implementation: { proxy: gov.proxy, implementation: v2 },
      defaultIsms: rollupNames.map((name) => ({ chain: name, mailbox: chainNamed(network, name).hyperlane.mailbox, ism: gov.spareIsms[name]! })),
      hooks: rollupNames.flatMap((name) =>
        (options.mailboxClients?.[name] ?? []).map((client) => ({ chain: name, client, hook: chainNamed(network, name).hyperlane.interchainGasPaymaster })),
      ),
    },
  };
}

const max = (values: readonly bigint[]) => values.reduce((a, b) => (b > a ? b : a), 0n);

/** Each voter's votes in proposal order, voters concurrently (each has its own nonce queue). */
async function castAll(chain: DevChain, gov: GovernanceDeployment, proposals: readonly ScenarioProposal[]): Promise<void> {
  const byVoter = new Map<number, { proposal: ScenarioProposal; vote: VoteSpec }[]>();
  for (const proposal of proposals) {
    for (const vote of proposal.votes) byVoter.set(vote.voter, [...(byVoter.get(vote.voter) ?? []), { proposal, vote }]);
  }
  await Promise.all(
    [...byVoter.values()].map(async (votes) => {
      for (const { proposal, vote } of votes) await castVote(chain, gov, proposal, vote);
    }),
  );
}
