import { writeFileSync } from "node:fs";
import { type Address, type Hex, keccak256, pad, parseAbiItem } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RELAYER, devnetAccount } from "../../devnet/accounts";
import type { Indexer } from "../../devnet/indexer";
import { type Anvil, startAnvil } from "../../devnet/anvil";
import { connect } from "../../devnet/clients";
import { deliver, type GasPaid, payForGas } from "../../devnet/messaging";
import { chainNamed, freshChainIdOffset, type Network, passTime, startNetwork } from "../../devnet/network";
import { deliverMessages, makeScenario, mineEmpty, sendMessages, type SentMessage } from "../../devnet/scenario";
import { emitDispatch, hyperlaneMessage, installLogEmitter } from "../fixtures/log-emitter";
import {
  DATABASE_URL,
  allMessages,
  dropSchema,
  dumpTables,
  freshSchema,
  gasPaymentLogs,
  getJson,
  heads,
  indexUpTo,
  keepMining,
  mailboxDelivered,
  mailboxNonce,
  tempDir,
} from "./harness";

/**
 * One seeded scenario on the local network (real Mailbox, IGP and MerkleTreeHook on four
 * anvil chains), indexed on PGlite and on PostgreSQL in both orderings; every figure the API
 * serves is compared with the chains themselves.
 */

const dispatchEvent = parseAbiItem("event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)");
const processIdEvent = parseAbiItem("event ProcessId(bytes32 indexed messageId)");
const EMITTER: Address = "0x00000000000000000000000000000000000e1e77";
const UNINDEXED_DOMAIN = 4242;

let network: Network;
let sent: SentMessage[];
let manifestPath: string;
let malformedTxs: Hex[];
let foreign: { id: Hex; txHash: Hex };
/** A payment for an id no chain dispatched, and one on another chain than its message's origin. */
let orphanPayment: GasPaid;
let strayPayment: GasPaid & { message: SentMessage };
/** A chain with no Hyperlane deployment at all, in the manifest all the same. */
let bare: Anvil;
const BARE = "bare";
let target: Record<string, bigint>;
const indexers: Indexer[] = [];
const schemas: string[] = [];

/** Dispatch logs with malformed message bytes, emitted byte-exact by a fixture named as a Mailbox. */
async function emitMalformedDispatches(network: Network): Promise<Hex[]> {
  const settlement = chainNamed(network, "settlement");
  const opchain = chainNamed(network, "opchain");
  await installLogEmitter(settlement, EMITTER);
  const topics = { sender: devnetAccount(9).address, destination: opchain.domainId, recipient: pad(opchain.hyperlane.testRecipient) };
  const valid = (version: number) =>
    hyperlaneMessage({ version, origin: settlement.domainId, ...topics, body: "0xbeef" });
  const txs: Hex[] = [];
  for (const message of ["0x03000000", valid(7), valid(3)] as Hex[]) txs.push(await emitDispatch(settlement, EMITTER, topics, message));
  return txs;
}

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  const specs = makeScenario({ seed: 20261121, count: 240 });
  // A relayer that takes its time: most deliveries at once, the rest after ten minutes and after an hour.
  sent = await sendMessages(network, specs);
  const toDeliver = sent.filter((_, i) => specs[i]!.deliver);
  const [soon, late] = [Math.floor(toDeliver.length * 0.6), Math.floor(toDeliver.length * 0.85)];
  await deliverMessages(network, toDeliver.slice(0, soon));
  await passTime(network, 600);
  await deliverMessages(network, toDeliver.slice(soon, late));
  await passTime(network, 3000);
  await deliverMessages(network, toDeliver.slice(late));
  malformedTxs = await emitMalformedDispatches(network);
  // A delivery whose origin domain is in no manifest: the real Mailbox accepts it (TestIsm).
  const opchain = chainNamed(network, "opchain");
  const foreignMessage = hyperlaneMessage({
    nonce: 17,
    origin: UNINDEXED_DOMAIN,
    sender: "0x00000000000000000000000000000000000000f0",
    destination: opchain.domainId,
    recipient: pad(opchain.hyperlane.testRecipient),
    body: "0x",
  });
  foreign = await deliver(opchain, foreignMessage);
  const settlement = chainNamed(network, "settlement");
  orphanPayment = await payForGas(settlement, { id: keccak256("0x0badc0de"), destinationDomain: opchain.domainId, payment: 10n ** 15n, payer: 9 });
  const paidOne = sent.find((m) => m.origin === "settlement" && m.payments.length > 0)!;
  strayPayment = {
    message: paidOne,
    ...(await payForGas(chainNamed(network, "orbitchain"), { id: paidOne.id, destinationDomain: paidOne.destinationDomain, payment: 10n ** 15n, payer: 9 })),
  };
  bare = await startAnvil({ chainId: settlement.chainId + 9 });
  const bareChain = connect(bare);
  // The network's clocks ran ahead (passTime); the bare chain starts where they are, or omnichain would wait for it.
  await bareChain.testClient.setNextBlockTimestamp({ timestamp: (await settlement.publicClient.getBlock()).timestamp + 1n });
  await bareChain.testClient.mine({ blocks: 40 });
  await mineEmpty(network, 40);
  target = await heads(network);
  await keepMining({ chains: [...network.chains, bareChain] } as Pick<Network, "chains">);
  const manifest = structuredClone(network.manifest);
  manifest.chains[0]!.deployments!.push({ name: "log-emitter", mailbox: EMITTER, startBlock: 0 });
  manifest.chains.push({ name: BARE, chainId: bare.chainId, domainId: bare.chainId, stack: "orbit", settlesOn: "settlement", rpc: bare.rpcUrl });
  manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
});

