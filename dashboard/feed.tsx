import { useEffect, useState } from "preact/hooks";
import { get } from "./api";
import { ChainLink, Hash, Status, Time, to } from "./components";

/** The frames of `/api/stream`: each carries the JSON its by-id endpoint serves. */
const KINDS = ["message", "transfer", "bridgeTransfer", "governance"] as const;
type Kind = (typeof KINDS)[number];
type Item = { kind: Kind; data: any; seenAt: number };

const POLL_MS = 2_000;
const KEEP = 25;

const pageOf = (kind: Kind, d: any) =>
  kind === "message" ? to.message(d.id) : kind === "transfer" ? to.transfer(d.id) : kind === "bridgeTransfer" ? to.bridgeTransfer(d.id) : d.proposalId ? to.proposal(d.proposalId) : to.search(d.id ?? "");

/**
 * What happens, as it happens: the server-sent events of `/api/stream`; where the server has
 * no stream (its EventSource closes), the newest messages polled instead.
 */
export function Feed() {
  const [items, setItems] = useState<Item[]>([]);
  const [mode, setMode] = useState<"connecting" | "stream" | "polling">("connecting");
  useEffect(() => {
    const add = (kind: Kind, data: any) =>
      setItems((list) => [{ kind, data, seenAt: Date.now() }, ...list.filter((i) => !(i.kind === kind && i.data.id === data.id))].slice(0, KEEP));
    let timer: ReturnType<typeof setInterval> | undefined;
    // The newest messages to start with; polled again where there is no stream.
    const seen = new Map<string, string>();
    const load = () =>
      get("/api/messages?limit=10").then(({ items }) => {
        for (const m of [...items].reverse()) if (seen.get(m.id) !== m.status) (seen.set(m.id, m.status), add("message", m));
      }, () => {});
    void load();
    const poll = () => {
      setMode("polling");
      timer = setInterval(load, POLL_MS);
    };
    const stream = new EventSource("/api/stream");
    stream.onopen = () => setMode("stream");
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED && timer === undefined) poll();
    };
    for (const kind of KINDS) stream.addEventListener(kind, (e) => add(kind, JSON.parse((e as MessageEvent).data)));
    // A reorg took the thing away: `{ kind, id }`.
    stream.addEventListener("removed", (e) => {
      const { kind, id } = JSON.parse((e as MessageEvent).data);
      setItems((list) => list.filter((i) => !(i.kind === kind && i.data.id === id)));
    });
    return () => (stream.close(), clearInterval(timer));
  }, []);
  return (
    <div class="feed" data-mode={mode}>
      <p class="muted">
        {mode === "stream" ? "live: server-sent events from /api/stream" : mode === "polling" ? "no stream on this server: polling /api/messages" : "connecting…"}
      </p>
      <ol>
        {items.map(({ kind, data }) => (
          <li data-kind={kind} data-id={data.id}>
            <span class="kind">{kind}</span> <Hash value={String(data.id ?? "")} href={pageOf(kind, data)} />{" "}
            {data.status && <Status value={data.status} />}{" "}
            {data.origin && (
              <>
                <ChainLink chain={data.origin} /> → <ChainLink chain={data.destination} />
              </>
            )}{" "}
            {data.symbol && <span>{data.amount?.value} {data.symbol}</span>}
            {data.state && <Status value={data.state} />} <Time ts={data.delivery?.timestamp ?? data.dispatch?.timestamp} />
          </li>
        ))}
      </ol>
    </div>
  );
}
