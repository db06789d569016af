/// <reference lib="dom" />
// The functions given to page.evaluate run in the browser.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { type Address, formatUnits, getAddress, type Hex, isAddressEqual, keccak256, numberToHex, parseAbiItem, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailboxAdminAbi } from "../../abis/Admin";
import { ERC20VotesAbi } from "../../abis/ERC20Votes";
import { GovernorAbi } from "../../abis/Governor";
import { L2ToL1MessagePasserAbi } from "../../abis/L2ToL1MessagePasser";
import { MailboxAbi } from "../../abis/Mailbox";
import { OptimismPortalAbi } from "../../abis/OptimismPortal";
import { SystemConfigAbi } from "../../abis/SystemConfig";
import { devnetAccount, TRAFFIC_SENDERS } from "../../devnet/accounts";
import { type Apps, appsManifest, deployApps } from "../../devnet/apps";
import { runGovernanceScenario, type GovernanceScenarioResult } from "../../devnet/governance/scenario";
import { defaultIsmOf, governorTruth, implementationOf, tokenTruth } from "../../devnet/governance/truth";
import { PROJECT_ROOT, type Indexer } from "../../devnet/indexer";
import { dispatch } from "../../devnet/messaging";
import { chainNamed, defaultChains, type DevChain, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { mulberry32 } from "../../devnet/random";
import { l3ChainSpec, type OpStackRollupDeployment } from "../../devnet/rollups/deploy";
import { startBridgeRelayer } from "../../devnet/rollups/relay";
import { nativeBridges, rollupTrafficSteps } from "../../devnet/rollups/traffic";
import { readSystemConfig } from "../../devnet/rollups/truth";
import { startRelayer } from "../../devnet/relayer";
import { makeScenario, mineEmpty, runScenario, type SentMessage } from "../../devnet/scenario";
import { transact } from "../../devnet/transact";
import { makeWarpScenario, runWarpScenario, type SentWarpTransfer } from "../../devnet/warp";
import { CHROMIUM } from "../setup/chromium";
import { getJson, heads, indexUpTo, keepMining, mailboxDelivered, tempDir } from "./harness";

/**
 * The dashboard at `/`, driven in a real headless Chromium (Debian's, through playwright-core)
 * against one devnet and its indexer; what it shows is compared with the chains and with the
 * API's JSON fetched on the side. The devnet runs what `npm start` runs (its L3 and every
 * application: messaging, warp routes, rollups with their native bridges, governance), each
 * with a seeded scenario. Screenshots go to test-artifacts/dashboard/.
 */

const ARTIFACTS = join(PROJECT_ROOT, "test-artifacts", "dashboard");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
/** Generous: the machine may be busy with other suites; a page that loads at all loads in ~2 s. */
const PAGE_TIMEOUT_MS = 60_000;
const dispatchEvent = parseAbiItem("event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)");

let network: Network;
let apps: Apps;
let sent: SentMessage[];
let warpSent: SentWarpTransfer[];
let governance: GovernanceScenarioResult;
let indexer: Indexer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  network = await startNetwork({ chains: [...defaultChains, l3ChainSpec], chainIdOffset: freshChainIdOffset() });
  apps = await deployApps(network);
  ({ sent } = await runScenario(network, makeScenario({ seed: 909, count: 16 })));
  const warpRun = await runWarpScenario(network, apps.warp, makeWarpScenario({ seed: 19, count: 10 }));
  warpSent = warpRun.sent;

  // The seeded proposals, ending in every state; the interchain one relayed to two rollups.
  const relayer = startRelayer(network, { seed: 5, minDelayMs: 50, maxDelayMs: 300 });
  const routersOn = (chain: string) => Object.values(apps.warp.contracts).flatMap((routes) => (routes[chain] ? [routes[chain].router] : []));
  const rollups = network.chains.filter((c) => c.name !== apps.governance.chain).map((c) => c.name);
  governance = await runGovernanceScenario(network, apps.governance, { seed: 23, mailboxClients: Object.fromEntries(rollups.map((name) => [name, routersOn(name)])) });
  const deadline = Date.now() + 60_000;
  for (const { chain, mailbox, ism } of governance.expected.defaultIsms) {
    while (!isAddressEqual(await defaultIsmOf(chainNamed(network, chain), mailbox), ism)) {
      if (Date.now() > deadline) throw new Error(`${chain}'s default ISM is still not ${ism} after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await relayer.stop();

  // Deposits and withdrawals on every rollup, relayed both ways. Last: settling passes the OP
  // challenge window (a week) on every chain, and the charts show the last hour by this clock.
  const bridges = startBridgeRelayer(network, apps.rollups, { seed: 4 });
  const steps = rollupTrafficSteps(network, apps.rollups);
  const random = mulberry32(9);
  for (let round = 0; round < 2; round++) for (const step of steps) await step(random);
  await bridges.settle();
  await bridges.stop();
  // One more withdrawal on each OP rollup, which no relayer sees: whatever fates the relayer
  // drew, the pages have an unproven withdrawal to show.
  const withdrawer = TRAFFIC_SENDERS[0]!;
  for (const bridge of nativeBridges(apps.rollups)) {
    if (apps.rollups.rollups.find((r) => r.chain === bridge.rollup)?.stack !== "opstack") continue;
    await transact(chainNamed(network, bridge.rollup), withdrawer, bridge.withdraw(devnetAccount(withdrawer).address, 10n ** 15n));
  }

  await mineEmpty(network, 40);
  const target = await heads(network);
  await keepMining(network);
  const manifestPath = join(tempDir("manifest"), "manifest.json");
  writeFileSync(manifestPath, JSON.stringify(appsManifest(network.manifest, apps)));
  [indexer, browser] = await Promise.all([
    indexUpTo({ manifestPath, pgliteDir: tempDir("pglite") }, target),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
  url = indexer.url;
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await indexer?.stop();
  await network?.stop();
});

async function open(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.on("pageerror", (error) => console.error(`[browser] ${error.message}`));
  page.setDefaultTimeout(PAGE_TIMEOUT_MS);
  await page.goto(`${url}${path}`, { waitUntil: "domcontentloaded" });
  return page;
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });

const lower = (value: string) => value.toLowerCase();
const settlement = () => chainNamed(network, apps.governance.chain);
const opRollup = () => apps.rollups.rollups.find((r): r is OpStackRollupDeployment => r.stack === "opstack" && r.chain === "opchain")!;
const scenarioProposal = (name: string) => governance.proposals.find((p) => p.name === name)!;
/** A proposal id as the dashboard routes it: 32-byte hex. */
const hexId = (id: bigint) => numberToHex(id, { size: 32 });

/** A contract's events, decoded, by an independent getLogs scan of its whole chain. */
async function eventsOf(chain: DevChain, address: Address, abi: readonly unknown[], eventName: string): Promise<any[]> {
  const logs = await chain.publicClient.getLogs({ address, fromBlock: 0n, toBlock: "latest" });
  return parseEventLogs({ abi: abi as never, logs, eventName: eventName as never }) as any[];
}

/** The block up to which the indexer has indexed a chain, as `/api/chains` says. */
async function indexedBlock(chain: DevChain): Promise<bigint> {
  const { body } = await getJson(`${url}/api/chains`);
  return BigInt(body.items.find((c: any) => c.chainId === chain.chainId).indexed.blockNumber);
}

/** A `dl.fields` as a record: each term's value, the full value (a hash's title) where shortened. */
const fieldsOf = (page: Page, selector: string) =>
  page.$eval(selector, (dl) => {
    const out: Record<string, string> = {};
    for (const dt of Array.from(dl.querySelectorAll(":scope > dt"))) {
      const dd = dt.nextElementSibling!;
      out[dt.textContent!] = dd.querySelector("a.hash")?.getAttribute("title") ?? dd.textContent!;
    }
    return out;
  });

/** Clicks a list's "more" button until the list has no more pages. */
async function showAll(page: Page, list: string, row: string) {
  while ((await page.locator(`${list} button.more`).count()) > 0) {
    const before = await page.locator(`${list} ${row}`).count();
    await page.click(`${list} button.more`);
    await page.waitForFunction(([l, r, n]) => document.querySelectorAll(`${l} ${r}`).length > Number(n), [list, row, before]);
  }
}

/** Types into the search box and waits for the page it leads to. */
async function search(page: Page, q: string, leadsTo: string) {
  await page.fill("input[name=q]", q);
  await page.press("input[name=q]", "Enter");
  await page.waitForURL(`**/${leadsTo}`);
}

/** Every Dispatch on every chain, by an independent getLogs scan: origin name, destination domain, time. */
async function dispatchLogs() {
  const all: { origin: string; destinationDomain: number; timestamp: number }[] = [];
  for (const chain of network.chains) {
    const logs = await chain.publicClient.getLogs({ address: chain.hyperlane.mailbox, event: dispatchEvent, fromBlock: 0n, toBlock: "latest" });
    const times = new Map<bigint, number>();
    for (const log of logs) {
      if (!times.has(log.blockNumber)) times.set(log.blockNumber, Number((await chain.publicClient.getBlock({ blockNumber: log.blockNumber })).timestamp));
      all.push({ origin: chain.name, destinationDomain: log.args.destination!, timestamp: times.get(log.blockNumber)! });
    }
  }
  return all;
}

describe("the dashboard", () => {
  it("serves its page at / and its bundle under /app/, gzipped and small; any other path stays a JSON 404", async () => {
    const page = await fetch(`${url}/`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/app\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.map((a) => a.split(".").pop()).sort()).toEqual(["css", "js"]);
    let gzipped = 0;
    for (const asset of assets) {
      const response = await fetch(`${url}${asset}`, { headers: { "accept-encoding": "gzip" } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-encoding")).toBe("gzip");
      gzipped += Number(response.headers.get("content-length") ?? (await response.arrayBuffer()).byteLength);
    }
    console.log(`dashboard bundle: ${gzipped} bytes gzipped (${assets.join(", ")})`);
    expect(gzipped).toBeLessThan(64 * 1024);
    for (const path of ["/nope", "/app/nope.js", "/message/0x00"]) {
      const { status, body } = await getJson(`${url}${path}`);
      expect([path, status, body.error?.code]).toEqual([path, 404, "not_found"]);
    }
  });

  it("search → the message's page (its stages as the chains tell) → its origin chain's page", async () => {
    const message = sent.find((m) => m.payments.length > 0)!;
    expect(await mailboxDelivered(chainNamed(network, message.destination), message.id)).toBe(true);
    const page = await open("/");
    const started = Date.now();
    await page.waitForSelector("tr[data-chain]");
    console.log(`cold load to the chains table: ${Date.now() - started} ms`);
    await page.fill("input[name=q]", message.id);
    await page.press("input[name=q]", "Enter");
    await page.waitForURL(`**/#/message/${message.id}`);
    await page.waitForSelector(".timeline");
    expect(await page.locator("h1 .status").textContent()).toBe("delivered");
    expect(await page.locator("[data-stage=dispatched].done").count()).toBe(1);
    expect(await page.locator("[data-stage=delivered].done").count()).toBe(1);
    expect(await page.locator("[data-stage=dispatched] a.hash").getAttribute("title")).toBe(message.dispatch.txHash);
    const paidWei = message.payments.reduce((sum, p) => sum + p.payment, 0n);
    expect(await page.locator("[data-stage=paid]").textContent()).toContain(`${message.payments.length} payment(s): ${paidWei} wei`);
    await page.waitForSelector("#diagnosis [data-diagnosis]");
    const diagnosis = await getJson(`${url}/api/messages/${message.id}/diagnosis`);
    if (diagnosis.status === 404) expect(await page.locator("#diagnosis").textContent()).toContain("no diagnosis");
    else expect(await page.locator(".diagnosis").getAttribute("data-reason")).toBe(diagnosis.body.reason ?? "");
    await shot(page, "message");

    await page.click(`[data-stage=dispatched] a[href="#/chain/${message.origin}"]`);
    await page.waitForSelector(`h1[data-chain=${message.origin}]`);
    const origin = chainNamed(network, message.origin);
    const fields = await page.locator("dl.fields").first().textContent();
    expect(fields).toContain(`chainId${origin.chainId}`);
    expect(fields).toContain(`domainId${origin.domainId}`);
    await page.waitForSelector(`a[href="#/message/${message.id}"]`);
    await shot(page, "origin-chain");
    await page.close();
  });

  it("draws the route matrix and the traffic charts from the API's numbers, which match the chains", async () => {
    // The page's clock stands still, so its 5-minute windows do not move on while it is read.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.clock.setFixedTime(Date.now());
    await page.goto(`${url}/`, { waitUntil: "domcontentloaded" });
    await page.waitForSelector("td.cell[data-origin]");
    await page.waitForFunction(() => document.querySelectorAll("figure[data-chart] .u-over").length === 4);
    const logs = await dispatchLogs();
    const nameOfDomain = new Map(network.chains.map((c) => [c.domainId, c.name]));

    // The heatmap: each cell's count is the chains' Dispatch count; its median what the API says.
    const matrix = (await getJson(`${url}/api/analytics/messages`)).body;
    const cells = await page.$$eval("td.cell[data-origin]", (tds) =>
      tds.map((td) => ({ origin: td.dataset.origin, destination: td.dataset.destination, messages: td.querySelector("[data-messages]")!.textContent, p50: td.querySelector("[data-p50]")!.textContent })),
    );
    const counted = new Map<string, number>();
    for (const log of logs) {
      const key = `${log.origin}>${nameOfDomain.get(log.destinationDomain)}`;
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(cells.map((c) => [`${c.origin}>${c.destination}`, Number(c.messages)]))).toEqual(Object.fromEntries(counted));
    for (const pair of matrix.pairs) {
      const cell = cells.find((c) => c.origin === pair.origin.name && c.destination === pair.destination.name)!;
      expect(cell.p50).toBe(pair.latencySeconds ? `${pair.latencySeconds.p50} s` : "—");
    }

    // Messages and latency per 5-minute window: the table under the chart, the chart's own
    // legend at each point, the API for the same window, and the chains' dispatch times.
    const chart = page.locator('figure[data-chart="Messages per 5 minutes"]');
    const rows = await chart.locator("tr[data-start]").evaluateAll((trs) =>
      trs.map((tr) => ({ start: Number((tr as HTMLElement).dataset.start), cells: Array.from(tr.querySelectorAll("td[data-series]")).map((td) => td.textContent) })),
    );
    expect(rows).toHaveLength(12);
    const plot = chart.locator(".u-over");
    await plot.scrollIntoViewIfNeeded();
    const box = (await plot.boundingBox())!;
    for (const [i, row] of rows.entries()) {
      const window = (await getJson(`${url}/api/analytics/messages?from=${row.start}&to=${row.start + 300}`)).body.total;
      const dispatched = logs.filter((l) => l.timestamp >= row.start && l.timestamp < row.start + 300).length;
      expect([row.start, window.messages]).toEqual([row.start, dispatched]);
      expect(row.cells).toEqual([String(window.messages), String(window.delivered)]);
      // The cursor snaps to the nearest point; the legend then shows that point's values.
      await plot.hover({ position: { x: 1 + ((box.width - 2) * i) / (rows.length - 1), y: box.height / 2 } });
      const legend = chart.locator(".u-legend .u-series .u-value");
      await expect.poll(async () => (await legend.allTextContents()).slice(1)).toEqual([String(window.messages), String(window.delivered)]);
      const latency = page.locator('figure[data-chart="Delivery latency per 5 minutes"]').locator(`tr[data-start="${row.start}"] td[data-series]`);
      const shown = (v: number | undefined) => (v === undefined ? "—" : String(v));
      expect(await latency.allTextContents()).toEqual(["p50", "p90", "p99"].map((k) => shown(window.latencySeconds?.[k])));
    }
    expect(rows.reduce((sum, r) => sum + Number(r.cells[0]), 0)).toBe(logs.filter((l) => l.timestamp >= rows[0]!.start).length);

    // Transfers and volume per hour: the API's buckets, whose sums are the warp transfers sent.
    const volumeRows = await page.locator('figure[data-chart="Transfers per hour"] tr[data-start]').evaluateAll((trs) =>
      trs.map((tr) => ({ start: Number((tr as HTMLElement).dataset.start), cells: Array.from(tr.querySelectorAll("td[data-series]")).map((td) => Number(td.textContent)) })),
    );
    const from = Math.min(...volumeRows.map((r) => r.start));
    const series = (await getJson(`${url}/api/analytics/transfers?interval=hour&from=${from}`)).body.points;
    expect(volumeRows).toEqual(series.map((p: any) => ({ start: p.start, cells: [p.transfers, p.delivered] })));
    expect(volumeRows.reduce((sum, r) => sum + r.cells[0]!, 0)).toBe(warpSent.length);
    // Delivered: the scenario's, and any the governance scenario's relayer delivered since.
    let warpDelivered = 0;
    for (const t of warpSent) if (await mailboxDelivered(chainNamed(network, t.destination), t.messageId)) warpDelivered++;
    expect(volumeRows.reduce((sum, r) => sum + r.cells[1]!, 0)).toBe(warpDelivered);
    const volumes = await page.locator('figure[data-chart^="Volume per hour"] td[data-series]').allTextContents();
    expect(volumes.map(Number)).toEqual(series.map((p: any) => Number(p.volume)));
    const sentVolume = Number(formatUnits(warpSent.reduce((sum, t) => sum + t.messageAmount, 0n), 18));
    expect(volumes.reduce((sum, v) => sum + Number(v), 0)).toBeCloseTo(sentVolume, 9);
    await shot(page, "overview");
    await page.close();
  });

  it("shows a message dispatched now in the live feed, from the stream", async () => {
    const page = await open("/");
    await page.waitForSelector(".feed:not([data-mode=connecting])");
    expect(await page.locator(".feed").getAttribute("data-mode")).toBe("stream");
    const [origin, destination] = [chainNamed(network, "opchain"), chainNamed(network, "settlement")];
    const { dispatched } = await dispatch(origin, { destination, body: "0xfeed", sender: 4, payment: 10n ** 15n });
    expect(dispatched.id).toBe(keccak256(dispatched.message));
    const item = page.locator(`.feed li[data-kind=message][data-id="${dispatched.id}"]`);
    await item.waitFor({ timeout: PAGE_TIMEOUT_MS });
    expect(await item.textContent()).toContain("opchain → settlement");
    await shot(page, "live-feed");
    await page.close();
  });

  it("a rollup's page, from the overview: creation, parent, contracts and configuration as the chains say; its bridge transfers those its portal and message passer logged", async () => {
    const op = opRollup();
    const [parent, l2] = [chainNamed(network, op.parent), chainNamed(network, op.chain!)];
    const page = await open("/");
    await page.click(`#rollups a[href="#/rollup/${l2.chainId}"]`);
    await page.waitForSelector(`h1[data-rollup="${l2.chainId}"]`);
    expect(await page.locator("[data-creation] a.hash").getAttribute("title")).toBe(op.opcm!.tx);
    await page.waitForSelector(`[data-parent] a[href="#/chain/${parent.name}"]`);
    const contracts = Object.fromEntries(
      await page.$$eval("#contracts tr[data-contract]", (trs) => trs.map((tr) => [(tr as HTMLElement).dataset.contract!, tr.querySelector("a.hash")!.getAttribute("title")!])),
    );
    expect(contracts).toMatchObject({
      systemConfigProxy: lower(op.contracts.systemConfig),
      optimismPortalProxy: lower(op.contracts.optimismPortal),
      l1StandardBridgeProxy: lower(op.contracts.l1StandardBridge),
      l1CrossDomainMessengerProxy: lower(op.contracts.l1CrossDomainMessenger),
    });

    // The configuration now is what SystemConfig's views return; its changes are the ConfigUpdates logged since OPCM announced it.
    const config = await fieldsOf(page, "#config dl.fields");
    const views = await readSystemConfig(parent, op.contracts);
    expect(config).toMatchObject({
      gasLimit: views.gasLimit.toString(),
      overhead: views.overhead.toString(),
      scalar: views.scalar.toString(),
      batcherHash: lower(views.batcherHash),
      unsafeBlockSigner: lower(views.unsafeBlockSigner),
    });
    const updates = (await eventsOf(parent, op.contracts.systemConfig, SystemConfigAbi, "ConfigUpdate")).filter((l) => l.blockNumber >= BigInt(op.opcm!.block));
    expect(updates.length).toBeGreaterThan(0);
    expect(await page.$$eval("#config-history tr[data-update] td:last-child a.hash", (as) => as.map((a) => a.getAttribute("title")))).toEqual(updates.map((l) => l.transactionHash));

    // Its bridge transfers: a deposit per TransactionDeposited on its portal, a withdrawal per MessagePassed on the rollup.
    await page.waitForSelector("#transfers tr[data-bridge-transfer]");
    await showAll(page, "#transfers", "tr[data-bridge-transfer]");
    const rows = await page.$$eval("#transfers tr[data-bridge-transfer]", (trs) => trs.map((tr) => [(tr as HTMLElement).dataset.bridgeTransfer!, tr.children[1]!.textContent!]));
    const deposited = await eventsOf(parent, op.contracts.optimismPortal, OptimismPortalAbi, "TransactionDeposited");
    const passed = await eventsOf(l2, op.predeploys.L2ToL1MessagePasser, L2ToL1MessagePasserAbi, "MessagePassed");
    expect(rows.filter(([, d]) => d === "deposit")).toHaveLength(deposited.length);
    expect(rows.filter(([, d]) => d === "withdrawal").map(([id]) => id).sort()).toEqual(passed.map((p) => `${l2.chainId}:${p.args.withdrawalHash}`).sort());
    expect(await page.locator("[data-totals=deposits] [data-count]").textContent()).toBe(String(deposited.length));
    expect(await page.locator("[data-totals=withdrawals] [data-count]").textContent()).toBe(String(passed.length));
    await shot(page, "rollup");
    await page.close();
  });

  it("a rollup no chain here runs, by its chain id in the search box: its page names its creation transaction", async () => {
    const orphan = apps.rollups.rollups.find((r) => r.chain === undefined && r.stack === "orbit")!;
    expect(orphan).toBeDefined();
    const chainId = orphan.contracts.chainId;
    const page = await open("/");
    await search(page, String(chainId), `#/rollup/${chainId}`);
    await page.waitForSelector(`h1[data-rollup="${chainId}"]`);
    expect(await page.locator("[data-creation] a.hash").getAttribute("title")).toBe(orphan.stack === "orbit" ? orphan.contracts.creationTx : null);
    await page.close();
  });

  it("a withdrawal found by its hash: its stages are the MessagePassed, WithdrawalProven and WithdrawalFinalized the chains logged", async () => {
    const op = opRollup();
    const [parent, l2] = [chainNamed(network, op.parent), chainNamed(network, op.chain!)];
    const passed = await eventsOf(l2, op.predeploys.L2ToL1MessagePasser, L2ToL1MessagePasserAbi, "MessagePassed");
    const proven = await eventsOf(parent, op.contracts.optimismPortal, OptimismPortalAbi, "WithdrawalProven");
    const finalized = await eventsOf(parent, op.contracts.optimismPortal, OptimismPortalAbi, "WithdrawalFinalized");
    const of = (logs: any[], hash: Hex) => logs.find((l) => l.args.withdrawalHash === hash);
    const done = passed.find((p) => of(finalized, p.args.withdrawalHash));
    const provenOnly = passed.find((p) => of(proven, p.args.withdrawalHash) && !of(finalized, p.args.withdrawalHash));
    const unproven = passed.find((p) => !of(proven, p.args.withdrawalHash));
    expect([!!done, !!provenOnly, !!unproven]).toEqual([true, true, true]);
    // The overview's newest bridge transfer leads to its page.
    const page = await open("/");
    const newest = page.locator("#bridge-transfers li[data-bridge-transfer]").first();
    await newest.waitFor();
    const newestId = (await newest.getAttribute("data-bridge-transfer"))!;
    await newest.locator("a").first().click();
    await page.waitForURL(`**/#/bridge-transfer/${newestId}`);
    await page.waitForSelector("[data-stage=initiated].done");
    for (const [withdrawal, status] of [
      [done, "finalized"],
      [provenOnly, "proven"],
      [unproven, "initiated"],
    ] as const) {
      const hash: Hex = withdrawal.args.withdrawalHash;
      await search(page, hash, `#/bridge-transfer/${l2.chainId}:${hash}`);
      await page.waitForSelector(`h1 .status-${status}`);
      await page.waitForSelector(`[data-stage=initiated] a[href="#/chain/${l2.name}"]`);
      const stage = async (name: string) => {
        const li = page.locator(`[data-stage=${name}]`);
        const tx = li.locator("a.hash");
        return { done: (await li.getAttribute("class"))!.includes("done"), tx: (await tx.count()) ? await tx.getAttribute("title") : null, text: await li.textContent() };
      };
      const [initiated, provenStage, finalizedStage] = [await stage("initiated"), await stage("proven"), await stage("finalized")];
      expect(initiated).toMatchObject({ done: true, tx: withdrawal.transactionHash });
      expect(initiated.text).toContain(`on ${l2.name}`);
      expect(initiated.text).toContain(`block ${withdrawal.blockNumber}`);
      expect(provenStage).toMatchObject({ done: !!of(proven, hash), tx: of(proven, hash)?.transactionHash ?? null });
      expect(finalizedStage).toMatchObject({ done: !!of(finalized, hash), tx: of(finalized, hash)?.transactionHash ?? null });
      if (of(proven, hash)) expect(provenStage.text).toContain(`on ${parent.name}`);
      expect(await page.locator("[data-value] [data-raw]").getAttribute("data-raw")).toBe(withdrawal.args.value.toString());
      if (status === "finalized") await shot(page, "bridge-transfer");
    }
    await page.close();
  });

  it("a proposal traced across chains, found by its id: state, tally and quorum as the Governor returns them; its messages those of the execution's receipt, delivered; the changes read back on both rollups", async () => {
    const proposal = scenarioProposal("rollupDefaultIsm");
    const id = hexId(proposal.id);
    const governor = governorTruth(settlement(), apps.governance.governor);
    // The overview lists the newest proposals (many share a block time here): the first leads to its page.
    const page = await open("/");
    const newest = page.locator("#proposals li[data-proposal]").first();
    await newest.waitFor();
    const newestId = await newest.getAttribute("data-proposal");
    await newest.locator("a").click();
    await page.waitForSelector(`h1[data-proposal="${newestId}"]`);
    await search(page, id, `#/proposal/${id}`);
    await page.waitForSelector(`h1[data-proposal="${id}"]`);
    expect(await page.locator("h1 .status").textContent()).toBe(await governor.state(proposal.id));
    const tally = await governor.proposalVotes(proposal.id);
    const shownTally = async (k: string) => page.locator(`[data-tally=${k}] [data-raw]`).getAttribute("data-raw");
    expect([await shownTally("for"), await shownTally("against"), await shownTally("abstain")]).toEqual([tally.forVotes, tally.againstVotes, tally.abstainVotes].map(String));
    expect(await page.locator("[data-quorum]").getAttribute("data-quorum")).toBe((await governor.quorum(proposal.voteStart)).toString());
    const cast = [
      ...(await eventsOf(settlement(), apps.governance.governor, GovernorAbi, "VoteCast")),
      ...(await eventsOf(settlement(), apps.governance.governor, GovernorAbi, "VoteCastWithParams")),
    ].filter((l) => l.args.proposalId === proposal.id);
    expect(await page.$$eval("#votes tr[data-vote]", (trs) => trs.map((tr) => (tr as HTMLElement).dataset.vote).sort())).toEqual(cast.map((l) => lower(l.args.voter)).sort());

    // The trace: the messages the execution dispatched, each delivered, each change read back on its rollup.
    const [executed] = (await eventsOf(settlement(), apps.governance.governor, GovernorAbi, "ProposalExecuted")).filter((l) => l.args.proposalId === proposal.id);
    const receipt = await settlement().publicClient.getTransactionReceipt({ hash: executed.transactionHash });
    const ids = parseEventLogs({ abi: MailboxAbi, eventName: "DispatchId", logs: receipt.logs.filter((l) => isAddressEqual(l.address, settlement().hyperlane.mailbox)) }).map((l) => l.args.messageId);
    expect(ids).toHaveLength(2);
    expect(await page.locator("[data-trace]").getAttribute("data-trace")).toBe("complete");
    const traced = await page.$$eval(".trace-message", (els) => els.map((el) => [(el as HTMLElement).dataset.message!, el.querySelector("h3 a[href^='#/chain/']")!.textContent!]));
    expect(traced.map(([m]) => m)).toEqual(ids);
    expect(traced.map(([, chain]) => chain).sort()).toEqual(governance.expected.defaultIsms.map((d) => d.chain).sort());
    for (const [messageId, chainName] of traced) {
      const rollup = chainNamed(network, chainName!);
      expect(await mailboxDelivered(rollup, messageId as Hex)).toBe(true);
      const ismSet = page.locator(`.trace-message[data-message="${messageId}"] tr[data-kind=DefaultIsmSet] td[data-new]`);
      expect(await ismSet.getAttribute("data-new")).toBe(lower(await defaultIsmOf(rollup, rollup.hyperlane.mailbox)));
    }
    await shot(page, "proposal");
    await page.click(`.trace-message[data-message="${ids[0]}"] h3 a[href="#/message/${ids[0]}"]`);
    await page.waitForSelector(".timeline [data-stage=delivered].done");
    expect(await page.locator("h1 .status").textContent()).toBe("delivered");
    await page.close();
  });

  it("every proposal's page shows the state the Governor's state() returns, and the search box finds a proposal by its id", async () => {
    const governor = governorTruth(settlement(), apps.governance.governor);
    const page = await open("/");
    await page.waitForSelector("tr[data-chain]");
    const shown = new Set<string>();
    for (const p of governance.proposals) {
      const id = hexId(p.id);
      const before = await indexedBlock(settlement());
      await page.evaluate((hash) => (location.hash = hash), `#/proposal/${id}`);
      await page.waitForSelector(`h1[data-proposal="${id}"] .status`);
      const state = (await page.locator("h1 .status").textContent())!;
      // Pending and Active move on with the blocks: the state at a block the indexer was at while the page loaded.
      const after = await indexedBlock(settlement());
      expect([await governor.state(p.id, { blockNumber: before }), await governor.state(p.id, { blockNumber: after })]).toContain(state);
      shown.add(state);
    }
    expect(shown.size).toBeGreaterThanOrEqual(5);
    const queued = scenarioProposal("queued");
    await search(page, hexId(queued.id), `#/proposal/${hexId(queued.id)}`);
    await page.waitForSelector("#timelock [data-operation-state]");
    await page.close();
  });

  it("the overview's top delegate → its page: voting power as getVotes returns it, its history the DelegateVotesChanged logs, its delegators those whose delegates() names it, its votes the VoteCast logs", async () => {
    const token = tokenTruth(settlement(), apps.governance.token);
    const page = await open("/");
    const top = page.locator("#delegates tr[data-delegate]").first();
    await top.waitFor();
    const account = (await top.getAttribute("data-delegate")) as Address;
    await top.locator("a").click();
    await page.waitForURL(`**/#/delegate/${account}`);
    await page.waitForSelector("figure[data-chart] .u-over");
    expect(await page.locator("[data-voting-power]").getAttribute("data-voting-power")).toBe((await token.getVotes(account)).toString());
    const changes = (await eventsOf(settlement(), apps.governance.token, ERC20VotesAbi, "DelegateVotesChanged")).filter((l) => lower(l.args.delegate) === account);
    const lastOfBlock = new Map<number, bigint>(changes.map((l) => [Number(l.blockNumber), l.args.newVotes]));
    const chart = await page.$$eval('figure[data-chart="Voting power"] tr[data-start]', (trs) =>
      trs.map((tr) => [Number((tr as HTMLElement).dataset.start), Number(tr.querySelector("td[data-series]")!.textContent)]),
    );
    expect(chart).toEqual([...lastOfBlock].map(([block, votes]) => [block, Number(formatUnits(votes, 18))]));
    const delegators = new Set((await eventsOf(settlement(), apps.governance.token, ERC20VotesAbi, "DelegateChanged")).map((l) => l.args.delegator as Address));
    const theirs: string[] = [];
    for (const d of delegators) if (isAddressEqual(await token.delegates(d), account)) theirs.push(lower(d));
    expect(await page.$$eval("#delegators li[data-delegator]", (lis) => lis.map((li) => (li as HTMLElement).dataset.delegator).sort())).toEqual(theirs.sort());
    const votes = [
      ...(await eventsOf(settlement(), apps.governance.governor, GovernorAbi, "VoteCast")),
      ...(await eventsOf(settlement(), apps.governance.governor, GovernorAbi, "VoteCastWithParams")),
    ].filter((l) => lower(l.args.voter) === account);
    expect(votes.length).toBeGreaterThan(0);
    expect(await page.$$eval("#votes tr[data-vote]", (trs) => trs.map((tr) => (tr as HTMLElement).dataset.vote).sort())).toEqual(votes.map((l) => hexId(l.args.proposalId)).sort());
    await shot(page, "delegate");
    await page.close();
  });

  it("the audit trail filtered by chain and kind: each row a DefaultIsmSet the Mailbox logged, the newest its defaultIsm() now, linked to the proposal behind it", async () => {
    const chain = chainNamed(network, governance.expected.defaultIsms[0]!.chain);
    const page = await open("/#/audit");
    await page.waitForSelector("tr[data-change]");
    // preact sets an option's value as a property: no attribute to select on.
    await page.waitForFunction((name) => Array.from(document.querySelector<HTMLSelectElement>("select[name=chain]")!.options).some((o) => o.value === name), chain.name);
    await page.selectOption("select[name=chain]", chain.name);
    await page.selectOption("select[name=kind]", "DefaultIsmSet");
    await page.click(".filters button[type=submit]");
    await page.waitForURL(`**/#/audit/chain=${chain.name}&kind=DefaultIsmSet`);
    await page.waitForFunction(() => {
      const rows = Array.from(document.querySelectorAll("tr[data-change]"));
      return rows.length > 0 && rows.every((tr) => (tr as HTMLElement).dataset.kind === "DefaultIsmSet");
    });
    await showAll(page, "main", "tr[data-change]");
    const rows = await page.$$eval("tr[data-change]", (trs) =>
      trs.map((tr) => ({ chain: (tr as HTMLElement).dataset.chain, tx: tr.querySelector("td:nth-child(5) a.hash")!.getAttribute("title"), new: tr.querySelector("td[data-new]")!.getAttribute("data-new") })),
    );
    const logs = await eventsOf(chain, chain.hyperlane.mailbox, MailboxAdminAbi, "DefaultIsmSet");
    expect(rows.map((r) => `${r.chain} ${r.tx} ${r.new}`).sort()).toEqual(logs.map((l) => `${chain.name} ${l.transactionHash} ${lower(l.args.module)}`).sort());
    expect(rows[0]!.new).toBe(lower(await defaultIsmOf(chain, chain.hyperlane.mailbox)));
    await shot(page, "audit");
    await page.locator("tr[data-change]").first().locator("td[data-proposal] a[href^='#/proposal/']").click();
    await page.waitForURL(`**/#/proposal/${hexId(scenarioProposal("rollupDefaultIsm").id)}`);
    await page.close();
  });

  it("a contract's trail on its account page, found by the search box: the proxy's upgrades as its Upgraded logs, its implementation the ERC-1967 slot, the proposal behind it", async () => {
    const proxy = apps.governance.proxy;
    const page = await open("/");
    await search(page, proxy, `#/account/${lower(proxy)}`);
    await page.waitForSelector("#audit-trail tr[data-change]");
    await page.waitForSelector("#audit-trail tr[data-setting=implementation]");
    expect(await page.locator("#audit-trail tr[data-setting=implementation] a.hash").getAttribute("title")).toBe(lower(await implementationOf(settlement(), proxy)));
    const upgraded = await eventsOf(settlement(), proxy, [parseAbiItem("event Upgraded(address indexed implementation)")], "Upgraded");
    const rows = await page.$$eval("#audit-trail tr[data-change][data-kind=Upgraded]", (trs) =>
      trs.map((tr) => [tr.querySelector("td[data-new]")!.getAttribute("data-new"), tr.querySelector("td[data-proposal]")!.getAttribute("data-proposal")]),
    );
    expect(rows.map(([implementation]) => implementation).sort()).toEqual(upgraded.map((l) => lower(l.args.implementation)).sort());
    const byProposal = rows.find(([implementation]) => implementation === lower(getAddress(apps.governance.implementations[1])));
    expect(byProposal?.[1]).toBe(hexId(scenarioProposal("upgradeProxy").id));
    await shot(page, "contract-account");
    await page.close();
  });

  it("fits a phone's width on every page, and there lists a message never paid for, whose page says why it is pending", async () => {
    const unpaid = sent.find((m) => m.payments.length === 0)!;
    expect(await mailboxDelivered(chainNamed(network, unpaid.destination), unpaid.id)).toBe(false);
    const overview = await open("/", 390);
    await overview.waitForSelector("figure[data-chart] .u-over");
    await overview.click(`#pending a[href="#/message/${unpaid.id}"]`);
    await overview.waitForSelector("#diagnosis [data-diagnosis]");
    expect(await overview.locator("h1 .status").textContent()).toBe("pending");
    expect(await overview.locator("[data-stage=paid].done").count()).toBe(0);
    const diagnosis = await getJson(`${url}/api/messages/${unpaid.id}/diagnosis`);
    if (diagnosis.status === 404) expect(await overview.locator("#diagnosis").textContent()).toContain("no diagnosis");
    else {
      expect(await overview.locator(".diagnosis").getAttribute("data-reason")).toBe(diagnosis.body.reason);
      const checks = await overview.locator(".diagnosis li[data-check]").evaluateAll((lis) => lis.map((li) => [li.getAttribute("data-check"), li.className]));
      expect(checks).toEqual(diagnosis.body.checks.map((c: any) => [c.check, c.ok ? "ok" : "bad"]));
    }
    await overview.close();
    const op = opRollup();
    const l2 = chainNamed(network, op.chain!);
    const [withdrawal] = await eventsOf(l2, op.predeploys.L2ToL1MessagePasser, L2ToL1MessagePasserAbi, "MessagePassed");
    const delegate = lower(devnetAccount(scenarioProposal("rollupDefaultIsm").votes[0]!.voter).address);
    const pages: [string, string, string][] = [
      ["overview", "/", "figure[data-chart] .u-over"],
      ["message", `/#/message/${unpaid.id}`, "#diagnosis [data-diagnosis]"],
      ["rollup", `/#/rollup/${l2.chainId}`, "#transfers tr[data-bridge-transfer]"],
      ["bridge-transfer", `/#/bridge-transfer/${l2.chainId}:${withdrawal.args.withdrawalHash}`, "[data-stage=initiated]"],
      ["proposal", `/#/proposal/${hexId(scenarioProposal("rollupDefaultIsm").id)}`, ".trace-message tr[data-change]"],
      ["delegate", `/#/delegate/${delegate}`, "figure[data-chart] .u-over"],
      ["audit", "/#/audit", "tr[data-change]"],
      ["contract-account", `/#/account/${lower(apps.governance.proxy)}`, "#audit-trail tr[data-setting]"],
    ];
    for (const [name, path, ready] of pages) {
      const page = await open(path, 390);
      await page.waitForSelector(ready);
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect([path, scrollWidth]).toEqual([path, innerWidth]);
      await shot(page, `phone-${name}`);
      await page.close();
    }
  });
});
