import { writeFileSync } from "node:fs";
import { type Address, createPublicClient, decodeErrorResult, encodeFunctionData, type Hex, http, pad, parseAbi } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchPayment } from "../../devnet/hyperlane";
import type { Indexer } from "../../devnet/indexer";
import { chainNamed, type DevChain, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { deliverMessages, mineEmpty, sendMessages, type SentMessage } from "../../devnet/scenario";
import { type StuckMessages, sendStuckMessages, UNKNOWN_DOMAIN } from "../../devnet/stuck";
import type { ManifestInput } from "../../src/network/manifest";
import { gasPaymentLogs, getJson, heads, indexUpTo, keepMining, mailboxDelivered, tempDir } from "./harness";

/**
 * Every reason a stuck message has, each for a message that truly has it, on the real
 * contracts: the diagnosis is compared with what the chains say when asked directly (getCode,
 * an eth_call of handle from the Mailbox, the IGP's quote at the dispatch block, delivered(id),
 * independent getLogs sums), with the manifest the test wrote, and with block timestamps.
 *
 *   settlement → opchain     the stuck set (unknown domain, EOA, reverting router, underpaid);
 *                            a healthy paid message, later unreachable, and one sent while
 *                            opchain is frozen (lagging)
 *   settlement → orbitchain  unpaid
 *   orbitchain → settlement  one delivered at once, one paid and left: not relayed
 *   opchain → orbitchain     one delivered an hour later (orbitchain's clock moved on), one
 *                            paid and left: in flight
 *   settlement → rarichain   rarichain is in the manifest without its Mailbox: not indexed
 */

const views = parseAbi([
  "function recipientIsm(address recipient) view returns (address)",
  "function handle(uint32 origin, bytes32 sender, bytes message) payable",
  "function destinationGasConfigs(uint32 remoteDomain) view returns (address gasOracle, uint96 gasOverhead)",
  "function quoteGasPayment(uint32 destinationDomain, uint256 gasLimit) view returns (uint256)",
  "error Error(string)",
]);

const RPC_TIMEOUT_MS = 5_000;

let network: Network;
let indexer: Indexer;
let url: string;
let stuck: StuckMessages;
const m: Record<"unpaid" | "delivered" | "notRelayed" | "inFlight" | "notIndexed" | "healthy", SentMessage> = {} as never;
let manifest: ManifestInput;
let deliveredAt: bigint;

const paid = (origin: string, destination: string, body: string) => ({
  origin,
  destination,
  body: `0x${Buffer.from(body).toString("hex")}` as Hex,
  payments: [dispatchPayment(300_000n)],
  deliver: false,
});

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  const [settlement, opchain, orbitchain] = ["settlement", "opchain", "orbitchain"].map((n) => chainNamed(network, n));
  stuck = await sendStuckMessages(settlement!, opchain!);
  const first = await sendMessages(network, [
    { ...paid("settlement", "orbitchain", "unpaid"), payments: [] },
    paid("orbitchain", "settlement", "delivered at once"),
    paid("orbitchain", "settlement", "left behind"),
    paid("settlement", "rarichain", "to a chain whose Mailbox is not indexed"),
    paid("settlement", "opchain", "healthy"),
  ]);
  (["unpaid", "delivered", "notRelayed", "notIndexed", "healthy"] as const).forEach((k, i) => (m[k] = first[i]!));
  deliveredAt = (await deliverMessages(network, [m.delivered]))[0]!.blockNumber;
  // The opchain → orbitchain route delivers in an hour: its next message is young.
  const [slow] = await sendMessages(network, [paid("opchain", "orbitchain", "slow route")]);
  await orbitchain!.testClient.increaseTime({ seconds: 3_600 });
  await deliverMessages(network, [slow!]);
  m.inFlight = (await sendMessages(network, [paid("opchain", "orbitchain", "in flight")]))[0]!;
  await mineEmpty(network, 3);
  const target = await heads(network);
  await keepMining(network);
  manifest = {
    ...network.manifest,
    chains: network.manifest.chains.map((c) => (c.name === "rarichain" ? { ...c, deployments: [] } : c)),
  };
  const manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  // A chain read may wait longer than the 2 s default on a loaded machine: a slow anvil is not a dead one.
  indexer = await indexUpTo({ manifestPath, pgliteDir: tempDir("pglite"), env: { DIAGNOSIS_RPC_TIMEOUT_MS: String(RPC_TIMEOUT_MS) } }, target);
  url = indexer.url;
});

