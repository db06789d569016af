/**
 * Why a message is not delivered: pure reasoning over facts gathered elsewhere (the indexed rows,
 * and for the full check the chains' answers, see chainReads.ts). The checks run in a fixed
 * order, the order in which each would stop a delivery: the destination first (is it a chain of
 * the network, is it indexed, is the index past the dispatch), then payment, then the recipient
 * (as a relayer simulates it), then the payment against the IGP's quote, and last only time.
 * The reason is that of the first check that fails; a check the chains did not answer makes it
 * `chain_unreachable`. Without the chains' answers (lists) the recipient and quote checks are
 * left out, so a list's `in_flight` or `not_relayed` may be refined by the full check.
 */

export const REASONS = [
  "unknown_destination",
  "destination_not_indexed",
  "destination_lagging",
  "no_gas_paid",
  "chain_unreachable",
  "recipient_not_contract",
  "recipient_reverts",
  "underpaid",
  "in_flight",
  "not_relayed",
] as const;
export type Reason = (typeof REASONS)[number];

/** The reasons derived from indexed rows alone: what lists and the route matrix give, and filter by. */
export const ROW_REASONS = [
  "unknown_destination",
  "destination_not_indexed",
  "destination_lagging",
  "no_gas_paid",
  "in_flight",
  "not_relayed",
] as const satisfies readonly Reason[];

/** The checks, in the order they run. */
export const CHECKS = [
  "destination_known",
  "destination_indexed",
  "destination_caught_up",
  "gas_paid",
  "recipient_contract",
  "recipient_ism",
  "recipient_handles",
  "gas_covers_quote",
  "within_route_latency",
] as const;

/** A chain's answer, or that it did not answer. */
export type Answer<T> = { ok: true; value: T } | { ok: false; error: string };

export type Block = { blockNumber: number; timestamp: number };

/** The indexed facts of one pending message and its route. */
export type RowFacts = {
  status: "pending" | "delivered";
  originDomain: number | null;
  origin: string | null;
  destinationDomain: number | null;
  /** The destination chain in the manifest; null when no chain of it has the domain */
  destination: { name: string; chainId: number; mailbox: `0x${string}` | null; indexed: Block | null } | null;
  dispatch: Block | null;
  gas: { payments: number; gasAmount: bigint; paid: bigint };
  /** The route's p99 delivery latency, seconds (over its delivered messages); null when none */
  p99: number | null;
  /** unix seconds */
  now: number;
};

/** What the chains said, for the full check (null: not asked, since an earlier fact made it moot). */
export type ChainFacts = {
  head: Answer<Block>;
  /** The destination Mailbox's delivered(id) at the head */
  delivered: Answer<boolean>;
  /** The recipient's code at the head; null when the recipient is a bytes32 that is no address */
  code: Answer<`0x${string}`> | null;
  /** recipientIsm(recipient) at the destination Mailbox, and its default ISM */
  ism: Answer<{ ism: `0x${string}`; defaultIsm: `0x${string}` }>;
  /** handle(origin, sender, body) called from the Mailbox at the head */
  handle: Answer<{ reverted: false; gas: bigint } | { reverted: true; reason: string }> | null;
  /** The origin IGP's quote, at the dispatch block, for the gas handle needs plus its overhead */
  quote: Answer<Quote> | null;
};

export type Quote = {
  interchainGasPaymaster: `0x${string}`;
  gasOracle: `0x${string}`;
  tokenExchangeRate: bigint;
  gasPrice: bigint;
  gasOverhead: bigint;
  /** handle's gas + the overhead: what a delivery needs */
  gasNeeded: bigint;
  quote: bigint;
  /** The block the IGP was read at: the dispatch block, or "latest" when the RPC keeps no older state */
  atBlock: number | "latest";
};

export type Check = { check: (typeof CHECKS)[number]; ok: boolean | null; detail: string; evidence: Record<string, unknown> };
export type Diagnosis = { reason: Reason | null; summary: string; checks: Check[] };

type Step = Check & { reason?: Reason };