afterAll(async () => {
  await Promise.all(indexers.map((i) => i.stop()));
  await network?.stop();
  await bare?.stop();
  for (const schema of schemas) await dropSchema(schema);
});

async function postgresIndexer(ordering: "multichain" | "omnichain") {
  const schema = freshSchema(ordering.slice(0, 5));
  schemas.push(schema);
  const indexer = await indexUpTo({ manifestPath, databaseUrl: DATABASE_URL, schema, ordering }, target);
  indexers.push(indexer);
  return { indexer, schema };
}

/** Every message's status, addressing, gas and delivery, against the contracts and the logs. */
async function expectGroundTruth(url: string) {
  const items = await allMessages(url);
  const byId = new Map(items.map((m) => [m.id, m]));
  const gas = await gasPaymentLogs(network.chains);
  expect(sent.length).toBe(240);
  for (const message of sent) {
    const origin = chainNamed(network, message.origin);
    const destination = chainNamed(network, message.destination);
    const api = byId.get(message.id);
    expect(api, `message ${message.id}`).toBeDefined();
    const delivered = await mailboxDelivered(destination, message.id);
    expect(api.status).toBe(delivered ? "delivered" : "pending");
    expect(api).toMatchObject({
      nonce: message.nonce,
      version: 3,
      origin: { chainId: origin.chainId, domainId: origin.domainId, name: origin.name },
      destination: { chainId: destination.chainId, domainId: destination.domainId, name: destination.name },
      sender: message.sender.toLowerCase(),
      body: message.body,
      malformed: null,
    });
    expect(api.dispatch).toMatchObject({ txHash: message.dispatch.txHash, blockNumber: Number(message.dispatch.blockNumber), idVerified: true });
    const paid = gas.get(message.id) ?? { payments: 0, gasAmount: 0n, paid: 0n };
    expect(api.gas).toEqual({ payments: paid.payments, gasAmount: paid.gasAmount.toString(), paid: paid.paid.toString() });
    if (delivered) {
      expect(api.delivery.relayer).toBe(devnetAccount(RELAYER).address.toLowerCase());
      expect(api.latencySeconds).toBe(api.delivery.timestamp - api.dispatch.timestamp);
    } else {
      expect(api.delivery).toBeNull();
      expect(api.latencySeconds).toBeNull();
    }
  }
  // The count per origin equals that Mailbox's nonce().
  for (const chain of network.chains) {
    const dispatched = items.filter((m) => m.dispatch?.mailbox === chain.hyperlane.mailbox.toLowerCase() && m.origin.chainId === chain.chainId);
    expect(dispatched.length, `messages from ${chain.name}`).toBe(await mailboxNonce(chain));
  }
  // Unpaid messages exist, were never delivered, and show as pending.
  const unpaid = sent.filter((m) => !gas.has(m.id));
  expect(unpaid.length).toBeGreaterThanOrEqual(20);
  for (const m of unpaid) expect(byId.get(m.id).status).toBe("pending");
  expect(sent.filter((m) => (gas.get(m.id)?.payments ?? 0) >= 2).length).toBeGreaterThanOrEqual(20);
  return items;
}