afterAll(async () => {
  network?.chains.forEach((c) => c.anvil.resume());
  await indexer?.stop();
  await network?.stop();
});

/** A keep-alive connection the server closed as it was reused is reset: that request is sent again. */
const getOnce = (path: string) => getJson(`${url}${path}`).catch(() => getJson(`${url}${path}`));

const diagnosis = async (id: Hex) => {
  const { status, body } = await getOnce(`/api/messages/${id}/diagnosis`);
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
};
const check = (d: any, name: string) => d.checks.find((c: any) => c.check === name);
const chain = (name: string) => chainNamed(network, name);
let payments: ReturnType<typeof gasPaymentLogs> | undefined;
/** Independent getLogs sums per message, scanned once. */
const gasPayments = () => (payments ??= gasPaymentLogs(network.chains));
const blockTime = async (c: DevChain, block: bigint) => Number((await c.publicClient.getBlock({ blockNumber: block })).timestamp);

describe("the diagnosis of a stuck message", () => {
  it("unknown_destination: a domain no chain of the manifest has", async () => {
    expect(stuck.unknownDestination.destinationDomain).toBe(UNKNOWN_DOMAIN);
    expect(manifest.chains.some((c) => c.domainId === UNKNOWN_DOMAIN)).toBe(false);
    const d = await diagnosis(stuck.unknownDestination.id);
    expect(d).toMatchObject({ id: stuck.unknownDestination.id, status: "pending", reason: "unknown_destination" });
    expect(check(d, "destination_known")).toMatchObject({ ok: false, evidence: { destinationDomain: UNKNOWN_DOMAIN } });
  });

  it("destination_not_indexed: a chain of the manifest whose Mailbox is not in it", async () => {
    const rari = chain("rarichain");
    expect(await mailboxDelivered(rari, m.notIndexed.id)).toBe(false);
    const d = await diagnosis(m.notIndexed.id);
    expect(d.reason).toBe("destination_not_indexed");
    expect(check(d, "destination_indexed").evidence.mailbox).toBeNull();
  });

  it("no_gas_paid: no GasPayment log names it on its origin", async () => {
    expect((await gasPayments()).get(m.unpaid.id)).toBeUndefined();
    expect(await mailboxDelivered(chain("orbitchain"), m.unpaid.id)).toBe(false);
    const d = await diagnosis(m.unpaid.id);
    expect(d.reason).toBe("no_gas_paid");
    expect(check(d, "gas_paid")).toMatchObject({ ok: false, evidence: { payments: 0, paid: "0" } });
  });

  it("recipient_not_contract: the recipient has no code on the destination", async () => {
    const op = chain("opchain");
    const recipient = `0x${stuck.recipientNotContract.recipient.slice(26)}` as Address;
    expect(await op.publicClient.getCode({ address: recipient })).toBeUndefined();
    const d = await diagnosis(stuck.recipientNotContract.id);
    expect(d.reason).toBe("recipient_not_contract");
    expect(check(d, "recipient_contract")).toMatchObject({ ok: false, evidence: { codeBytes: 0 } });
    // The Mailbox falls back to its default ISM for an account with no code.
    expect(check(d, "recipient_ism").evidence.ism).toBe(op.hyperlane.defaultIsm.toLowerCase());
  });

  it("recipient_reverts: handle, called from the destination Mailbox, reverts with the router's reason", async () => {
    const op = chain("opchain");
    const s = stuck.recipientReverts;
    const data = encodeFunctionData({ abi: views, functionName: "handle", args: [chain("settlement").domainId, pad(s.sender), `0x${s.message.slice(2 + 77 * 2)}` as Hex] });
    const reverted = await op.publicClient.call({ account: op.hyperlane.mailbox, to: s.recipientAddress, data }).then(
      () => null,
      (error) => error as { cause?: { data?: Hex }; walk: (f: (e: any) => boolean) => any },
    );
    expect(reverted).not.toBeNull();
    const raw = reverted!.walk((e: any) => typeof e?.data === "string" && e.data.startsWith("0x08c379a0")).data as Hex;
    const { args } = decodeErrorResult({ abi: views, data: raw });
    const d = await diagnosis(s.id);
    expect(d.reason).toBe("recipient_reverts");
    expect(check(d, "recipient_handles").evidence.revertReason).toBe(args[0]);
    expect(d.summary).toContain(args[0] as string);
    expect(await mailboxDelivered(op, s.id)).toBe(false);
  });

  it("underpaid: less than the IGP's quote, at the dispatch block, for the gas handle needs", async () => {
    const [settlement, op] = [chain("settlement"), chain("opchain")];
    const s = stuck.underpaid;
    const body = `0x${s.message.slice(2 + 77 * 2)}` as Hex;
    const handleGas =
      (await op.publicClient.estimateGas({
        account: op.hyperlane.mailbox,
        to: op.hyperlane.testRecipient,
        data: encodeFunctionData({ abi: views, functionName: "handle", args: [settlement.domainId, pad(s.sender), body] }),
      })) - 21_000n;
    const igp = { address: settlement.hyperlane.interchainGasPaymaster, abi: views, blockNumber: s.blockNumber } as const;
    const [, overhead] = await settlement.publicClient.readContract({ ...igp, functionName: "destinationGasConfigs", args: [op.domainId] });
    const quote = await settlement.publicClient.readContract({ ...igp, functionName: "quoteGasPayment", args: [op.domainId, handleGas + overhead] });
    const paidSum = (await gasPayments()).get(s.id)!.paid;
    expect(paidSum).toBeLessThan(quote);
    const d = await diagnosis(s.id);
    expect(d.reason).toBe("underpaid");
    expect(check(d, "gas_covers_quote")).toMatchObject({
      ok: false,
      evidence: { paid: String(paidSum), quote: String(quote), gasNeeded: String(handleGas + overhead), atBlock: Number(s.blockNumber) },
    });
    expect(check(d, "recipient_handles").ok).toBe(true);
  });

  it("not_relayed and in_flight: paid and deliverable, older or younger than the route's p99", async () => {
    const [settlement, orbit] = [chain("settlement"), chain("orbitchain")];
    // Each route has one delivery: its p99 is that message's latency, from the block timestamps.
    const fastLatency = (await blockTime(settlement, deliveredAt)) - (await blockTime(orbit, m.delivered.dispatch.blockNumber));
    const now = Math.floor(Date.now() / 1000);
    const ageNotRelayed = now - (await blockTime(orbit, m.notRelayed.dispatch.blockNumber));
    expect(ageNotRelayed).toBeGreaterThan(fastLatency);
    expect(await mailboxDelivered(settlement, m.notRelayed.id)).toBe(false);
    const late = await diagnosis(m.notRelayed.id);
    expect(late.reason).toBe("not_relayed");
    expect(check(late, "within_route_latency").evidence.routeP99Seconds).toBe(fastLatency);

    expect(await mailboxDelivered(orbit, m.inFlight.id)).toBe(false);
    const young = await diagnosis(m.inFlight.id);
    expect(young.reason).toBe("in_flight");
    expect(check(young, "within_route_latency").evidence.routeP99Seconds).toBeGreaterThanOrEqual(3_600);
    expect(young.checks.every((c: any) => c.ok === true)).toBe(true);
  });

  it("a delivered message has no reason, in its read and its diagnosis", async () => {
    expect(await mailboxDelivered(chain("settlement"), m.delivered.id)).toBe(true);
    expect(await diagnosis(m.delivered.id)).toMatchObject({ status: "delivered", reason: null });
    expect((await getOnce(`/api/messages/${m.delivered.id}`)).body.diagnosis).toBeNull();
  });
});

