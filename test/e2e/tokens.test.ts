import { writeFileSync } from "node:fs";
import { type Address, type Hex, keccak256, pad } from "viem";
import { emitDispatch, hyperlaneMessage, installLogEmitter } from "../fixtures/log-emitter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Indexer } from "../../devnet/indexer";
import { type MetalayerDeployment, deployMetalayer, makeMetalayerScenario, sendMetalayerMessages, type SentMetalayerMessage, withMetalayerRouters } from "../../devnet/metalayer";
import {
  deployMetaToken,
  makeMetaTokenScenario,
  type MetaTokenDeployment,
  type MetaTokenScenarioRun,
  readMetaTokenState,
  runMetaTokenScenario,
  withMetaToken,
} from "../../devnet/metatoken";
import { chainNamed, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { mineEmpty } from "../../devnet/scenario";
import { deployWarpRoutes, makeWarpScenario, routerBalances, runWarpScenario, type SentWarpTransfer, type WarpDeployment } from "../../devnet/warp";
import {
  DATABASE_URL,
  allMessages,
  dropSchema,
  dumpTables,
  freshSchema,
  getJson,
  heads,
  indexUpTo,
  keepMining,
  mailboxDelivered,
  tempDir,
} from "./harness";

/**
 * Metalayer messages and MetaERC20 transfers on the local network, indexed on PGlite and
 * PostgreSQL; every figure against the contracts (balances, supplies, Mailbox delivery).
 */

let network: Network;
let metalayer: MetalayerDeployment;
let meta: MetaTokenDeployment;
let metalayerSent: SentMetalayerMessage[];
let metaRun: MetaTokenScenarioRun;
let warp: WarpDeployment;
let warpSent: SentWarpTransfer[];
/** ERA minted on one synthetic outside the route, at deployment: the conservation check must flag it. */
const PREMINT = 1_234_567_000_000_000_000n;
const EMITTER: Address = "0x00000000000000000000000000000000000e1e77";
let malformed: { warp: Hex; metalayer: Hex };

/** Well-formed Hyperlane messages from a warp router and a Metalayer router whose bodies are not. */
async function emitMalformedBodies() {
  const settlement = chainNamed(network, "settlement");
  const opchain = chainNamed(network, "opchain");
  await installLogEmitter(settlement, EMITTER);
  const emit = async (sender: Address, body: Hex) => {
    const topics = { sender, destination: opchain.domainId, recipient: pad(sender) };
    const message = hyperlaneMessage({ origin: settlement.domainId, nonce: 1_000_000, ...topics, body });
    await emitDispatch(settlement, EMITTER, topics, message);
    return keccak256(message);
  };
  return {
    warp: await emit(warp.contracts.ERA.settlement!.router, "0x0102"),
    metalayer: await emit(metalayer.chains.settlement!.router, "0x01"),
  };
}
let manifestPath: string;
let target: Record<string, bigint>;
const indexers: Indexer[] = [];
const schemas: string[] = [];

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  metalayer = await deployMetalayer(network);
  meta = await deployMetaToken(network, metalayer);
  metalayerSent = await sendMetalayerMessages(network, metalayer, makeMetalayerScenario({ seed: 5, count: 36 }));
  metaRun = await runMetaTokenScenario(network, metalayer, meta, makeMetaTokenScenario({ seed: 11 }));
  warp = await deployWarpRoutes(network, { syntheticPremint: PREMINT });
  ({ sent: warpSent } = await runWarpScenario(network, warp, makeWarpScenario({ seed: 42, count: 60 })));
  malformed = await emitMalformedBodies();
  await mineEmpty(network, 40);
  target = await heads(network);
  await keepMining(network);
  manifestPath = `${tempDir("manifest")}/manifest.json`;
  const manifest = withMetaToken(withMetalayerRouters(network.manifest, metalayer), meta);
  manifest.chains[0]!.deployments!.push({ name: "log-emitter", mailbox: EMITTER, startBlock: 0 });
  writeFileSync(manifestPath, JSON.stringify({ ...manifest, warpRoutes: warp.routes }));
});

afterAll(async () => {
  await Promise.all(indexers.map((i) => i.stop()));
  await network?.stop();
  for (const schema of schemas) await dropSchema(schema);
});

