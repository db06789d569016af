import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadManifest } from "../src/network/load";
import { InvalidManifestError } from "../src/network/manifest";
import { appsManifest, appTrafficSteps, deployApps } from "./apps";
import { type Indexer, PROJECT_ROOT, startIndexer } from "./indexer";
import { chainNamed, defaultChains, mineEvery, type Network, startNetwork } from "./network";
import { l3ChainSpec } from "./rollups/deploy";
import { type BridgeRelayer, startBridgeRelayer } from "./rollups/relay";
import { type Relayer, startRelayer } from "./relayer";
import { type StuckMessages, sendStuckMessages } from "./stuck";
import { type Traffic, startTraffic } from "./traffic";

/**
 * `npm start`. With NETWORK_MANIFEST: the indexer on that network. Without it: a local rollup
 * network (settlement layer, OP Stack and Orbit rollups) with Hyperlane, a relayer and steady
 * traffic, and the indexer on it.
 */

const DEVNET_DIR = process.env.DEVNET_DIR || join(PROJECT_ROOT, ".devnet");
const MANIFEST_PATH = join(DEVNET_DIR, "manifest.json");
const BLOCK_TIME_SECONDS = 1;
const TRAFFIC = { seed: 1, intervalMs: 2_000 };
const RELAY = { seed: 2, minDelayMs: 1_000, maxDelayMs: 8_000 };
const SHUTDOWN_TIMEOUT_MS = 20_000;

const say = (line: string) => console.log(`[devnet] ${line}`);
const complain = (what: string) => (error: unknown) => console.error(`[devnet] ${what}: ${error instanceof Error ? error.message : String(error)}`);

/** What is running, stopped in reverse dependency order: nothing talks to a stopped anvil. */
type Running = { traffic?: Traffic; relayer?: Relayer; bridgeRelayer?: BridgeRelayer; indexer?: Indexer; network?: Network };

async function stopAll(running: Running): Promise<void> {
  await Promise.allSettled([running.traffic?.stop(), running.relayer?.stop(), running.bridgeRelayer?.stop()]);
  await running.indexer?.stop().catch(complain("stopping the indexer"));
  await running.network?.stop().catch(complain("stopping the chains"));
}

function indexerOptions() {
  return {
    port: process.env.PORT ? Number(process.env.PORT) : undefined,
    databaseUrl: process.env.DATABASE_URL,
    schema: process.env.DATABASE_SCHEMA,
    log: "inherit" as const,
  };
}

function printApi(indexer: Indexer): void {
  console.log("");
  say(`dashboard ${indexer.url}/`);
  say(`GraphQL   ${indexer.url}/graphql`);
  say(`REST      ${indexer.url}/api`);
  say(`example   curl '${indexer.url}/api/messages?limit=5'`);
}

function printChains(network: Network): void {
  for (const chain of network.chains) {
    const settles = chain.settlesOn ? `, settles on ${chain.settlesOn}` : "";
    say(`${chain.name.padEnd(12)} chainId ${chain.chainId}, domainId ${chain.domainId} (${chain.stack}${settles})  ${chain.rpcUrl}`);
  }
  say(`manifest  ${MANIFEST_PATH}`);
  say("Ctrl-C stops everything.");
}

async function startDevnet(running: Running): Promise<void> {
  running.network = await startNetwork({ chains: [...defaultChains, l3ChainSpec], onProgress: say });
  const apps = await deployApps(running.network, say);
  await mineEvery(running.network, BLOCK_TIME_SECONDS);
  mkdirSync(DEVNET_DIR, { recursive: true });
  writeFileSync(MANIFEST_PATH, `${JSON.stringify(appsManifest(running.network.manifest, apps), null, 2)}\n`);
  say(`manifest written to ${MANIFEST_PATH}`);
  say("sending the stuck messages (one per cause)…");
  const stuck = await sendStuckMessages(chainNamed(running.network, "settlement"), chainNamed(running.network, "opchain"));
  say("starting the relayer and traffic…");
  running.relayer = startRelayer(running.network, { ...RELAY, onError: complain("relayer") });
  running.bridgeRelayer = startBridgeRelayer(running.network, apps.rollups, { seed: RELAY.seed, onError: complain("bridge relayer") });
  running.traffic = startTraffic(running.network, {
    ...TRAFFIC,
    steps: appTrafficSteps(running.network, apps),
    onError: complain("traffic"),
  });
  say("starting the indexer…");
  // Every devnet run makes new chains under the same ids: an old database would describe others.
  const pgliteDir = join(DEVNET_DIR, "pglite");
  rmSync(pgliteDir, { recursive: true, force: true });
  running.indexer = await startIndexer({ manifestPath: MANIFEST_PATH, pgliteDir, ...indexerOptions() });
  await running.indexer.waitForReady();
  printApi(running.indexer);
  printStuck(running.indexer, stuck);
  printChains(running.network);
}

function printStuck(indexer: Indexer, stuck: StuckMessages): void {
  for (const [cause, m] of Object.entries(stuck)) say(`stuck     ${cause.padEnd(20)} ${indexer.url}/api/messages/${m.id}/diagnosis`);
}

async function main(): Promise<void> {
  const running: Running = {};
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("stopping…");
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    await stopAll(running);
    process.exit(code);
  };
  let firstSignalAt = 0;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // A second signal while stopping means: now (the exit hooks still kill every child). Not the
    // same Ctrl-C twice over: the terminal's and the copy npm forwards arrive together.
    process.on(signal, () => {
      if (!stopping) return ((firstSignalAt = Date.now()), void shutdown(0));
      if (Date.now() - firstSignalAt > 1_000) process.exit(1);
    });
  }

  try {
    const manifestPath = process.env.NETWORK_MANIFEST;
    if (manifestPath) {
      loadManifest(manifestPath);
      say(`indexing the network in ${manifestPath}`);
      running.indexer = await startIndexer({ manifestPath, ...indexerOptions() });
      printApi(running.indexer);
    } else {
      await startDevnet(running);
    }
  } catch (error) {
    if (error instanceof InvalidManifestError) console.error(error.message);
    else complain("could not start")(error);
    await shutdown(1);
    return;
  }
  // An exit asking to be started again (75) is restarted by the runner (devnet/indexer.ts); this is for good.
  void running.indexer?.done.then((code) => {
    if (stopping) return;
    complain("indexer")(`exited with code ${code}`);
    void shutdown(1);
  });
}

await main();
