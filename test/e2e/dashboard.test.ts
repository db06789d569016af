/// <reference lib="dom" />
// The functions given to page.evaluate run in the browser.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { formatUnits, type Hex, keccak256, parseAbiItem } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT, type Indexer } from "../../devnet/indexer";
import { dispatch } from "../../devnet/messaging";
import { chainNamed, freshChainIdOffset, type Network, startNetwork } from "../../devnet/network";
import { makeScenario, mineEmpty, runScenario, type SentMessage } from "../../devnet/scenario";
import { deployWarpRoutes, makeWarpScenario, runWarpScenario, type SentWarpTransfer } from "../../devnet/warp";
import { CHROMIUM } from "../setup/chromium";
import { getJson, heads, indexUpTo, keepMining, mailboxDelivered, tempDir } from "./harness";

/**
 * The dashboard at `/`, driven in a real headless Chromium (Debian's, through playwright-core)
 * against one devnet and its indexer; what it shows is compared with the chains and with the
 * API's JSON fetched on the side. Screenshots go to test-artifacts/dashboard/.
 */

const ARTIFACTS = join(PROJECT_ROOT, "test-artifacts", "dashboard");
const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
/** Generous: the machine may be busy with other suites; a page that loads at all loads in ~2 s. */
const PAGE_TIMEOUT_MS = 60_000;
const dispatchEvent = parseAbiItem("event Dispatch(address indexed sender, uint32 indexed destination, bytes32 indexed recipient, bytes message)");

let network: Network;
let sent: SentMessage[];
let warpSent: SentWarpTransfer[];
let warpDelivered: number;
let indexer: Indexer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  network = await startNetwork({ chainIdOffset: freshChainIdOffset() });
  const warp = await deployWarpRoutes(network);
  ({ sent } = await runScenario(network, makeScenario({ seed: 909, count: 16 })));
  const warpRun = await runWarpScenario(network, warp, makeWarpScenario({ seed: 19, count: 10 }));
  [warpSent, warpDelivered] = [warpRun.sent, warpRun.deliveries.length];
  await mineEmpty(network, 40);
  const target = await heads(network);
  await keepMining(network);
  const manifestPath = join(tempDir("manifest"), "manifest.json");
  writeFileSync(manifestPath, JSON.stringify({ ...network.manifest, warpRoutes: warp.routes }));
  [indexer, browser] = await Promise.all([
    indexUpTo({ manifestPath, pgliteDir: tempDir("pglite") }, target),
    chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }),
  ]);
  url = indexer.url;
});

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
    expect(volumeRows.reduce((sum, r) => sum + r.cells[1]!, 0)).toBe(warpDelivered);
    const volumes = await page.locator('figure[data-chart^="Volume per hour"] td[data-series]').allTextContents();
    expect(volumes.map(Number)).toEqual(series.map((p: any) => Number(p.volume)));
    const sentVolume = Number(formatUnits(warpSent.reduce((sum, t) => sum + t.messageAmount, 0n), 18));
    expect(volumes.reduce((sum, v) => sum + Number(v), 0)).toBeCloseTo(sentVolume, 9);
    await shot(page, "overview");
    await page.close();
  });

  it("shows a message dispatched now in the live feed, from the stream where the server has one", async () => {
    const page = await open("/");
    await page.waitForSelector(".feed:not([data-mode=connecting])");
    const stream = await fetch(`${url}/api/stream`);
    const streamed = stream.status === 200 && /^text\/event-stream/.test(stream.headers.get("content-type") ?? "");
    await stream.body?.cancel();
    expect(await page.locator(".feed").getAttribute("data-mode")).toBe(streamed ? "stream" : "polling");
    const [origin, destination] = [chainNamed(network, "opchain"), chainNamed(network, "settlement")];
    const { dispatched } = await dispatch(origin, { destination, body: "0xfeed", sender: 4, payment: 10n ** 15n });
    expect(dispatched.id).toBe(keccak256(dispatched.message));
    const item = page.locator(`.feed li[data-kind=message][data-id="${dispatched.id}"]`);
    await item.waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toContain("opchain → settlement");
    await shot(page, "live-feed");
    await page.close();
  });

  it("fits a phone's width, and there lists a message never paid for, whose page says why it is pending", async () => {
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
    for (const path of ["/", `/#/message/${unpaid.id}`]) {
      const page = await open(path, 390);
      await page.waitForSelector(path === "/" ? "figure[data-chart] .u-over" : "#diagnosis [data-diagnosis]");
      const [scrollWidth, innerWidth] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      expect([path, scrollWidth]).toEqual([path, innerWidth]);
      await shot(page, path === "/" ? "phone-overview" : "phone-message");
      await page.close();
    }
  });
});