describe("messages indexed on PGlite", () => {
  let indexer: Indexer;
  beforeAll(async () => {
    indexer = await indexUpTo({ manifestPath, pgliteDir: tempDir("pglite") }, target);
    indexers.push(indexer);
  });

  it("serves every message with the status, gas and delivery the chains record", async () => {
    await expectGroundTruth(indexer.url);
  });

  it("covers every ordered pair of chains", async () => {
    const pairs = new Set(sent.map((m) => `${m.origin}>${m.destination}`));
    expect(pairs.size).toBe(network.chains.length * (network.chains.length - 1));
  });

  it("records malformed message bytes as malformed, raw, and goes on indexing", async () => {
    for (const [i, txHash] of malformedTxs.entries()) {
      const { body } = await getJson(`${indexer.url}/api/tx/${txHash}`);
      expect(body.dispatched).toHaveLength(1);
      const [message] = body.dispatched;
      if (i < 2) {
        expect(message.status).toBe("pending");
        expect(message.malformed.raw).toMatch(/^0x/);
        expect(keccak256(message.malformed.raw)).toBe(message.id);
        expect(message.malformed.error).toBe(i === 0 ? "message is 4 bytes, shorter than the 77-byte header" : "unknown message version 7, expected 3");
      } else {
        expect(message.malformed).toBeNull();
        expect(message.body).toBe("0xbeef");
      }
    }
  });

  it("records a delivery whose origin chain is not indexed, naming its origin domain", async () => {
    const { status, body } = await getJson(`${indexer.url}/api/messages/${foreign.id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: "delivered",
      origin: { chainId: null, domainId: UNINDEXED_DOMAIN, name: null },
      destination: { name: "opchain" },
      sender: "0x00000000000000000000000000000000000000f0",
      dispatch: null,
      delivery: { txHash: foreign.txHash },
      latencySeconds: null,
    });
  });

  it("lists newest first with a stable cursor, and filters by status, chain and account", async () => {
    const all = await allMessages(indexer.url);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    const times = all.map((m) => m.dispatch?.timestamp ?? m.delivery.timestamp);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const pending = await allMessages(indexer.url, "&status=pending&origin=rarichain");
    expect(pending.map((m) => m.id).sort()).toEqual(
      all.filter((m) => m.status === "pending" && m.origin.name === "rarichain").map((m) => m.id).sort(),
    );
    const opchain = chainNamed(network, "opchain").chainId;
    const bySenderAndDestination = await allMessages(indexer.url, `&sender=${sent[0]!.sender}&destination=${opchain}`);
    expect(bySenderAndDestination.map((m) => m.id).sort()).toEqual(
      all.filter((m) => m.sender === sent[0]!.sender.toLowerCase() && m.destination.chainId === opchain).map((m) => m.id).sort(),
    );
  });

  it("finds the messages of a transaction on either chain", async () => {
    const message = sent.find((m) => m.payments.length >= 2)!;
    const dispatchTx = (await getJson(`${indexer.url}/api/tx/${message.dispatch.txHash}`)).body;
    expect(dispatchTx.dispatched.map((m: any) => m.id)).toEqual([message.id]);
    const topUp = (await getJson(`${indexer.url}/api/tx/${message.payments[1]!.txHash}`)).body;
    expect(topUp.gasPayments.map((p: any) => p.messageId)).toEqual([message.id]);
    expect(topUp.paidMessages.map((m: any) => m.id)).toEqual([message.id]);
    const deliveredOne = (await getJson(`${indexer.url}/api/messages?status=delivered&limit=1`)).body.items[0];
    const deliveryTx = (await getJson(`${indexer.url}/api/tx/${deliveredOne.delivery.txHash}`)).body;
    expect(deliveryTx.delivered.map((m: any) => m.id)).toEqual([deliveredOne.id]);
  });

  it("finds whatever is pasted in a search box: a message id, a transaction, an address, a contract, a chain", async () => {
    const search = async (q: string) => (await getJson(`${indexer.url}/api/search?q=${encodeURIComponent(q)}`)).body.matches;
    const message = sent.find((m) => m.payments.length >= 2)!;
    const delivered = await mailboxDelivered(chainNamed(network, message.destination), message.id);
    expect(await search(message.id)).toEqual([
      { type: "message", id: message.id, status: delivered ? "delivered" : "pending", origin: message.origin, destination: message.destination, href: `/api/messages/${message.id}` },
    ]);
    expect(await search(message.dispatch.txHash)).toEqual([
      {
        type: "transaction",
        hash: message.dispatch.txHash,
        dispatched: sent.filter((m) => m.dispatch.txHash === message.dispatch.txHash).length,
        delivered: 0,
        gasPayments: message.payments.filter((p) => p.txHash === message.dispatch.txHash).length,
        href: `/api/tx/${message.dispatch.txHash}`,
      },
    ]);
    // The sender's messages, counted by an independent scan of every Mailbox's Dispatch logs.
    const sender = message.sender.toLowerCase() as Address;
    let dispatchedBySender = 0;
    for (const chain of network.chains) {
      const logs = await chain.publicClient.getLogs({ address: chain.hyperlane.mailbox, event: dispatchEvent, args: { sender }, fromBlock: 0n, toBlock: "latest" });
      dispatchedBySender += logs.length;
    }
    const [account] = await search(sender.toUpperCase().replace("0X", "0x"));
    expect(account).toMatchObject({ type: "account", address: sender, messages: { sent: dispatchedBySender, received: 0 } });
    expect(dispatchedBySender).toBeGreaterThan(0);
    const mailbox = chainNamed(network, "rarichain").hyperlane.mailbox.toLowerCase();
    const mailboxes = (await search(mailbox)).filter((m: any) => m.type === "contract");
    expect(mailboxes.map((m: any) => [m.chain, m.role, m.of]).sort()).toEqual(
      network.chains.filter((c) => c.hyperlane.mailbox.toLowerCase() === mailbox).map((c) => [c.name, "mailbox", "metalayer"]).sort(),
    );
    const rarichain = chainNamed(network, "rarichain");
    expect(await search("rarichain")).toMatchObject([{ type: "chain", chainId: rarichain.chainId, domainId: rarichain.domainId, stack: "orbit" }]);
    expect(await search(`0x${"ab".repeat(32)}`)).toEqual([]);
  });

  it("serves the route matrix with delivery latency percentiles, as an independent log scan finds them", async () => {
    // Every Dispatch (the Mailboxes' and the fixture's) and every ProcessId, read with getLogs:
    // id = keccak256(message), the pair from the chain and the destination topic.
    const blockTime = new Map<string, number>();
    const timeOf = async (chain: (typeof network.chains)[number], blockNumber: bigint) => {
      const key = `${chain.name}:${blockNumber}`;
      if (!blockTime.has(key)) blockTime.set(key, Number((await chain.publicClient.getBlock({ blockNumber })).timestamp));
      return blockTime.get(key)!;
    };
    const dispatched = new Map<Hex, { pair: string; at: number }>();
    const deliveredAt = new Map<Hex, number>();
    for (const chain of network.chains) {
      const mailboxes = chain.name === "settlement" ? [chain.hyperlane.mailbox, EMITTER] : [chain.hyperlane.mailbox];
      for (const log of await chain.publicClient.getLogs({ address: mailboxes, event: dispatchEvent, fromBlock: 0n, toBlock: "latest" })) {
        const destination = network.chains.find((c) => c.domainId === log.args.destination)!;
        dispatched.set(keccak256(log.args.message!), { pair: `${chain.name}>${destination.name}`, at: await timeOf(chain, log.blockNumber) });
      }
      for (const log of await chain.publicClient.getLogs({ address: chain.hyperlane.mailbox, event: processIdEvent, fromBlock: 0n, toBlock: "latest" })) {
        deliveredAt.set(log.args.messageId!, await timeOf(chain, log.blockNumber));
      }
    }
    const gas = await gasPaymentLogs(network.chains);
    const percentile = (sorted: number[], p: number) => sorted[Math.ceil(p * sorted.length) - 1];
    const figures = (ids: Hex[]) => {
      const latencies = ids.filter((id) => deliveredAt.has(id)).map((id) => deliveredAt.get(id)! - dispatched.get(id)!.at).sort((a, b) => a - b);
      const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
      return {
        messages: ids.length,
        delivered: latencies.length,
        pending: ids.length - latencies.length,
        unpaid: ids.filter((id) => !gas.has(id)).length,
        latencySeconds: latencies.length
          ? { p50: percentile(latencies, 0.5), p90: percentile(latencies, 0.9), p99: percentile(latencies, 0.99), max: latencies.at(-1), mean: Math.round(mean * 100) / 100 }
          : null,
      };
    };
    /** Pending by reason: the unpaid ones wait for gas (every destination is indexed past them), the paid ones only for time. */
    const withReasons = ({ pendingByReason, ...rest }: any, ids: Hex[]) => {
      const unpaidPending = ids.filter((id) => !gas.has(id) && !deliveredAt.has(id)).length;
      expect(pendingByReason.no_gas_paid).toBe(unpaidPending);
      expect(pendingByReason.in_flight + pendingByReason.not_relayed).toBe(rest.pending - unpaidPending);
      return rest;
    };
    const idsOf = (pair?: string) => [...dispatched].filter(([, d]) => pair === undefined || d.pair === pair).map(([id]) => id);

    const { status, body } = await getJson(`${indexer.url}/api/analytics/messages`);
    expect(status).toBe(200);
    expect(withReasons(body.total, idsOf())).toEqual(figures(idsOf()));
    const pairs = [...new Set([...dispatched.values()].map((d) => d.pair))].sort();
    expect(body.pairs.map((p: any) => `${p.origin.name}>${p.destination.name}`).sort()).toEqual(pairs);
    expect(pairs).toHaveLength(12);
    for (const p of body.pairs) {
      const ids = idsOf(`${p.origin.name}>${p.destination.name}`);
      const { origin, destination, gasPaid, ...served } = p;
      expect(withReasons(served, ids)).toEqual(figures(ids));
      expect(gasPaid).toBe(String(ids.reduce((sum, id) => sum + (gas.get(id)?.paid ?? 0n), 0n)));
    }
    // One pair, and a window that ends before anything was dispatched.
    const one = (await getJson(`${indexer.url}/api/analytics/messages?origin=rarichain&destination=${chainNamed(network, "opchain").chainId}`)).body;
    expect(one.pairs.map((p: any) => p.origin.name + ">" + p.destination.name)).toEqual(["rarichain>opchain"]);
    expect(withReasons(one.total, idsOf("rarichain>opchain"))).toEqual(figures(idsOf("rarichain>opchain")));
    const before = (await getJson(`${indexer.url}/api/analytics/messages?to=1`)).body;
    expect(before).toMatchObject({ pairs: [], total: { messages: 0, delivered: 0, latencySeconds: null } });
  });

  it("reports each chain's indexing progress and message counts", async () => {
    const { body } = await getJson(`${indexer.url}/api/chains`);
    expect(body.items.map((c: any) => [c.name, c.chainId, c.domainId, c.stack])).toEqual([
      ...network.chains.map((c) => [c.name, c.chainId, c.domainId, c.stack]),
      [BARE, bare.chainId, bare.chainId, "orbit"],
    ]);
    for (const chain of body.items.filter((c: any) => c.name !== BARE)) {
      expect(chain.indexed.blockNumber).toBeGreaterThanOrEqual(Number(target[chain.name]));
      const block = await chainNamed(network, chain.name).publicClient.getBlock({ blockNumber: BigInt(chain.indexed.blockNumber) });
      expect(chain.indexed.timestamp).toBe(Number(block.timestamp));
    }
  });

  it("serves a gas payment for an id no chain dispatched as a payment, not as a message", async () => {
    const id = orphanPayment.id;
    const { status, body } = await getJson(`${indexer.url}/api/messages/${id}`);
    expect(status).toBe(404);
    expect(body.error.details.gasPayments).toEqual([
      expect.objectContaining({ messageId: id, chainId: chainNamed(network, "settlement").chainId, payment: orphanPayment.payment.toString(), txHash: orphanPayment.txHash }),
    ]);
    expect((await allMessages(indexer.url)).some((m) => m.id === id)).toBe(false);
    const graphql = await fetch(`${indexer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ message(id: "${id}") { id } messages(where: { id: "${id}" }) { totalCount } gasPayments(where: { messageId: "${id}" }) { totalCount } }` }),
    });
    expect(((await graphql.json()) as any).data).toEqual({ message: null, messages: { totalCount: 0 }, gasPayments: { totalCount: 1 } });
    const matches = (await getJson(`${indexer.url}/api/search?q=${id}`)).body.matches;
    expect(matches).toEqual([{ type: "gasPayment", messageId: id, payments: 1, message: null, href: `/api/messages/${id}` }]);
    const tx = (await getJson(`${indexer.url}/api/tx/${orphanPayment.txHash}`)).body;
    expect(tx.gasPayments.map((p: any) => p.messageId)).toEqual([id]);
    expect(tx.paidMessages).toEqual([]);
  });

  it("records a payment made on another chain than the message's origin, and does not add it to the message's gas", async () => {
    const { message } = strayPayment;
    const tx = (await getJson(`${indexer.url}/api/tx/${strayPayment.txHash}`)).body;
    expect(tx.gasPayments).toEqual([expect.objectContaining({ messageId: message.id, chainId: chainNamed(network, "orbitchain").chainId })]);
    const served = (await getJson(`${indexer.url}/api/messages/${message.id}`)).body;
    const onOrigin = message.payments.reduce((sum, p) => sum + p.payment, 0n);
    expect(served.gas).toMatchObject({ payments: message.payments.length, paid: onOrigin.toString() });
  });

  it("resolves a chain with no Hyperlane deployment by name in every endpoint and relation", async () => {
    const chains = (await getJson(`${indexer.url}/api/chains`)).body.items;
    expect(chains.find((c: any) => c.name === BARE)).toMatchObject({ chainId: bare.chainId, settlesOn: "settlement", deployments: [] });
    const list = await getJson(`${indexer.url}/api/messages?origin=${BARE}`);
    expect([list.status, list.body.items]).toEqual([200, []]);
    expect((await getJson(`${indexer.url}/api/search?q=${BARE}`)).body.matches).toMatchObject([{ type: "chain", chainId: bare.chainId }]);
    const graphql = await fetch(`${indexer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ chain(chainId: ${bare.chainId}) { name stack dispatched { totalCount } } }` }),
    });
    expect(((await graphql.json()) as any).data).toEqual({ chain: { name: BARE, stack: "orbit", dispatched: { totalCount: 0 } } });
  });

  it("serves GraphQL over the same tables", async () => {
    const response = await fetch(`${indexer.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      // The chain ids here run past 2^31: GraphQL must still carry them, as numbers.
      body: JSON.stringify({ query: `{ messages(where: { status: "pending" }, limit: 5) { totalCount items { id originChainId destinationDomain origin { name chainId domainId } } } }` }),
    });
    const { data, errors } = (await response.json()) as any;
    expect(errors, JSON.stringify(errors)).toBeUndefined();
    const pending = await allMessages(indexer.url, "&status=pending");
    expect(data.messages.totalCount).toBe(pending.length);
    for (const item of data.messages.items) {
      const rest = pending.find((m) => m.id === item.id);
      expect(item).toEqual({
        id: rest.id,
        originChainId: rest.origin.chainId,
        destinationDomain: rest.destination.domainId,
        origin: { name: rest.origin.name, chainId: rest.origin.chainId, domainId: rest.origin.domainId },
      });
    }
    expect(Math.max(...data.messages.items.map((m: any) => m.originChainId))).toBeGreaterThan(2 ** 31);
  });

  describe("bad input gets a 4xx JSON error naming the parameter", () => {
    const cases: [string, number, string][] = [
      ["/api/messages/0x1234", 400, "id"],
      ["/api/messages/not-an-id", 400, "id"],
      [`/api/messages/0x${"g".repeat(64)}`, 400, "id"],
      [`/api/messages/${"0x" + "ab".repeat(32)}`, 404, ""],
      ["/api/messages?status=lost", 400, "status"],
      ["/api/messages?limit=0", 400, "limit"],
      ["/api/messages?limit=100000", 400, "limit"],
      ["/api/messages?limit=ten", 400, "limit"],
      ["/api/messages?origin=mars", 400, "origin"],
      ["/api/messages?destination=1;DROP TABLE message", 400, "destination"],
      ["/api/messages?sender=0xnothex", 400, "sender"],
      ["/api/messages?recipient=" + "0x" + "a".repeat(50), 400, "recipient"],
      ["/api/messages?appSender=0x12", 400, "appSender"],
      ["/api/messages?cursor=%27%20OR%201=1--", 400, "cursor"],
      ["/api/messages?cursor=" + Buffer.from("1:0xzz").toString("base64url"), 400, "cursor"],
      ["/api/tx/0x12", 400, "hash"],
      [`/api/tx/0x${"00".repeat(32)}`, 404, ""],
      ["/api/nothing-here", 404, ""],
      ["/api/transfers/0x12", 400, "id"],
      ["/api/transfers?status=lost", 400, "status"],
      ["/api/transfers?origin=atlantis", 400, "origin"],
      [`/api/transfers/${"0x" + "cd".repeat(32)}`, 404, ""],
      ["/api/liquidity/nope", 404, ""],
      ["/api/analytics/transfers?interval=week", 400, "interval"],
      ["/api/analytics/transfers?from=yesterday", 400, "from"],
      ["/api/analytics/transfers?from=10&to=5", 400, "from"],
      ["/api/analytics/transfers?route=ERA&asset=ERA", 400, "route"],
      ["/api/analytics/transfers?origin=settlement", 400, "destination"],
      ["/api/analytics/top-routes?limit=0", 400, "limit"],
      ["/api/analytics/messages?origin=mars", 400, "origin"],
      ["/api/analytics/messages?from=5&to=5", 400, "from"],
      ["/api/search", 400, "q"],
      ["/api/search?q=%27%20OR%201=1--", 400, "q"],
      ["/api/search?q=0x1234", 400, "q"],
    ];
    for (const [path, status, parameter] of cases) {
      it(`${path} → ${status}`, async () => {
        const response = await getJson(`${indexer.url}${path}`);
        expect(response.status).toBe(status);
        expect(response.contentType).toMatch(/application\/json/);
        expect(response.body.error.code).toBe(status === 400 ? "invalid_parameter" : "not_found");
        if (parameter) expect(response.body.error.message).toMatch(new RegExp(`^${parameter}: expected`));
      });
    }
  });
});

describe("messages indexed on PostgreSQL", () => {
  it("serves the same ground truth, and multichain and omnichain orderings give identical tables", async () => {
    const multichain = await postgresIndexer("multichain");
    await expectGroundTruth(multichain.indexer.url);
    const omnichain = await postgresIndexer("omnichain");
    await expectGroundTruth(omnichain.indexer.url);
    const [a, b] = await Promise.all([dumpTables(multichain.schema), dumpTables(omnichain.schema)]);
    expect(a.message!.length).toBeGreaterThan(240);
    expect(b).toEqual(a);
  });
});
