import { writeFileSync } from "node:fs";
import { encodeFunctionData, getAddress, type Hex, isAddressEqual, keccak256, parseAbiItem, parseEventLogs } from "viem";
import { privateKeyToAddress } from "viem/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GovernorAbi } from "../../abis/Governor";
import { devnetAccount } from "../../devnet/accounts";
import { governanceAbi } from "../../devnet/governance/abi";
import { governanceApp } from "../../devnet/governance/app";
import { type GovernanceDeployment, deployGovernance } from "../../devnet/governance/deploy";
import { castVote, propose, untilBlock } from "../../devnet/governance/proposals";
import { type Indexer, type PonderProcess, startReplica } from "../../devnet/indexer";
import { chainNamed, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { bedrockArtifact } from "../../devnet/rollups/artifacts";
import { call } from "../../devnet/rollups/call";
import { deployRollups, type OpStackRollupDeployment, type RollupsDeployment } from "../../devnet/rollups/deploy";
import { rollupsManifestOf } from "../../devnet/rollups/manifest";
import { deliverMessages, mineEmpty, sendMessages, type MessageSpec, type SentMessage } from "../../devnet/scenario";
import { transact } from "../../devnet/transact";
import { assertEventDocumented } from "./documented";
import { DATABASE_URL, dropSchema, freshSchema, getJson, heads, indexUpTo, mailboxDelivered, tempDir } from "./harness";

/**
 * `/api/stream` on the live devnet, on PGlite and on PostgreSQL (and a `ponder serve` replica of
 * it): every dispatch and delivery on the stream within a second of the API's having it, the
 * same objects the API serves, a reconnect with Last-Event-ID that misses nothing and repeats
 * nothing, a reorg that removes a delivery streamed as the message back to pending, and a bridge
 * deposit, a proposal and its vote as their receipts record them.
 */

type Frame = { id: string; event: string; data: any; at: number };
type Client = { url: string; frames: Frame[]; comments: string[]; status: number; close(): void; done: Promise<void> };
/** Every client a test opened, so that one failing test leaves no stream open for the next. */
const opened: Client[] = [];

/** A plain SSE reader over fetch: frames as they arrive, with their arrival time. */
async function listen(url: string, lastEventId?: string): Promise<Client> {
  const abort = new AbortController();
  const response = await fetch(url, { signal: abort.signal, headers: lastEventId ? { "last-event-id": lastEventId } : {} });
  const client: Client = { url, frames: [], comments: [], status: response.status, close: () => abort.abort(), done: Promise.resolve() };
  opened.push(client);
  if (response.status !== 200) return client;
  client.done = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: Partial<Frame> = {};
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) client.comments.push(line);
            else if (line.startsWith("id: ")) frame.id = line.slice(4);
            else if (line.startsWith("event: ")) frame.event = line.slice(7);
            else if (line.startsWith("data: ")) frame.data = JSON.parse(line.slice(6));
          }
          if (frame.event) client.frames.push({ ...(frame as Frame), at: Date.now() });
        }
      }
    } catch {
      // closed: by the test, or by the server (the test asserts on what arrived)
    }
  })();
  return client;
}

const until = async (what: () => boolean | Promise<boolean>, label: string, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await what())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${label}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

const dispatchEvent = parseAbiItem("event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)");

