import { type AbiFunction, toFunctionSelector } from "viem";
import { describe, expect, it } from "vitest";
import { DiagnosisViewsAbi } from "../abis/DiagnosisViews";
import { artifacts } from "../devnet/artifacts";
import { type ChainFacts, diagnose, REASONS, ROW_REASONS, type RowFacts } from "../src/messaging/diagnosis";
import { slots } from "../src/network/slots";

/** Hand-built facts: a paid message, dispatched at t=1000, to an indexed destination, 30 s ago. */
const base = (): RowFacts => ({
  status: "pending",
  originDomain: 1,
  origin: "settlement",
  destinationDomain: 2,
  destination: { name: "rollup", chainId: 20, mailbox: "0x00000000000000000000000000000000000000aa", indexed: { blockNumber: 500, timestamp: 1_010 } },
  dispatch: { blockNumber: 90, timestamp: 1_000 },
  gas: { payments: 1, gasAmount: 250_000n, paid: 250_000n * 10n ** 9n },
  p99: 60,
  now: 1_030,
});

const quote = (wei: bigint) => ({
  interchainGasPaymaster: "0x00000000000000000000000000000000000000b1" as const,
  gasOracle: "0x00000000000000000000000000000000000000b2" as const,
  tokenExchangeRate: 10n ** 10n,
  gasPrice: 10n ** 9n,
  gasOverhead: 100_000n,
  gasNeeded: 150_000n,
  quote: wei,
  atBlock: 90,
});

const ok = <T>(value: T) => ({ ok: true as const, value });
const down = { ok: false as const, error: "The request took too long to respond." };

/** What a healthy destination answers: a contract recipient whose handle takes 50,000 gas, quoted below what was paid. */
const chain = (): ChainFacts => ({
  head: ok({ blockNumber: 501, timestamp: 1_011 }),
  delivered: ok(false),
  code: ok("0x6080604052"),
  ism: ok({ ism: "0x00000000000000000000000000000000000000c1", defaultIsm: "0x00000000000000000000000000000000000000c1" }),
  handle: ok({ reverted: false as const, gas: 50_000n }),
  quote: ok(quote(150_000n * 10n ** 9n)),
});

const reason = (f: RowFacts, c?: ChainFacts) => diagnose(f, c).reason;

describe("diagnose: one reason per stuck message, the first check that fails", () => {
  it("a delivered message has no reason and no checks", () => {
    expect(diagnose({ ...base(), status: "delivered" })).toEqual({ reason: null, summary: "delivered", checks: [] });
  });

  it("paid, deliverable and younger than the route's p99: in_flight; older: not_relayed; the p99 itself still in flight", () => {
    expect(reason(base(), chain())).toBe("in_flight");
    expect(reason({ ...base(), now: 1_060 }, chain())).toBe("in_flight");
    expect(reason({ ...base(), now: 1_061 }, chain())).toBe("not_relayed");
    // A route that never delivered gives nothing to wait for.
    expect(reason({ ...base(), p99: null }, chain())).toBe("not_relayed");
    expect(diagnose(base(), chain()).checks.every((c) => c.ok === true)).toBe(true);
  });

  it("a domain no chain of the manifest has: unknown_destination, before anything else", () => {
    const d = diagnose({ ...base(), destination: null, gas: { payments: 0, gasAmount: 0n, paid: 0n } });
    expect(d.reason).toBe("unknown_destination");
    expect(d.checks.map((c) => c.check)).toEqual(["destination_known"]);
  });

  it("a chain with no Mailbox in the manifest, or not indexed at all yet: destination_not_indexed", () => {
    expect(reason({ ...base(), destination: { ...base().destination!, mailbox: null } })).toBe("destination_not_indexed");
    expect(reason({ ...base(), destination: { ...base().destination!, indexed: null } })).toBe("destination_not_indexed");
  });

  it("indexed only up to a block older than the dispatch: destination_lagging, ahead of payment", () => {
    const behind = { ...base(), destination: { ...base().destination!, indexed: { blockNumber: 480, timestamp: 999 } }, gas: { payments: 0, gasAmount: 0n, paid: 0n } };
    expect(reason(behind)).toBe("destination_lagging");
    expect(reason(behind, chain())).toBe("destination_lagging");
    // The head is the indexed block: the chain has had no block since, nothing is unread.
    expect(reason(behind, { ...chain(), head: ok({ blockNumber: 480, timestamp: 999 }) })).toBe("no_gas_paid");
    // A chain that does not answer cannot say it is quiet: the rows stand.
    expect(reason(behind, { ...chain(), head: down, delivered: down, code: down, ism: down, handle: down, quote: null })).toBe("destination_lagging");
  });

  it("the destination Mailbox says delivered while the index says pending: destination_lagging", () => {
    const d = diagnose(base(), { ...chain(), delivered: ok(true) });
    expect(d.reason).toBe("destination_lagging");
    expect(d.summary).toContain("has not read the delivery yet");
  });

  it("no payment: no_gas_paid, before the recipient's checks", () => {
    const unpaid = { ...base(), gas: { payments: 0, gasAmount: 0n, paid: 0n } };
    expect(reason(unpaid)).toBe("no_gas_paid");
    expect(reason(unpaid, { ...chain(), code: ok("0x") })).toBe("no_gas_paid");
  });

  it("a recipient with no code, or a bytes32 that is no address: recipient_not_contract", () => {
    const d = diagnose(base(), { ...chain(), code: ok("0x"), handle: null, quote: null });
    expect(d.reason).toBe("recipient_not_contract");
    expect(d.checks.find((c) => c.check === "recipient_ism")).toMatchObject({ ok: true, evidence: { isDefault: true } });
    expect(reason(base(), { ...chain(), code: null, handle: null, quote: null })).toBe("recipient_not_contract");
  });

  it("handle reverts: recipient_reverts, with the recipient's own reason in the summary", () => {
    const d = diagnose(base(), { ...chain(), handle: ok({ reverted: true as const, reason: "Enrolled router does not match sender" }), quote: null });
    expect(d.reason).toBe("recipient_reverts");
    expect(d.summary).toBe("handle reverts when the Mailbox calls it: Enrolled router does not match sender");
    expect(d.checks.find((c) => c.check === "recipient_handles")!.evidence).toEqual({ revertReason: "Enrolled router does not match sender" });
  });

  it("less than the IGP's quote: underpaid; exactly the quote is enough", () => {
    const paid = base().gas.paid;
    expect(reason(base(), { ...chain(), quote: ok(quote(paid + 1n)) })).toBe("underpaid");
    expect(reason(base(), { ...chain(), quote: ok(quote(paid)) })).toBe("in_flight");
    const d = diagnose(base(), { ...chain(), quote: ok(quote(paid + 1n)) });
    expect(d.checks.at(-2)).toMatchObject({ check: "gas_covers_quote", ok: false, evidence: { paid: String(paid), quote: String(paid + 1n), atBlock: 90 } });
  });

  it("a chain that does not answer: chain_unreachable, with the check it stopped marked null", () => {
    const d = diagnose(base(), { head: down, delivered: down, code: down, ism: down, handle: down, quote: null });
    expect(d.reason).toBe("chain_unreachable");
    expect(d.checks.find((c) => c.ok !== true)).toMatchObject({ check: "recipient_contract", ok: null, evidence: { chain: "rollup" } });
    expect(reason(base(), { ...chain(), quote: down })).toBe("chain_unreachable");
  });

  it("without the chains' answers, only the reasons rows can tell", () => {
    const rowOnly = [
      base(),
      { ...base(), now: 5_000 },
      { ...base(), destination: null },
      { ...base(), destination: { ...base().destination!, mailbox: null } },
      { ...base(), destination: { ...base().destination!, indexed: { blockNumber: 1, timestamp: 1 } } },
      { ...base(), gas: { payments: 0, gasAmount: 0n, paid: 0n } },
    ].map((f) => reason(f));
    expect(new Set(rowOnly)).toEqual(new Set(ROW_REASONS));
    expect(REASONS.filter((r) => !(ROW_REASONS as readonly string[]).includes(r))).toEqual(["chain_unreachable", "recipient_not_contract", "recipient_reverts", "underpaid"]);
  });
});

