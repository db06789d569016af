import { writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Indexer } from "../../devnet/indexer";
import { startIndexer } from "../../devnet/indexer";
import { chainNamed, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { deliverMessages, makeScenario, mineEmpty, sendMessages } from "../../devnet/scenario";
import {
  DATABASE_URL,
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

/** Reorgs and crashes: the tables must end as the chains are, with nothing lost or doubled. */

let network: Network;
/** The manifest with one RPC URL per chain, not repeated, and the devnet's own (repeated). */
let manifestPath: string;
let fastManifestPath: string;
const schemas: string[] = [];
const indexers: Indexer[] = [];

const schema = (label: string) => {
  const name = freshSchema(label);
  schemas.push(name);
  return name;
};

beforeAll(async () => {
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  const specs = makeScenario({ seed: 7, count: 400 });
  const sent = await sendMessages(network, specs);
  await deliverMessages(network, sent.filter((_, i) => specs[i]!.deliver));
  await mineEmpty(network, 40);
  // One RPC URL per chain, not repeated: Ponder's rate limit keeps the backfill slow enough to interrupt.
  const manifest = structuredClone(network.manifest);
  for (const chain of manifest.chains) chain.rpcRepeat = 1;
  const dir = tempDir("manifest");
  manifestPath = `${dir}/slow.json`;
  writeFileSync(manifestPath, JSON.stringify(manifest));
  fastManifestPath = `${dir}/fast.json`;
  network.writeManifest(fastManifestPath);
});

afterAll(async () => {
  await Promise.all(indexers.map((i) => i.stop()));
  await network?.stop();
  for (const name of schemas) await dropSchema(name);
});

describe("crash recovery", () => {
  it("a SIGKILL mid-backfill, then a restart, ends in exactly the tables of an uninterrupted run", async () => {
    const target = await heads(network);
    await keepMining(network);

    const interrupted = schema("killed");
    const first = await startIndexer({ manifestPath, databaseUrl: DATABASE_URL, schema: interrupted, log: "pipe" });
    const deadline = Date.now() + 60_000;
    while (!/Started backfill indexing/.test(first.output()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await getJson(`${first.url}/ready`)).status, "the backfill was already done: nothing was interrupted").not.toBe(200);
    await first.kill();

    const restarted = await indexUpTo({ manifestPath, databaseUrl: DATABASE_URL, schema: interrupted }, target);
    indexers.push(restarted);
    const reference = schema("whole");
    indexers.push(await indexUpTo({ manifestPath: fastManifestPath, databaseUrl: DATABASE_URL, schema: reference }, target));

    const [recovered, whole] = await Promise.all([dumpTables(interrupted), dumpTables(reference)]);
    expect(whole.message!.length).toBe(400);
    expect(recovered).toEqual(whole);
  });
});

describe("reorgs", () => {
  it("a reorg on the destination chain that removes a delivery turns the message back to pending", async () => {
    const [message] = await sendMessages(network, [
      { origin: "settlement", destination: "opchain", body: "0x5eed", payments: [10n ** 15n], deliver: true },
    ]);
    const opchain = chainNamed(network, "opchain");
    const indexer = await indexUpTo({ manifestPath: fastManifestPath, databaseUrl: DATABASE_URL, schema: schema("reorg") }, await heads(network));
    indexers.push(indexer);
    const statusOf = async () => (await getJson(`${indexer.url}/api/messages/${message!.id}`)).body.status;
    const until = async (what: () => Promise<boolean>, label: string) => {
      const deadline = Date.now() + 60_000;
      while (!(await what())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting until ${label}:\n${indexer.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    await until(async () => (await statusOf()) === "pending", "the dispatch is indexed");

    const snapshot = await opchain.testClient.snapshot();
    const [delivery] = await deliverMessages(network, [message!]);
    expect(await mailboxDelivered(opchain, message!.id)).toBe(true);
    await until(async () => (await statusOf()) === "delivered", "the delivery is indexed");

    // The delivery's block is replaced by a longer chain without it.
    await opchain.testClient.revert({ id: snapshot });
    await opchain.testClient.mine({ blocks: 5 });
    expect(await mailboxDelivered(opchain, message!.id)).toBe(false);
    const reorged = await opchain.publicClient.getBlock({ blockNumber: delivery!.blockNumber });
    expect(reorged.transactions).not.toContain(delivery!.txHash);

    await until(async () => (await statusOf()) === "pending", "the reorg is indexed");
    const { body } = await getJson(`${indexer.url}/api/messages/${message!.id}`);
    expect(body.delivery).toBeNull();
    expect(body.latencySeconds).toBeNull();
    const { body: tx } = await getJson(`${indexer.url}/api/tx/${delivery!.txHash}`);
    expect(tx.error.code).toBe("not_found");
  });
});