describe("reasons in lists and the route matrix", () => {
  it("each list item's reason is the one the reason filter selects it by, and the full check's where rows can tell it", async () => {
    const { body } = await getOnce(`/api/messages?status=pending&limit=200`);
    const items = body.items as any[];
    expect(items.every((i) => i.diagnosis?.reason)).toBe(true);
    for (const reason of ["unknown_destination", "destination_not_indexed", "no_gas_paid", "in_flight", "not_relayed"]) {
      const filtered = (await getOnce(`/api/messages?status=pending&reason=${reason}&limit=200`)).body.items.map((i: any) => i.id).sort();
      expect(filtered, reason).toEqual(items.filter((i) => i.diagnosis.reason === reason).map((i) => i.id).sort());
      expect(filtered.length, reason).toBeGreaterThan(0);
    }
    const byId = new Map(items.map((i) => [i.id, i.diagnosis.reason]));
    expect(byId.get(stuck.unknownDestination.id)).toBe("unknown_destination");
    expect(byId.get(m.unpaid.id)).toBe("no_gas_paid");
    // Rows cannot tell what only the chains can: the full check refines these.
    expect(["in_flight", "not_relayed"]).toContain(byId.get(stuck.underpaid.id));
  });

  it("the route matrix counts pending messages by reason, as the lists have them", async () => {
    const { body } = await getOnce(`/api/analytics/messages`);
    const { body: list } = await getOnce(`/api/messages?status=pending&limit=200`);
    for (const pair of body.pairs) {
      const items = list.items.filter((i: any) => i.origin.chainId === pair.origin.chainId && i.destination.domainId === pair.destination.domainId);
      const counts: Record<string, number> = {};
      for (const i of items) counts[i.diagnosis.reason] = (counts[i.diagnosis.reason] ?? 0) + 1;
      for (const [reason, n] of Object.entries(pair.pendingByReason)) expect(n, `${pair.origin.name} → ${pair.destination.domainId} ${reason}`).toBe(counts[reason] ?? 0);
      expect(Object.values(pair.pendingByReason as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(pair.pending);
    }
  });

  it("refuses a bad reason, a reason only the chains tell, and a reason with delivered messages, naming the parameter", async () => {
    for (const query of ["reason=stuck", "reason=underpaid", "status=delivered&reason=no_gas_paid", "reason="]) {
      const { status, body } = await getOnce(`/api/messages?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.details.parameter, query).toBe("reason");
    }
    expect((await getOnce(`/api/messages/0x1234/diagnosis`)).status).toBe(400);
    expect((await getOnce(`/api/messages/0x${"ab".repeat(32)}/diagnosis`)).status).toBe(404);
  });
});

describe("a destination that does not answer", () => {
  it("chain_unreachable for a message it was indexed past, destination_lagging for one sent since, within the RPC bound", async () => {
    const [settlement, op] = [chain("settlement"), chain("opchain")];
    expect((await diagnosis(m.healthy.id)).reason).toBe("not_relayed");
    const frozenHead = await op.publicClient.getBlock();
    op.anvil.pause();
    await new Promise((r) => setTimeout(r, 1_500));
    const [late] = await sendMessages(network, [paid("settlement", "opchain", "sent while opchain is down")]);
    const lateTime = await blockTime(settlement, late!.dispatch.blockNumber);
    // Ground truth: opchain has no block as recent as the dispatch, so nothing indexed of it is.
    expect(Number(frozenHead.timestamp)).toBeLessThan(lateTime);
    const probe = createPublicClient({ transport: http(op.rpcUrl, { timeout: 1_000, retryCount: 0 }) });
    await expect(probe.getBlockNumber()).rejects.toThrow();
    await indexer.waitForBlocks({ settlement: late!.dispatch.blockNumber }, 30_000);

    const started = Date.now();
    const unreachable = await diagnosis(m.healthy.id);
    // The head read does not answer, and nothing else is asked of the chain.
    expect(Date.now() - started).toBeLessThan(RPC_TIMEOUT_MS + 3_000);
    expect(unreachable.reason).toBe("chain_unreachable");
    expect(unreachable.checks.find((c: any) => c.ok === null).evidence.chain).toBe("opchain");

    const lagging = await diagnosis(late!.id);
    expect(lagging.reason).toBe("destination_lagging");
    expect(check(lagging, "destination_caught_up").evidence.indexed.timestamp).toBeLessThanOrEqual(Number(frozenHead.timestamp));
    const { body } = await getOnce(`/api/messages/${late!.id}`);
    expect(body.diagnosis.reason).toBe("destination_lagging");
    op.anvil.resume();
  });
});