let network: Network;
let rollups: RollupsDeployment;
let gov: GovernanceDeployment;
let manifestPath: string;
const schema = freshSchema("stream");
const servers: { name: string; url: string; indexer: Indexer }[] = [];
let replica: PonderProcess | undefined;
/** A client that hears nothing but the heartbeat (a proposal id no one proposed). */
let quiet: Client;
const specs = (n: number, deliver = true): MessageSpec[] =>
  Array.from({ length: n }, (_, i) => {
    const names = ["settlement", "opchain", "orbitchain", "rarichain"];
    return { origin: names[i % 4]!, destination: names[(i + 1) % 4]!, body: `0x5e${i.toString(16).padStart(4, "0")}` as Hex, payments: [10n ** 15n], deliver };
  });

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  rollups = await deployRollups(network);
  gov = await deployGovernance(network);
  // Account 2's tokens vote as its own.
  await transact(chainNamed(network, gov.chain), 2, {
    to: gov.token,
    data: encodeFunctionData({ abi: governanceAbi.token, functionName: "delegate", args: [devnetAccount(2).address] }),
  });
  await mineEmpty(network, 35);
  manifestPath = `${tempDir("manifest")}/manifest.json`;
  writeFileSync(manifestPath, JSON.stringify(governanceApp.manifest({ ...network.manifest, ...rollupsManifestOf(rollups) }, gov)));
  const target = await heads(network);
  // One after the other: Ponder's start-up is CPU-bound.
  const pglite = await indexUpTo({ manifestPath, pgliteDir: tempDir("pglite") }, target);
  const postgres = await indexUpTo({ manifestPath, databaseUrl: DATABASE_URL, schema }, target);
  servers.push({ name: "PGlite", url: pglite.url, indexer: pglite }, { name: "PostgreSQL", url: postgres.url, indexer: postgres });
  for (const { indexer } of servers) await indexer.waitForReady();
  replica = await startReplica({ manifestPath, databaseUrl: DATABASE_URL, schema });
  quiet = await listen(`${servers[0]!.url}/api/stream?kinds=governance&id=0x${"00".repeat(32)}`);
}, 400_000);

afterAll(async () => {
  quiet?.close();
  await replica?.stop();
  await Promise.all(servers.map((s) => s.indexer.stop()));
  await network?.stop();
  await dropSchema(schema);
});

/**
 * When Ponder had indexed each message's change, read every 50 ms: the first time the API's list
 * served its state and /status had its chain at its block. (On PGlite the list can serve a row
 * before Ponder has written the rest of its block: Ponder writes there without a transaction.)
 */
