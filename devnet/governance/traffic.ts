import { type Address, encodeFunctionData, isAddressEqual, zeroAddress } from "viem";
import { DEPLOYER, devnetAccount, TRAFFIC_SENDERS } from "../accounts";
import { chainNamed, type Network } from "../network";
import { chance, pick, type Random, randomInt, shuffle } from "../random";
import type { TrafficStep } from "../traffic";
import { transact } from "../transact";
import { governanceAbi } from "./abi";
import { type GovernanceDeployment, settlementChainOf } from "./deploy";
import { remoteCallAction } from "./ica";
import { type Advance, castVote, etaOf, lifecycle, type ProposalAction, propose, untilBlock, untilTimestamp, type VoteSpec } from "./proposals";
import { defaultIsmOf, governorTruth, implementationOf, tokenTruth } from "./truth";

/**
 * Governance in `npm start`'s traffic: ERA transfers and delegations that move voting power,
 * and whole proposals (propose, vote, queue, execute) that flip harmless switches: the proxy
 * between its two implementations, a rollup's default ISM between two TestIsms (both accept
 * every message, so deliveries go on). Outcomes are random; tests use runGovernanceScenario.
 */

const ERA = 10n ** 18n;
/** Proposals in flight at once, at most: each lives for tens of blocks. */
const MAX_LIVE_PROPOSALS = 2;

/** What a proposal step did; the other steps return their transaction's receipt. */
export type TrafficProposal = { proposalId: bigint; what: string; outcome: "Canceled" | "Defeated" | "Executed" };

export type GovernanceTrafficOptions = { advance?: Advance; onProposal?: (line: string) => void };

export function governanceTrafficSteps(network: Network, gov: GovernanceDeployment, options: GovernanceTrafficOptions = {}): TrafficStep[] {
  const settlement = settlementChainOf(network);
  const advance = options.advance ?? "wait";
  const tokenCall = (from: number, data: `0x${string}`) => transact(settlement, from, { to: gov.token, data });
  let live = 0;
  let count = 0;

  const transfer: TrafficStep = (random) => {
    const [from, to] = shuffle(random, TRAFFIC_SENDERS);
    const amount = BigInt(randomInt(random, 1, 1_000)) * ERA;
    return tokenCall(from!, encodeFunctionData({ abi: governanceAbi.token, functionName: "transfer", args: [devnetAccount(to!).address, amount] }));
  };

  const delegate: TrafficStep = (random) => {
    const from = pick(random, TRAFFIC_SENDERS);
    // Mostly to oneself, as most holders do; sometimes to another holder.
    const to = chance(random, 0.6) ? from : pick(random, TRAFFIC_SENDERS);
    return tokenCall(from, encodeFunctionData({ abi: governanceAbi.token, functionName: "delegate", args: [devnetAccount(to).address] }));
  };

  /** The Mailbox's default ISM of one rollup, through its interchain account, flipped between two TestIsms. */
  const flipIsm = async (name: string): Promise<{ action: ProposalAction; what: string }> => {
    const rollup = chainNamed(network, name);
    const current = await defaultIsmOf(rollup, rollup.hyperlane.mailbox);
    const next: Address = isAddressEqual(current, rollup.hyperlane.defaultIsm) ? gov.spareIsms[rollup.name]! : rollup.hyperlane.defaultIsm;
    const data = encodeFunctionData({ abi: governanceAbi.mailbox, functionName: "setDefaultIsm", args: [next] });
    const remote = await remoteCallAction(settlement, rollup, gov.interchainAccountRouters, [{ to: rollup.hyperlane.mailbox, data }]);
    return { action: { target: remote.target, value: remote.value, calldata: remote.calldata }, what: `${rollup.name}'s default ISM to ${next}` };
  };

  /** What a proposal does: the proxy's implementation, or the default ISM of one rollup or two (a proposal traced to both). */
  const flipActions = async (random: Random): Promise<{ actions: ProposalAction[]; what: string }> => {
    const rollups = Object.keys(gov.interchainAccounts).sort();
    if (rollups.length > 0 && chance(random, 0.5)) {
      const flips = await Promise.all(shuffle(random, rollups).slice(0, chance(random, 0.5) ? 2 : 1).map(flipIsm));
      return { actions: flips.map((f) => f.action), what: flips.map((f) => f.what).join(" and ") };
    }
    const [v1, v2] = gov.implementations;
    const next = isAddressEqual(await implementationOf(settlement, gov.proxy), v1) ? v2 : v1;
    const calldata = encodeFunctionData({ abi: governanceAbi.proxyAdmin, functionName: "upgradeAndCall", args: [gov.proxy, next, "0x"] });
    return { actions: [{ target: gov.proxyAdmin, value: 0n, calldata }], what: `the proxy to ${next}` };
  };

  const drawVotes = (random: Random): VoteSpec[] =>
    shuffle(random, TRAFFIC_SENDERS)
      .slice(0, randomInt(random, 1, 4))
      .map((voter) => {
        const roll = random();
        const support = roll < 0.6 ? 1 : roll < 0.85 ? 0 : 2;
        return { voter, support, ...(chance(random, 0.5) ? { reason: `traffic vote ${randomInt(random, 1, 9999)}` } : {}) } as VoteSpec;
      });

  const proposal: TrafficStep = async (random): Promise<TrafficProposal | unknown> => {
    if (live >= MAX_LIVE_PROPOSALS) return transfer(random);
    live++;
    try {
      const { actions, what } = await flipActions(random);
      const votes = drawVotes(random);
      // A holder who never delegated has no votes: voters delegate to themselves before the snapshot.
      const token = tokenTruth(settlement, gov.token);
      for (const { voter } of votes) {
        const self = devnetAccount(voter).address;
        if (isAddressEqual(await token.delegates(self), zeroAddress)) {
          await tokenCall(voter, encodeFunctionData({ abi: governanceAbi.token, functionName: "delegate", args: [self] }));
        }
      }
      const cancelEarly = chance(random, 0.2);
      const proposer = pick(random, TRAFFIC_SENDERS);
      const submitted = await propose(settlement, gov, proposer, actions, `Traffic proposal ${++count}: set ${what}`);
      const outcome = (state: TrafficProposal["outcome"]): TrafficProposal => {
        options.onProposal?.(`proposal ${submitted.id} (${what}): ${state}`);
        return { proposalId: submitted.id, what, outcome: state };
      };
      if (cancelEarly) {
        await lifecycle(settlement, gov, submitted, "cancel", proposer);
        return outcome("Canceled");
      }
      await untilBlock(settlement, submitted.voteStart, advance);
      // A vote that lands after the deadline (slow blocks) reverts; the proposal goes on without it.
      for (const vote of votes) await castVote(settlement, gov, submitted, vote).catch(() => undefined);
      // state() at the deadline block itself still says Active.
      await untilBlock(settlement, submitted.voteEnd + 1n, advance);
      if ((await governorTruth(settlement, gov.governor).state(submitted.id)) !== "Succeeded") return outcome("Defeated");
      await lifecycle(settlement, gov, submitted, "queue", DEPLOYER);
      await untilTimestamp(network, settlement, await etaOf(settlement, gov, submitted), advance);
      await lifecycle(settlement, gov, submitted, "execute", DEPLOYER);
      return outcome("Executed");
    } finally {
      live--;
    }
  };

  return [transfer, delegate, proposal];
}