const postgresSchema = (label: string) => {
  const schema = freshSchema(label);
  schemas.push(schema);
  return schema;
};

async function allTransfers(url: string, query = "") {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const page: any = (await getJson(`${url}/api/transfers?limit=200${query}${cursor ? `&cursor=${cursor}` : ""}`)).body;
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const backends = [
  ["PGlite", () => ({ pgliteDir: tempDir("pglite") })],
  ["PostgreSQL", () => ({ databaseUrl: DATABASE_URL, schema: postgresSchema("multi") })],
] as const;

for (const [backend, database] of backends) {
  describe(`tokens indexed on ${backend}`, () => {
    let url: string;
    beforeAll(async () => {
      const indexer = await indexUpTo({ manifestPath, ...database() }, target);
      indexers.push(indexer);
      url = indexer.url;
    });

    it("serves each Metalayer message with the app's sender, recipient, finality, reads and write", async () => {
      const finalities = ["instant", "finalized", "espresso"];
      for (const m of metalayerSent) {
        const { body } = await getJson(`${url}/api/messages/${m.messageId}`);
        const delivered = await mailboxDelivered(chainNamed(network, m.destination), m.messageId);
        expect(body.status).toBe(delivered ? "delivered" : "pending");
        expect(body.sender).toBe(m.originRouter.toLowerCase());
        expect(body.metalayer).toEqual({
          router: m.originRouter.toLowerCase(),
          version: 1,
          finality: finalities[m.finality],
          nonce: m.metalayerNonce,
          sender: m.appSender.toLowerCase(),
          recipient: m.appRecipient.toLowerCase(),
          reads: m.reads.map((r) => ({ domain: r.domain, target: r.target.toLowerCase(), callData: r.callData })),
          writeCallData: m.write,
        });
      }
      expect(new Set(metalayerSent.map((m) => m.finality)).size).toBe(3);
    });

    it("lists a Metalayer app's messages by the app's address, not the router's", async () => {
      const { appSender, appRecipient } = metalayerSent[0]!;
      const ids = async (query: string) => (await allMessages(url, query)).map((m) => m.id).sort();
      const expected = (pick: (m: SentMetalayerMessage) => boolean) => metalayerSent.filter(pick).map((m) => m.messageId).sort();
      expect(await ids(`&appSender=${appSender}`)).toEqual(expected((m) => m.appSender === appSender));
      expect(await ids(`&appRecipient=${appRecipient}&status=delivered`)).toEqual(
        (await Promise.all(metalayerSent.map(async (m) => m.appRecipient === appRecipient && (await mailboxDelivered(chainNamed(network, m.destination), m.messageId)))))
          .flatMap((match, i) => (match ? [metalayerSent[i]!.messageId] : []))
          .sort(),
      );
    });

    it("joins every MetaERC20 transfer by transferId, through the hub relay, with its outcome", async () => {
      const all = [...metaRun.funding, ...metaRun.transfers, ...metaRun.relays.map((r) => r.sent)];
      const outcome = new Map<string, string>(metaRun.relays.map((r) => [r.sent.transferId, { release: "delivered", unlock: "unlocked", reissue: "reissued" }[r.outcome]]));
      for (const t of all) {
        const { status, body } = await getJson(`${url}/api/transfers/${t.transferId}`);
        expect(status).toBe(200);
        const expected = outcome.get(t.transferId) ?? (t.delivery ? "delivered" : "pending");
        expect(body).toMatchObject({
          kind: "metaerc20",
          route: meta.entry.id,
          status: expected,
          origin: { chainId: chainNamed(network, t.origin).chainId },
          destination: { chainId: chainNamed(network, t.destination).chainId },
          amount: { raw: t.amount.toString(), decimals: t.sourceDecimals },
          dispatch: { txHash: t.txHash },
          // the Dispatch in the origin transaction's receipt
          messageId: t.messageId,
        });
        if (t.viaHub) expect(body.relay.bufferedAt).toBeTypeOf("number");
        const message = (await getJson(`${url}/api/messages/${t.messageId}`)).body;
        expect(message.transfer).toMatchObject({ id: t.transferId, kind: "metaerc20", status: expected });
      }
      for (const r of metaRun.relays) {
        const { body } = await getJson(`${url}/api/transfers/${r.sent.transferId}`);
        if (r.outcome === "release") {
          expect(body.relay.releasedAt).toBeGreaterThanOrEqual(body.relay.bufferedAt);
          expect(body.delivery.txHash).toBe(r.released!.delivery!.txHash);
          // the Dispatch in the hub's release transaction's receipt
          expect(body.relayMessageId).toBe(r.released!.messageId);
          expect((await getJson(`${url}/api/transfers/${r.released!.messageId}`)).body.id).toBe(r.sent.transferId);
          expect((await getJson(`${url}/api/messages/${r.released!.messageId}`)).body.transfer).toMatchObject({ id: r.sent.transferId });
        } else {
          expect(body.relayMessageId).toBeNull();
          expect(body.relay.expiredAt).toBeTypeOf("number");
          expect(body.admin).toEqual({ action: r.outcome, txHash: r.settledTxHash });
        }
      }
    });

    it("serves transfers in GraphQL with both of a relayed transfer's messages", async () => {
      const released = metaRun.relays.find((r) => r.outcome === "release")!;
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          query: `query($id: String!) { transfer(id: $id) { status message { id destinationChainId } relayMessage { id status } origin { name } } }`,
          variables: { id: released.sent.transferId },
        }),
      });
      const { data, errors } = (await response.json()) as any;
      expect(errors, JSON.stringify(errors)).toBeUndefined();
      expect(data.transfer).toEqual({
        status: "delivered",
        message: { id: released.sent.messageId, destinationChainId: chainNamed(network, meta.hub.chain).chainId },
        relayMessage: { id: released.released!.messageId, status: "delivered" },
        origin: { name: released.sent.origin },
      });
    });

    it("serves every warp transfer with the amount, parties and status the chain records", async () => {
      expect(new Set(warpSent.map((t) => `${t.route}:${t.origin}>${t.destination}`)).size).toBe(24);
      for (const t of warpSent) {
        const { status, body } = await getJson(`${url}/api/transfers/${t.messageId}`);
        expect(status).toBe(200);
        const delivered = await mailboxDelivered(chainNamed(network, t.destination), t.messageId);
        expect(body).toMatchObject({
          kind: "warp",
          route: t.route,
          status: delivered ? "delivered" : "pending",
          messageId: t.messageId,
          origin: { name: t.origin },
          destination: { name: t.destination },
          sender: t.sender.toLowerCase(),
          recipient: t.recipient.toLowerCase(),
          amount: { raw: t.messageAmount.toString(), decimals: 18 },
          dispatch: { txHash: t.txHash },
        });
        const message = (await getJson(`${url}/api/messages/${t.messageId}`)).body;
        expect(message.transfer).toMatchObject({ id: t.messageId, route: t.route, status: body.status });
      }
      expect(warpSent.filter((t) => !t.deliver).length).toBeGreaterThan(0);
      const first = warpSent[0]!;
      const tx = (await getJson(`${url}/api/tx/${first.txHash}`)).body;
      expect(tx.transfers.map((t: any) => t.id)).toEqual([first.messageId]);
      expect(tx.dispatched.map((m: any) => m.id)).toEqual([first.messageId]);
    });

    it("warp liquidity per route and chain equals router balances and synthetic supplies; a synthetic minted outside the route is flagged", async () => {
      const balances = await routerBalances(network, warp);
      const { body } = await getJson(`${url}/api/liquidity`);
      for (const route of ["ERA", "ETH"] as const) {
        const served = body.items.find((r: any) => r.route === route);
        for (const [chain, truth] of Object.entries(balances[route])) {
          const row = served.chains.find((c: any) => c.name === chain);
          const figure = truth.kind === "synthetic" ? row.supply : row.locked;
          expect(figure.raw, `${route} on ${chain}`).toBe(truth.amountLocal.toString());
        }
        const inFlight = warpSent.filter((t) => t.route === route && !t.deliver).reduce((sum, t) => sum + t.messageAmount, 0n);
        expect(served.conservation.inFlight.raw).toBe(inFlight.toString());
      }
      const era = body.items.find((r: any) => r.route === "ERA");
      expect(era.conservation).toMatchObject({ holds: false, discrepancy: { raw: (-PREMINT).toString() } });
      expect(body.items.find((r: any) => r.route === "ETH").conservation.holds).toBe(true);
    });

    it("keeps hourly and daily buckets equal to the sums of the transfer rows", async () => {
      const transfers = await allTransfers(url);
      for (const interval of ["hour", "day"] as const) {
        const seconds = interval === "hour" ? 3600 : 86400;
        for (const route of ["ERA", "ETH", meta.entry.id]) {
          const rows = transfers.filter((t) => t.route === route && !t.malformed);
          const series = (await getJson(`${url}/api/analytics/transfers?route=${encodeURIComponent(route)}&interval=${interval}&from=0`)).body;
          const expected = new Map<number, { transfers: number; volumeRaw: bigint; senders: Set<string>; delivered: number }>();
          for (const t of rows) {
            const start = t.dispatch.timestamp - (t.dispatch.timestamp % seconds);
            const b = expected.get(start) ?? { transfers: 0, volumeRaw: 0n, senders: new Set(), delivered: 0 };
            b.transfers += 1;
            b.volumeRaw += BigInt(t.amount.raw);
            b.senders.add(t.sender);
            if (t.status === "delivered") b.delivered += 1;
            expected.set(start, b);
          }
          expect(series.points.map((p: any) => p.start)).toEqual([...expected.keys()].sort((a, b) => a - b));
          for (const p of series.points) {
            const b = expected.get(p.start)!;
            expect(p, `${route} ${interval} ${p.start}`).toMatchObject({
              transfers: b.transfers,
              volumeRaw: b.volumeRaw.toString(),
              senders: b.senders.size,
              delivered: b.delivered,
            });
          }
        }
      }
      const top = (await getJson(`${url}/api/analytics/top-assets?from=0`)).body.items.map((i: any) => i.asset);
      expect(top.sort()).toEqual(["ERA", "ETH", meta.entry.symbol].sort());
    });

    it("records malformed warp and Metalayer bodies as malformed, and goes on indexing", async () => {
      const transfer = (await getJson(`${url}/api/transfers/${malformed.warp}`)).body;
      expect(transfer).toMatchObject({
        kind: "warp",
        route: "ERA",
        status: "pending",
        amount: null,
        malformed: { error: "token message is 2 bytes, shorter than the 64-byte recipient and amount" },
      });
      const message = (await getJson(`${url}/api/messages/${malformed.metalayer}`)).body;
      expect(message.malformed).toBeNull();
      expect(message.metalayer.malformed.error).toMatch(/^Metalayer message is 1 bytes, shorter than/);
    });

    it("MetaERC20 liquidity equals the hub's locked balance and each spoke's totalSupply, and is conserved", async () => {
      const state = await readMetaTokenState(network, meta);
      const { status, body } = await getJson(`${url}/api/liquidity/${encodeURIComponent(meta.entry.id)}`);
      expect(status).toBe(200);
      const hub = body.chains.find((c: any) => c.kind === "hub");
      expect(hub.locked.raw).toBe(state.hubLocked.toString());
      for (const spoke of state.spokes) {
        const row = body.chains.find((c: any) => c.name === spoke.chain);
        expect(row.supply.raw, spoke.chain).toBe(spoke.totalSupply.toString());
      }
      expect(body.conservation.holds).toBe(true);
    });
  });
}

describe("orderings", () => {
  it("multichain and omnichain orderings give identical tables, token joins and buckets included", async () => {
    const [multichain, omnichain] = [postgresSchema("m"), postgresSchema("o")];
    for (const [schema, ordering] of [[multichain, "multichain"], [omnichain, "omnichain"]] as const) {
      indexers.push(await indexUpTo({ manifestPath, databaseUrl: DATABASE_URL, schema, ordering }, target));
    }
    const [a, b] = await Promise.all([dumpTables(multichain), dumpTables(omnichain)]);
    // every warp and MetaERC20 transfer, and the malformed warp body
    expect(a.transfer!.length).toBe(warpSent.length + metaRun.funding.length + metaRun.transfers.length + metaRun.relays.length + 1);
    expect(b).toEqual(a);
  });
});