function watchIndexed(server: (typeof servers)[number], changes: { id: Hex; chain: string; block: bigint }[], status: "pending" | "delivered") {
  const served = new Map<Hex, number>();
  const indexed = new Map<Hex, number>();
  const done = (async () => {
    while (served.size < changes.length || indexed.size < changes.length) {
      const [{ body }, chains] = await Promise.all([getJson(`${server.url}/api/messages?limit=20`), server.indexer.status()]);
      const now = Date.now();
      for (const m of body.items) if (changes.some((c) => c.id === m.id) && m.status === status && !served.has(m.id)) served.set(m.id, now);
      for (const c of changes) if (!indexed.has(c.id) && (chains[c.chain]?.block.number ?? -1) >= Number(c.block)) indexed.set(c.id, now);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return { at: (id: Hex) => Math.max(served.get(id)!, indexed.get(id)!), done };
}

const firstFrame = (client: Client, id: Hex, status: string) => client.frames.find((f) => f.event === "message" && f.data.id === id && f.data.status === status);

describe("the live stream", () => {
  it("refuses bad parameters before it starts, naming them", async () => {
    const url = servers[0]!.url;
    for (const [query, parameter] of [
      ["kinds=message,nonsense", "kinds"],
      ["kinds=", "kinds"],
      ["status=lost", "status"],
      ["kinds=message&status=buffered", "status"],
      ["origin=nowhere", "origin"],
      ["sender=0x1234", "sender"],
      ["id=0x12", "id"],
      ["lastEventId=abc", "lastEventId"],
    ]) {
      const { status, body } = await getJson(`${url}/api/stream?${query}`);
      expect(status, query).toBe(400);
      expect(body.error.details.parameter, query).toBe(parameter);
    }
    const response = await fetch(`${url}/api/stream`, { headers: { "last-event-id": "12;drop" } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as any).error.details.parameter).toBe("Last-Event-ID");
  });

  it("streams every dispatch and delivery within 1 s of the API's having it, as the API serves it", async () => {
    const clients = await Promise.all(servers.map((s) => listen(`${s.url}/api/stream`)));
    const filtered = await listen(`${servers[1]!.url}/api/stream?kinds=message&destination=opchain&status=delivered`);
    const fromReplica = await listen(`${replica!.url}/api/stream`);
    await new Promise((r) => setTimeout(r, 500));
    const start = await heads(network);

    const sent: SentMessage[] = [];
    for (let round = 0; round < 3; round++) {
      const batch = await sendMessages(network, specs(4));
      const dispatched = servers.map((s) => watchIndexed(s, batch.map((m) => ({ id: m.id, chain: m.origin, block: m.dispatch.blockNumber })), "pending"));
      await Promise.all(dispatched.map((w) => w.done));
      // The stream sends an object's state as of its poll: a delivery indexed before the next
      // poll would make the pending state one no poll saw. So the deliveries wait until the
      // dispatches are on the stream (for at most the 1 s the assertions below allow).
      const heard = () => clients.every((c) => batch.every((m) => firstFrame(c, m.id, "pending")));
      await until(heard, "the dispatches streamed", 1_000).catch(() => {});
      const deliveries = await deliverMessages(network, batch);
      const changes = batch.map((m, i) => ({ id: m.id, chain: m.destination, block: deliveries[i]!.blockNumber }));
      const delivered = servers.map((s) => watchIndexed(s, changes, "delivered"));
      await Promise.all(delivered.map((w) => w.done));
      await new Promise((r) => setTimeout(r, 1_000));
      servers.forEach((s, i) => {
        for (const [watch, status] of [[dispatched[i]!, "pending"], [delivered[i]!, "delivered"]] as const) {
          for (const m of batch) {
            const frame = firstFrame(clients[i]!, m.id, status);
            expect(frame, `${s.name}: ${m.id} ${status} on the stream`).toBeDefined();
            expect(frame!.at - watch.at(m.id), `${s.name}: ${m.id} ${status}, ms after Ponder indexed it`).toBeLessThan(1_000);
          }
        }
      });
      sent.push(...batch);
    }

    // Ground truth: the chains' Dispatch logs and the destination Mailboxes.
    const fromLogs = new Set<Hex>();
    for (const chain of network.chains) {
      const logs = await chain.publicClient.getLogs({ address: chain.hyperlane.mailbox, event: dispatchEvent, fromBlock: start[chain.name]! + 1n, toBlock: "latest" });
      for (const log of logs) fromLogs.add(keccak256(log.args.message!));
    }
    for (const m of sent) expect(await mailboxDelivered(chainNamed(network, m.destination), m.id)).toBe(true);
    for (const [i, s] of servers.entries()) {
      const streamed = new Set(clients[i]!.frames.filter((f) => f.event === "message").map((f) => f.data.id));
      expect([...streamed].sort(), s.name).toEqual([...fromLogs].sort());
      // Each object's last frame is what the API serves now.
      for (const m of sent) {
        const last = clients[i]!.frames.filter((f) => f.event === "message" && f.data.id === m.id).at(-1)!;
        expect(last.data, s.name).toEqual((await getJson(`${s.url}/api/messages/${m.id}`)).body);
      }
      const ids = clients[i]!.frames.map((f) => f.id);
      expect(new Set(ids).size, `${s.name}: every event id once`).toBe(ids.length);
    }
    // The replica reads the same changelog: the same objects, each last sent under the same id.
    // (Which changes share one event depends on when each server polled.)
    const lastFrames = (c: Client) => {
      const last = new Map<string, { id: string; event: string; data: unknown }>();
      for (const { id, event, data } of c.frames) last.set(`${event}:${(data as { id: string }).id}`, { id, event, data });
      return Object.fromEntries([...last].sort(([a], [b]) => (a < b ? -1 : 1)));
    };
    await until(() => JSON.stringify(lastFrames(fromReplica)) === JSON.stringify(lastFrames(clients[1]!)), "the replica has streamed the same", 5_000).catch(() => {});
    expect(lastFrames(fromReplica)).toEqual(lastFrames(clients[1]!));
    // The filter: deliveries to opchain only.
    const toOpchain = sent.filter((m) => m.destination === "opchain").map((m) => m.id);
    expect(filtered.frames.every((f) => f.data.destination.name === "opchain" && f.data.status === "delivered")).toBe(true);
    expect(filtered.frames.map((f) => f.data.id).sort()).toEqual([...toOpchain].sort());
    for (const c of [...clients, filtered, fromReplica]) c.close();
  }, 120_000);

  it("a client that reconnects with Last-Event-ID gets exactly what it missed", async () => {
    for (const s of servers) {
      const stayed = await listen(`${s.url}/api/stream?kinds=message`);
      const leaving = await listen(`${s.url}/api/stream?kinds=message`);
      await new Promise((r) => setTimeout(r, 500));
      const first = await sendMessages(network, specs(4));
      await until(() => first.every((m) => firstFrame(leaving, m.id, "pending")), `${s.name}: the first dispatches streamed`);
      leaving.close();
      const lastSeen = leaving.frames.at(-1)!.id;

      // While it is away: deliveries of what it saw, and new messages, some delivered.
      await deliverMessages(network, first);
      const second = await sendMessages(network, specs(4));
      await deliverMessages(network, second.slice(0, 2));
      await until(
        // (A message sent and delivered within one poll is one event, delivered.)
        () => first.every((m) => firstFrame(stayed, m.id, "delivered")) && second.every((m) => stayed.frames.some((f) => f.data?.id === m.id)) && second.slice(0, 2).every((m) => firstFrame(stayed, m.id, "delivered")),
        `${s.name}: the client that stayed has every change`,
      );
      const back = await listen(`${s.url}/api/stream?kinds=message`, lastSeen);
      await until(() => back.frames.length > 0, `${s.name}: the missed events`);
      await new Promise((r) => setTimeout(r, 1_000));
      // Live again: one more change reaches both.
      await deliverMessages(network, second.slice(2));
      await until(() => second.every((m) => firstFrame(back, m.id, "delivered") && firstFrame(stayed, m.id, "delivered")), `${s.name}: the last deliveries`);
      await new Promise((r) => setTimeout(r, 1_000));
      back.close();
      stayed.close();

      const after = stayed.frames.slice(stayed.frames.findIndex((f) => f.id === lastSeen) + 1);
      expect(after.length, `${s.name}: the stayed client saw ${lastSeen}`).toBeLessThan(stayed.frames.length);
      const ids = back.frames.map((f) => f.id);
      expect(new Set(ids).size, `${s.name}: nothing twice`).toBe(ids.length);
      const objects = (frames: Frame[]) => [...new Set(frames.map((f) => f.data.id))].sort();
      expect(objects(back.frames), `${s.name}: no object missed`).toEqual(objects(after));
      for (const id of objects(after)) {
        const lastOf = (frames: Frame[]) => frames.filter((f) => f.data.id === id).map(({ id, event, data }) => ({ id, event, data })).at(-1);
        expect(lastOf(back.frames), `${s.name}: ${id} ends the same`).toEqual(lastOf(after));
      }
      // Every event the reconnected client got is one the other client got, with the same id.
      const stayedIds = new Set(after.map((f) => f.id));
      expect(ids.filter((id) => !stayedIds.has(id))).toEqual([]);
    }
  }, 120_000);

  it("a reorg that removes a delivery streams the message back to pending, to clients connected and reconnecting", async () => {
    const opchain = chainNamed(network, "opchain");
    // Opened right before the dispatch, with no pause: a client hears every change committed
    // after it connected (it is let in before the poll that reads them).
    const away = await Promise.all(servers.map((s) => listen(`${s.url}/api/stream?kinds=message`)));
    const [message] = await sendMessages(network, [{ origin: "settlement", destination: "opchain", body: "0x5eed", payments: [10n ** 15n], deliver: true }]);
    const live = await Promise.all(servers.map((s) => listen(`${s.url}/api/stream?id=${message!.id}`)));
    for (const [i, s] of servers.entries()) await until(() => firstFrame(away[i]!, message!.id, "pending") !== undefined, `${s.name}: the dispatch streamed`, 10_000);
    for (const s of servers) await until(async () => (await getJson(`${s.url}/api/messages/${message!.id}`)).body.status === "pending", "the dispatch indexed");

    const snapshot = await opchain.testClient.snapshot();
    const [delivery] = await deliverMessages(network, [message!]);
    await until(() => [...live, ...away].every((c) => firstFrame(c, message!.id, "delivered")), "the delivery streamed");
    for (const c of away) c.close();
    const lastSeen = away.map((c) => c.frames.at(-1)!.id);

    await opchain.testClient.revert({ id: snapshot });
    await opchain.testClient.mine({ blocks: 5 });
    expect(await mailboxDelivered(opchain, message!.id)).toBe(false);
    expect((await opchain.publicClient.getBlock({ blockNumber: delivery!.blockNumber })).transactions).not.toContain(delivery!.txHash);

    const backToPending = (c: Client) => {
      const i = c.frames.findIndex((f) => f.data?.id === message!.id && f.data.status === "delivered");
      return c.frames.slice(i + 1).find((f) => f.event === "message" && f.data.id === message!.id && f.data.status === "pending");
    };
    await until(() => live.every((c) => backToPending(c)), "the reorg streamed", 60_000);
    for (const [i, s] of servers.entries()) {
      const frame = backToPending(live[i]!)!;
      const served = (await getJson(`${s.url}/api/messages/${message!.id}`)).body;
      expect(served.status).toBe("pending");
      // (The diagnosis is derived from how far the destination is indexed, which moves on: its
      // reason too, from destination_lagging to not_relayed.)
      const steady = (m: any) => ({ ...m, diagnosis: undefined });
      expect(steady(frame.data), s.name).toEqual(steady(served));
      expect(frame.data.delivery).toBeNull();
      // A client that was away during the reorg hears of it when it comes back.
      const back = await listen(`${s.url}/api/stream?kinds=message`, lastSeen[i]);
      await until(() => back.frames.some((f) => f.data?.id === message!.id), `${s.name}: the reconnected client hears of the reorg`);
      back.close();
      expect(steady(back.frames.find((f) => f.data?.id === message!.id)!.data), s.name).toEqual(steady(served));
    }
    for (const c of live) c.close();
  }, 120_000);

  it("streams a bridge deposit, a proposal and its vote as their receipts record them, as the API serves them", async () => {
    const settlement = chainNamed(network, "settlement");
    const op = rollups.rollups.find((r) => r.stack === "opstack" && r.chain === "opchain") as OpStackRollupDeployment;
    const urls = [...servers.map((s) => [s.name, s.url] as const), ["replica", replica!.url] as const];
    const clients = await Promise.all(urls.map(([, url]) => listen(`${url}/api/stream?kinds=bridgeTransfer,governance`)));

    // A deposit on the OP chain's standard bridge, and what its receipt logged.
    const to = privateKeyToAddress(`0x${"5e".repeat(32)}`);
    const bridgeAbi = bedrockArtifact("L1StandardBridge").abi;
    const deposited = await call(settlement, 2, op.contracts.l1StandardBridge, bridgeAbi, "depositETHTo", [to, 200_000, "0x"], 3n * 10n ** 15n);
    const [initiated] = parseEventLogs({ abi: bridgeAbi, eventName: "ETHDepositInitiated", logs: deposited.logs }) as unknown as { args: { from: Hex; to: Hex; amount: bigint } }[];
    // A proposal, then a vote on it once voting opens.
    const calldata = encodeFunctionData({ abi: governanceAbi.token, functionName: "delegate", args: [to] });
    const proposal = await propose(settlement, gov, 2, [{ target: gov.token, value: 0n, calldata }], "stream test: a proposal and its vote");
    await untilBlock(settlement, proposal.voteStart + 1n, "mine");
    const voted = await castVote(settlement, gov, proposal, { voter: 2, support: 1 });
    const [vote] = parseEventLogs({ abi: GovernorAbi, eventName: "VoteCast", logs: voted.logs.filter((l) => isAddressEqual(l.address, gov.governor)) });
    const [, forVotes] = await settlement.publicClient.readContract({ address: gov.governor, abi: governanceAbi.governor, functionName: "proposalVotes", args: [proposal.id] });

    const depositFrame = (c: Client) => c.frames.filter((f) => f.event === "bridgeTransfer" && f.data.initiated?.txHash === deposited.transactionHash).at(-1);
    const votedFrame = (c: Client) =>
      c.frames.filter((f) => f.event === "governance" && f.data.id === `0x${proposal.id.toString(16).padStart(64, "0")}` && f.data.votes.items.length > 0).at(-1);
    for (const [i, [name]] of urls.entries()) {
      await until(() => depositFrame(clients[i]!) !== undefined && votedFrame(clients[i]!) !== undefined, `${name}: the deposit and the vote streamed`, 30_000);
    }
    for (const [i, [name, url]] of urls.entries()) {
      const d = depositFrame(clients[i]!)!.data;
      expect(d, name).toMatchObject({ direction: "deposit", stack: "opstack", from: initiated!.args.from.toLowerCase(), to: initiated!.args.to.toLowerCase(), amount: initiated!.args.amount.toString() });
      expect(d, name).toEqual((await getJson(`${url}/api/bridge-transfers/${encodeURIComponent(d.id)}`)).body);

      const p = votedFrame(clients[i]!)!.data;
      expect(BigInt(p.proposalId), name).toBe(proposal.id);
      expect(p.proposer, name).toBe(proposal.proposer.toLowerCase());
      expect(p.votes.items.map((v: any) => [getAddress(v.voter), v.support, v.weight]), name).toEqual([[vote!.args.voter, "For", vote!.args.weight.toString()]]);
      expect(p.tally.for, name).toBe(forVotes.toString());
      const served = (await getJson(`${url}/api/governance/proposals/${p.id}`)).body;
      // The state is derived from the clock (active until its vote ends): the rest is what the GET serves.
      expect({ ...p, state: undefined }, name).toEqual({ ...served, state: undefined });
    }
    for (const c of clients) c.close();
  }, 120_000);

  it("bounds the connections: a JSON 503 beyond the cap, and a heartbeat comment", async () => {
    const url = servers[0]!.url;
    for (const c of opened) if (c !== quiet) c.close();
    await new Promise((r) => setTimeout(r, 1_000));
    // STREAM_LIMITS.connections is 100; the quiet client holds one.
    const open = await Promise.all(Array.from({ length: 99 }, () => listen(`${url}/api/stream?kinds=governance`)));
    expect(open.every((c) => c.status === 200)).toBe(true);
    const { status, body } = await getJson(`${url}/api/stream`);
    expect(status).toBe(503);
    expect(body.error.code).toBe("unavailable");
    for (const c of open) c.close();
    // The quiet client has been open for about as long as the tests above.
    await until(() => quiet.comments.includes(": heartbeat"), "a heartbeat", 16_000);
    expect(quiet.frames).toEqual([]);
    await until(async () => (await fetch(`${url}/api/stream?kinds=governance`).then((r) => (r.body?.cancel(), r.status))) === 200, "a slot is free again", 10_000);
  }, 60_000);

  it("sends only events the API document names, each data its schema", async () => {
    const frames = opened.flatMap((c) => c.frames.map((f) => ({ url: c.url, ...f })));
    expect([...new Set(frames.map((f) => f.event))]).toEqual(expect.arrayContaining(["message", "bridgeTransfer", "governance"]));
    for (const f of frames) await assertEventDocumented(f.url, f.event, f.data);
  });
});