describe("abis/DiagnosisViews equal the @hyperlane-xyz/core artifacts", () => {
  const signature = (f: AbiFunction) => ({ selector: toFunctionSelector(f), outputs: f.outputs.map((o) => o.type), stateMutability: f.stateMutability });
  const cases = [
    ["Mailbox", DiagnosisViewsAbi.mailbox, artifacts.Mailbox().abi],
    ["InterchainGasPaymaster", DiagnosisViewsAbi.interchainGasPaymaster, artifacts.InterchainGasPaymaster().abi],
    ["TestRecipient (IMessageRecipient)", DiagnosisViewsAbi.recipient, artifacts.TestRecipient().abi],
    ["HypERC20 (a Router)", DiagnosisViewsAbi.recipient, artifacts.HypERC20().abi],
  ] as const;
  for (const [contract, ours, real] of cases) {
    it(`${contract}: every function read has the real selector, outputs and mutability`, () => {
      for (const f of ours as readonly AbiFunction[]) {
        const match = (real as readonly AbiFunction[]).find((r) => r.type === "function" && toFunctionSelector(r) === toFunctionSelector(f));
        expect(match, `${contract}.${f.name}`).toBeDefined();
        expect(signature(f)).toEqual(signature(match!));
      }
    });
  }
});

describe("the diagnosis's RPC slots", () => {
  it("never starts a read whose caller stopped waiting while it queued for a slot", async () => {
    const limited = slots(2);
    const started: string[] = [];
    const releases: (() => void)[] = [];
    const held = (name: string) => () => {
      started.push(name);
      return new Promise<string>((resolve) => releases.push(() => resolve(name)));
    };
    const far = Date.now() + 60_000;
    const busy = [limited(held("a"), far), limited(held("b"), far)];
    // A flood that gives up after 20 ms, then one caller that waits on.
    const flood = Promise.allSettled(Array.from({ length: 50 }, (_, i) => limited(held(`flood ${i}`), Date.now() + 20)));
    const patient = limited(held("patient"), far);
    await new Promise((r) => setTimeout(r, 40));
    for (const release of releases.splice(0)) release();
    expect(await Promise.all(busy)).toEqual(["a", "b"]);
    await new Promise((r) => setTimeout(r, 0));
    expect(started).toEqual(["a", "b", "patient"]);
    releases.splice(0).forEach((release) => release());
    expect(await patient).toBe("patient");
    expect((await flood).map((o) => o.status)).toEqual(Array(50).fill("rejected"));
  });
});
