import { useEffect, useMemo, useState } from "preact/hooks";
import { get, useApi, useChains } from "./api";
import { type Series, Chart } from "./charts";
import { ChainLink, ChainOf, Load, Section, Status, Table, Time, TokenAmount, to } from "./components";
import { Feed } from "./feed";
import { AuditRows, Delegates } from "./governance";
import { MessageRows } from "./pages";

const REFRESH_MS = 15_000;
const WINDOW_S = 300;
const WINDOWS = 12;

function Chains() {
  const state = useApi("/api/chains", REFRESH_MS);
  return (
    <Load state={state}>
      {({ items }: any) => (
        <Table head={["chain", "chain id / domain", "stack", "indexed block", "indexed up to", "out: delivered / pending", "in: delivered / pending"]}>
          {items.map((c: any) => (
            <tr data-chain={c.name}>
              <td>
                <a href={to.chain(c.name)}>{c.name}</a>
              </td>
              <td>
                {c.chainId} / {c.domainId}
              </td>
              <td>
                {c.stack}
                {c.settlesOn && ` on ${c.settlesOn}`}
              </td>
              <td class="num">{c.indexed?.blockNumber ?? "not yet"}</td>
              <td>
                <Time ts={c.indexed?.timestamp} />
              </td>
              <td class="num">
                {c.messages.outbound.delivered} / {c.messages.outbound.pending}
              </td>
              <td class="num">
                {c.messages.inbound.delivered} / {c.messages.inbound.pending}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Load>
  );
}

const label = (c: { name: string | null; domainId?: number }) => c.name ?? `domain ${c.domainId}`;
const reasons = (byReason?: Record<string, number>) =>
  byReason && Object.keys(byReason).length ? ` (${Object.entries(byReason).map(([r, n]) => `${n} ${r}`).join(", ")})` : "";

/** The route matrix: a cell per origin and destination, its shade the messages or the median latency. */
export function Heatmap() {
  const [metric, setMetric] = useState<"messages" | "latency">("messages");
  const state = useApi("/api/analytics/messages", REFRESH_MS);
  return (
    <Load state={state}>
      {({ pairs, total }: any) => {
        const origins = [...new Set<string>(pairs.map((p: any) => label(p.origin)))].sort();
        const destinations = [...new Set<string>(pairs.map((p: any) => label(p.destination)))].sort();
        const cell = new Map<string, any>(pairs.map((p: any) => [`${label(p.origin)}>${label(p.destination)}`, p]));
        const value = (p: any) => (metric === "messages" ? p.messages : (p.latencySeconds?.p50 ?? 0));
        const max = Math.max(1, ...pairs.map(value));
        return (
          <>
            <p>
              {total.messages} messages, {total.delivered} delivered, {total.pending} pending ({total.unpaid} unpaid); latency p50 {total.latencySeconds?.p50 ?? "—"} s, p99{" "}
              {total.latencySeconds?.p99 ?? "—"} s.{" "}
              <label>
                shade by{" "}
                <select value={metric} onChange={(e) => setMetric(e.currentTarget.value as any)}>
                  <option value="messages">messages</option>
                  <option value="latency">median latency</option>
                </select>
              </label>
            </p>
            <Table head={["origin ↓ / destination →", ...destinations]}>
              {origins.map((o) => (
                <tr>
                  <th>{o}</th>
                  {destinations.map((d) => {
                    const p = cell.get(`${o}>${d}`);
                    if (!p) return <td class="cell empty">·</td>;
                    const shade = value(p) / max;
                    return (
                      <td
                        class="cell"
                        data-origin={o}
                        data-destination={d}
                        style={{ background: `rgba(37, 99, 235, ${0.08 + 0.72 * shade})`, color: shade > 0.55 ? "#fff" : undefined }}
                        title={`${o} → ${d}: ${p.messages} messages, ${p.delivered} delivered, ${p.pending} pending, ${p.unpaid} unpaid${reasons(p.pendingByReason)}`}
                      >
                        <b data-messages>{p.messages}</b>
                        <small data-p50>{p.latencySeconds ? `${p.latencySeconds.p50} s` : "—"}</small>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </Table>
          </>
        );
      }}
    </Load>
  );
}

/** Message count and latency per 5-minute window of the last hour, from the route matrix of each window. */
function LatencyCharts() {
  const [windows, setWindows] = useState<{ x: number[]; total: any[] } | null>(null);
  useEffect(() => {
    const load = async () => {
      const end = Math.ceil(Date.now() / 1000 / WINDOW_S) * WINDOW_S;
      const x = Array.from({ length: WINDOWS }, (_, i) => end - WINDOW_S * (WINDOWS - i));
      const total = await Promise.all(x.map((from) => get(`/api/analytics/messages?from=${from}&to=${from + WINDOW_S}`).then((m) => m.total)));
      setWindows({ x, total });
    };
    void load().catch(() => {});
    const timer = setInterval(() => void load().catch(() => {}), REFRESH_MS * 2);
    return () => clearInterval(timer);
  }, []);
  const charts = useMemo(() => {
    if (!windows) return null;
    const lat = (k: string) => windows.total.map((t) => t.latencySeconds?.[k] ?? null);
    return {
      messages: [
        { label: "dispatched", values: windows.total.map((t) => t.messages), color: "#2563eb" },
        { label: "delivered", values: windows.total.map((t) => t.delivered), color: "#16a34a" },
      ] as Series[],
      latency: [
        { label: "p50", values: lat("p50"), color: "#2563eb" },
        { label: "p90", values: lat("p90"), color: "#d97706" },
        { label: "p99", values: lat("p99"), color: "#dc2626" },
      ] as Series[],
    };
  }, [windows]);
  if (!windows || !charts) return <p class="muted">loading…</p>;
  return (
    <div class="charts">
      <Chart title="Messages per 5 minutes" x={windows.x} series={charts.messages} unit="messages" />
      <Chart title="Delivery latency per 5 minutes" x={windows.x} series={charts.latency} unit="seconds" />
    </div>
  );
}

/** Transfers and volume per hour over the last day, from the transfer buckets. */
function VolumeCharts() {
  const [from] = useState(() => Math.floor(Date.now() / 1000 / 3600) * 3600 - 23 * 3600);
  const state = useApi(`/api/analytics/transfers?interval=hour&from=${from}`, REFRESH_MS * 2);
  const charts = useMemo(() => {
    const points: any[] = state.data?.points ?? [];
    return {
      x: points.map((p) => p.start),
      transfers: [
        { label: "transfers", values: points.map((p) => p.transfers), color: "#2563eb" },
        { label: "delivered", values: points.map((p) => p.delivered), color: "#16a34a" },
      ] as Series[],
      volume: [{ label: "volume", values: points.map((p) => Number(p.volume)), color: "#7c3aed" }] as Series[],
    };
  }, [state.data]);
  return (
    <Load state={state}>
      {() => (
        <div class="charts">
          <Chart title="Transfers per hour" x={charts.x} series={charts.transfers} unit="transfers" />
          <Chart title="Volume per hour (all assets, in whole tokens)" x={charts.x} series={charts.volume} unit="tokens" />
        </div>
      )}
    </Load>
  );
}

function Liquidity() {
  const state = useApi("/api/liquidity", REFRESH_MS);
  return (
    <Load state={state}>
      {({ items }: any) => (
        <Table head={["route", "chain", "kind", "locked", "supply", "conservation"]}>
          {items.flatMap((r: any) =>
            r.chains.map((c: any, i: number) => (
              <tr data-route={r.route}>
                <td>{i === 0 ? `${r.route} (${r.kind})` : ""}</td>
                <td>
                  <ChainLink chain={c} />
                </td>
                <td>{c.kind}</td>
                <td class="num">{c.locked.value}</td>
                <td class="num">{c.supply.value}</td>
                <td>
                  {i === 0 &&
                    (r.conservation.holds ? (
                      <span class="ok">✓ holds (in flight {r.conservation.inFlight.value})</span>
                    ) : (
                      <span class="bad">✗ off by {r.conservation.discrepancy.value}</span>
                    ))}
                </td>
              </tr>
            )),
          )}
        </Table>
      )}
    </Load>
  );
}

function Lists() {
  const rollups = useApi("/api/rollups", REFRESH_MS * 2);
  const bridges = useApi("/api/bridge-transfers?limit=8", REFRESH_MS);
  const proposals = useApi("/api/governance/proposals?limit=8", REFRESH_MS);
  const audit = useApi("/api/audit?limit=5", REFRESH_MS);
  return (
    <>
      <div class="columns">
        <Section title="Rollups" id="rollups">
          <Load state={rollups}>
            {({ items }: any) => (
              <ul class="plain">
                {items.length === 0 && <li class="muted">none</li>}
                {items.map((r: any) => (
                  <li data-rollup={r.l2ChainId}>
                    <a href={to.rollup(r.l2ChainId)}>{r.chainId ? <ChainName chainId={r.chainId} /> : `chain ${r.l2ChainId}`}</a> {r.stack === "orbit" ? "Orbit" : "OP Stack"} {r.variant} on{" "}
                    <ChainOf chainId={r.parentChainId} />, {r.transfers.deposits.count} deposits, {r.transfers.withdrawals.count} withdrawals
                  </li>
                ))}
              </ul>
            )}
          </Load>
        </Section>
        <Section title="Bridge transfers" id="bridge-transfers">
          <Load state={bridges}>
            {({ items }: any) => (
              <ul class="plain">
                {items.length === 0 && <li class="muted">none</li>}
                {items.map((b: any) => (
                  <li data-bridge-transfer={b.id}>
                    <a href={to.bridgeTransfer(b.id)}>{b.direction}</a> <TokenAmount raw={b.amount ?? b.value} token={b.token} /> {b.direction === "deposit" ? "to" : "from"}{" "}
                    <ChainOf chainId={b.l2ChainId} /> <Status value={b.status} />
                  </li>
                ))}
              </ul>
            )}
          </Load>
        </Section>
      </div>
      <div class="columns">
        <Section title="Governance proposals" id="proposals">
          <Load state={proposals}>
            {({ items }: any) => (
              <ul class="plain">
                {items.length === 0 && <li class="muted">none</li>}
                {items.map((p: any) => (
                  <li data-proposal={p.id}>
                    <a href={to.proposal(p.id)}>{p.description.split("\n")[0]}</a> <Status value={p.state} />
                  </li>
                ))}
              </ul>
            )}
          </Load>
        </Section>
        <Section title="Delegates" id="delegates">
          <Delegates limit={8} />
        </Section>
      </div>
      <Section title="Latest administrative changes" id="audit">
        <Load state={audit}>{({ items }: any) => <AuditRows items={items} />}</Load>
        <p>
          <a href={to.audit()}>The whole audit trail</a>
        </p>
      </Section>
    </>
  );
}

/** A chain's name by its id, unlinked (inside a link). */
const ChainName = ({ chainId }: { chainId: number }) => <>{useChains()?.find((c) => c.chainId === chainId)?.name ?? `chain ${chainId}`}</>;

/** Messages not delivered yet, newest first: each page says why. */
function Pending() {
  const state = useApi("/api/messages?status=pending&limit=10", REFRESH_MS);
  return <Load state={state}>{({ items }: any) => <MessageRows items={items} />}</Load>;
}

export function Overview() {
  return (
    <>
      <Section title="Chains" id="chains">
        <Chains />
      </Section>
      <Section title="Live" id="feed">
        <Feed />
      </Section>
      <Section title="Pending messages" id="pending">
        <Pending />
      </Section>
      <Section title="Routes" id="routes">
        <Heatmap />
      </Section>
      <Section title="Traffic" id="traffic">
        <LatencyCharts />
        <VolumeCharts />
      </Section>
      <Section title="Liquidity" id="liquidity">
        <Liquidity />
      </Section>
      <Lists />
    </>
  );
}
