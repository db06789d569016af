import type { ComponentChildren } from "preact";
import type { Loaded } from "./api";

/** Where the dashboard shows a thing (hash routes: the server serves one page). */
export const to = {
  message: (id: string) => `#/message/${id}`,
  transfer: (id: string) => `#/transfer/${id}`,
  tx: (hash: string) => `#/tx/${hash}`,
  account: (address: string) => `#/account/${address}`,
  chain: (name: string) => `#/chain/${name}`,
  rollup: (chainId: number | string) => `#/rollup/${chainId}`,
  bridgeTransfer: (id: string) => `#/bridge-transfer/${id}`,
  proposal: (id: string) => `#/proposal/${id}`,
  search: (q: string) => `#/search/${encodeURIComponent(q)}`,
};

export const short = (hex: string) => (hex.length > 18 ? `${hex.slice(0, 8)}…${hex.slice(-6)}` : hex);

export const Hash = ({ value, href }: { value: string; href?: string }) => (
  <a class="hash" href={href ?? to.search(value)} title={value}>
    {short(value)}
  </a>
);

export const ChainLink = ({ chain }: { chain: { name?: string | null; chainId?: number; domainId?: number } | null }) =>
  chain?.name ? <a href={to.chain(chain.name)}>{chain.name}</a> : <span>domain {chain?.domainId ?? "?"}</span>;

const ago = (seconds: number) => {
  const s = Math.round(Date.now() / 1000 - seconds);
  // A chain's clock may run a little ahead of this one.
  if (s < -120) return "in the future";
  if (s <= 0) return "now";
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
};

export const Time = ({ ts }: { ts: number | string | null | undefined }) =>
  ts == null ? <span>—</span> : <time title={new Date(Number(ts) * 1000).toISOString()}>{ago(Number(ts))}</time>;

export const Status = ({ value }: { value: string }) => <span class={`status status-${value.toLowerCase()}`}>{value}</span>;

/** A loading state, an error, or the content once there is data. */
export function Load<T>({ state, children }: { state: Loaded<T>; children: (data: T) => ComponentChildren }) {
  if (state.error && state.data === undefined) return <p class="error">{state.error.message}</p>;
  if (state.data === undefined) return <p class="muted">loading…</p>;
  return <>{children(state.data)}</>;
}

export const Section = ({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) => (
  <section id={id}>
    <h2>{title}</h2>
    {children}
  </section>
);

/** A table that scrolls sideways on its own at phone width, not the page. */
export const Table = ({ head, children }: { head: ComponentChildren[]; children: ComponentChildren }) => (
  <div class="scroll">
    <table>
      <thead>
        <tr>
          {head.map((h) => (
            <th>{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </div>
);

/** Where a key's value leads: a transaction hash to its page, an address to its account. */
function linkFor(key: string, value: string): string | undefined {
  if (key === "chain" && /^[a-z][a-z0-9_-]*$/.test(value)) return to.chain(value);
  if (/^0x[0-9a-f]{64}$/i.test(value)) return /tx|hash$/i.test(key) ? to.tx(value) : /message/i.test(key) ? to.message(value) : to.search(value);
  if (/^0x[0-9a-f]{40}$/i.test(value)) return to.account(value);
}

/** Any JSON the API serves, as nested fields; hashes and addresses link to their pages. */
export function Value({ name, value }: { name: string; value: unknown }): preact.JSX.Element {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span class="muted">none</span>;
    return (
      <ol class="values">
        {value.map((v) => (
          <li>
            <Value name={name} value={v} />
          </li>
        ))}
      </ol>
    );
  }
  if (typeof value === "object") {
    const chain = value as { name?: unknown; chainId?: unknown; domainId?: number };
    if (typeof chain.name === "string" && "chainId" in chain) return <ChainLink chain={chain as { name: string }} />;
    return <Fields value={value as Record<string, unknown>} />;
  }
  const text = String(value);
  if (/timestamp$|At$/.test(name) && /^\d{9,11}$/.test(text)) return <Time ts={text} />;
  const href = linkFor(name, text);
  if (href) return href.startsWith("#/chain/") ? <a href={href}>{text}</a> : <Hash value={text} href={href} />;
  return <span class={text.length > 66 ? "long" : undefined}>{text}</span>;
}

export const Fields = ({ value, only }: { value: Record<string, unknown>; only?: string[] }) => (
  <dl class="fields">
    {Object.entries(value)
      .filter(([k]) => !only || only.includes(k))
      .map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>
            <Value name={k} value={v} />
          </dd>
        </>
      ))}
  </dl>
);