const wei = (n: bigint) => `${n} wei`;

/** The checks of a pending message, in order, each with the reason it gives when it fails. */
function steps(f: RowFacts, chain: ChainFacts | undefined): Step[] {
  const out: Step[] = [];
  const dest = f.destination;
  const destName = dest?.name ?? `domain ${f.destinationDomain}`;

  out.push({
    check: "destination_known",
    ok: dest !== null,
    reason: "unknown_destination",
    detail: dest ? `domain ${f.destinationDomain} is ${dest.name}` : `domain ${f.destinationDomain} is no chain of the network manifest`,
    evidence: { destinationDomain: f.destinationDomain, chain: dest && { name: dest.name, chainId: dest.chainId } },
  });
  if (!dest) return out;

  const indexed = dest.mailbox !== null && dest.indexed !== null;
  out.push({
    check: "destination_indexed",
    ok: indexed,
    reason: "destination_not_indexed",
    detail: dest.mailbox === null ? `no Mailbox of ${dest.name} is in the manifest: its deliveries are not indexed` : dest.indexed === null ? `indexing of ${dest.name} has not started` : `${dest.name}'s Mailbox ${dest.mailbox} is indexed`,
    evidence: { mailbox: dest.mailbox, indexed: dest.indexed },
  });
  if (!indexed) return out;

  const behind = f.dispatch !== null && dest.indexed!.timestamp < f.dispatch.timestamp;
  // A quiet chain with no block since the dispatch has nothing unread: not a lag.
  const headRead = chain?.head.ok ? chain.head.value : null;
  const quiet = headRead !== null && headRead.blockNumber <= dest.indexed!.blockNumber;
  const deliveredOnChain = chain?.delivered.ok ? chain.delivered.value : null;
  const lagging = (behind && !quiet) || deliveredOnChain === true;
  out.push({
    check: "destination_caught_up",
    ok: !lagging,
    reason: "destination_lagging",
    detail:
      deliveredOnChain === true
        ? `${dest.name}'s Mailbox says delivered at block ${headRead?.blockNumber}; the indexer, at block ${dest.indexed!.blockNumber}, has not read the delivery yet`
        : lagging
          ? `${dest.name} is indexed up to block ${dest.indexed!.blockNumber} (time ${dest.indexed!.timestamp}), older than the dispatch (time ${f.dispatch!.timestamp}): the indexer lags, not the relayer`
          : `${dest.name} is indexed up to block ${dest.indexed!.blockNumber}${behind ? ", its head" : ", past the dispatch"}`,
    evidence: {
      indexed: dest.indexed,
      dispatch: f.dispatch,
      ...(chain && { head: chain.head.ok ? chain.head.value : { error: chain.head.error }, deliveredOnChain: chain.delivered.ok ? chain.delivered.value : { error: chain.delivered.error } }),
    },
  });

  const { payments, paid, gasAmount } = f.gas;
  out.push({
    check: "gas_paid",
    ok: payments > 0,
    reason: "no_gas_paid",
    detail: payments > 0 ? `${payments} payment${payments > 1 ? "s" : ""} on ${f.origin}: ${wei(paid)} for ${gasAmount} gas` : `no gas payment for it on ${f.origin ?? "its origin"}`,
    evidence: { payments, paid: String(paid), gasAmount: String(gasAmount) },
  });

  if (chain) out.push(...chainSteps(f, chain, destName));

  const age = f.dispatch ? f.now - f.dispatch.timestamp : null;
  const young = age !== null && f.p99 !== null && age <= f.p99;
  out.push({
    check: "within_route_latency",
    ok: young,
    reason: "not_relayed",
    detail:
      f.p99 === null
        ? `nothing on ${f.origin} → ${destName} was delivered yet: no latency to wait for`
        : `${age} s since dispatch; ${f.origin} → ${destName} delivers within ${f.p99} s (p99)`,
    evidence: { ageSeconds: age, routeP99Seconds: f.p99 },
  });
  return out;
}

const unanswered = (check: Check["check"], chainName: string, answer: { ok: false; error: string }): Step => ({
  check,
  ok: null,
  reason: "chain_unreachable",
  detail: `${chainName}'s RPC did not answer: ${answer.error}`,
  evidence: { chain: chainName, error: answer.error },
});

/** The checks that need the chains: the recipient as the destination Mailbox sees it, and the quote. */
function chainSteps(f: RowFacts, c: ChainFacts, destName: string): Step[] {
  const out: Step[] = [];
  if (c.code === null) {
    return [{ check: "recipient_contract", ok: false, reason: "recipient_not_contract", detail: "the recipient is a bytes32 that is no EVM address", evidence: {} }];
  }
  if (!c.code.ok) return [unanswered("recipient_contract", destName, c.code)];
  const hasCode = c.code.value !== "0x";
  out.push({
    check: "recipient_contract",
    ok: hasCode,
    reason: "recipient_not_contract",
    detail: hasCode ? `the recipient has ${(c.code.value.length - 2) / 2} bytes of code on ${destName}` : `the recipient has no code on ${destName}`,
    evidence: { codeBytes: (c.code.value.length - 2) / 2 },
  });
  out.push(
    c.ism.ok
      ? {
          check: "recipient_ism",
          ok: true,
          detail: `the destination Mailbox verifies it with ${c.ism.value.ism === c.ism.value.defaultIsm ? "its default ISM" : "the recipient's own ISM"} ${c.ism.value.ism}`,
          evidence: { ism: c.ism.value.ism, defaultIsm: c.ism.value.defaultIsm, isDefault: c.ism.value.ism === c.ism.value.defaultIsm },
        }
      : unanswered("recipient_ism", destName, c.ism),
  );
  if (!hasCode || c.handle === null) return out;
  if (!c.handle.ok) return [...out, unanswered("recipient_handles", destName, c.handle)];
  const h = c.handle.value;
  out.push({
    check: "recipient_handles",
    ok: !h.reverted,
    reason: "recipient_reverts",
    detail: h.reverted ? `handle reverts when the Mailbox calls it: ${h.reason}` : `handle succeeds when the Mailbox calls it, using ${h.gas} gas`,
    evidence: h.reverted ? { revertReason: h.reason } : { gas: String(h.gas) },
  });
  if (h.reverted || c.quote === null) return out;
  if (!c.quote.ok) return [...out, unanswered("gas_covers_quote", f.origin ?? "the origin", c.quote)];
  const q = c.quote.value;
  const covered = f.gas.paid >= q.quote;
  out.push({
    check: "gas_covers_quote",
    ok: covered,
    reason: "underpaid",
    detail: `paid ${wei(f.gas.paid)}; the IGP quotes ${wei(q.quote)} for the ${q.gasNeeded} gas a delivery needs (${h.gas} for handle + ${q.gasOverhead} overhead) at block ${q.atBlock}`,
    evidence: {
      paid: String(f.gas.paid),
      quote: String(q.quote),
      gasNeeded: String(q.gasNeeded),
      gasOverhead: String(q.gasOverhead),
      interchainGasPaymaster: q.interchainGasPaymaster,
      gasOracle: q.gasOracle,
      tokenExchangeRate: String(q.tokenExchangeRate),
      gasPrice: String(q.gasPrice),
      atBlock: q.atBlock,
    },
  });
  return out;
}

/** The diagnosis of a message: every check, and the reason of the first that fails. */
export function diagnose(f: RowFacts, chain?: ChainFacts): Diagnosis {
  if (f.status === "delivered") return { reason: null, summary: "delivered", checks: [] };
  const all = steps(f, chain);
  const failed = all.find((s) => s.ok !== true);
  const checks = all.map(({ reason: _, ...check }) => check);
  if (!failed) return { reason: "in_flight", summary: `in flight: paid${chain ? " and deliverable" : ""}; ${all.at(-1)!.detail}`, checks };
  const summary = failed.reason === "not_relayed" ? `not relayed: paid${chain ? " and deliverable" : ""}; ${failed.detail}` : failed.detail;
  return { reason: failed.reason!, summary, checks };
}
