import type { ComponentChildren } from "preact";
import { type Loaded, useChains } from "./api";

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
  delegate: (address: string) => `#/delegate/${address}`,
  /** The audit trail, filtered by chain, contract and kind (those given). */
  audit: (filters: { chain?: string; contract?: string; kind?: string } = {}) => {
    const query = new URLSearchParams(Object.entries(filters).filter((e): e is [string, string] => !!e[1])).toString();
    return query ? `#/audit/${query}` : "#/audit";
  },
  search: (q: string) => `#/search/${encodeURIComponent(q)}`,
};

export const short = (hex: string) => (hex.length > 18 ? `${hex.slice(0, 8)}…${hex.slice(-6)}` : hex);

export const Hash = ({ value, href }: { value: string; href?: string }) => (
  <a class="hash" href={href ?? to.search(value)} title={value}>
    {short(value)}
  </a>
);

export const ChainLink = ({ chain }: { chain: { name?: string | null; chainId?: number; domainId?: number } | null }) =>
  chain?.name ? (
    <a href={to.chain(chain.name)}>{chain.name}</a>
  ) : chain?.chainId != null ? (
    <span>chain {chain.chainId}</span>
  ) : (
    <span>domain {chain?.domainId ?? "?"}</span>
  );

/** A chain named by its chain id (or domain id), linked when the network indexes it. */
export function ChainOf({ chainId, domainId }: { chainId?: number | string | null; domainId?: number }) {
  const chains = useChains();
  const chain = chains?.find((c) => (chainId != null ? c.chainId === Number(chainId) : c.domainId === domainId));
  return <ChainLink chain={chain ?? { chainId: chainId == null ? undefined : Number(chainId), domainId }} />;
}

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** A raw integer amount in whole units, `decimals` places moved, its integer part grouped by thousands. */
export function units(raw: string, decimals = 18): string {
  const negative = raw.startsWith("-");
  const digits = (negative ? raw.slice(1) : raw).padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals).replace(/\B(?=(\d{3})+$)/g, ",");
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}

/** An amount of a token: ETH (the zero address) in ether; another token in its raw units, named by its address. */
export const TokenAmount = ({ raw, token }: { raw: string | null | undefined; token?: string | null }) =>
  raw == null ? (
    <span>—</span>
  ) : !token || token === ZERO_ADDRESS ? (
    <span data-raw={raw}>{units(raw)} ETH</span>
  ) : (
    <span data-raw={raw}>
      {raw} <span class="muted">units of token</span> <Hash value={token} href={to.account(token)} />
    </span>
  );

/** Voting power or a tally: the token's 18 decimals moved, the raw value in its title. */
export const Votes = ({ raw }: { raw: string | null | undefined }) =>
  raw == null ? (
    <span>—</span>
  ) : (
    <span class="votes" data-raw={raw} title={`${raw} (raw)`}>
      {units(raw)}
    </span>
  );

/** An account, linked to its page. */
export const Address = ({ value, href }: { value: string | null | undefined; href?: string }) =>
  value ? <Hash value={value} href={href ?? to.account(value)} /> : <span class="muted">—</span>;

/** One stage of something's life (a message, a bridge transfer, a proposal), where and when it happened. */
export const Stage = ({
  name,
  done,
  on,
  side,
  children,
}: {
  name: string;
  done: boolean;
  on?: ComponentChildren;
  side?: { txHash: string; blockNumber?: string | number | null; timestamp?: number | string | null } | null;
  children?: ComponentChildren;
}) => (
  <li class={done ? "stage done" : "stage"} data-stage={name}>
    <b>{name}</b> {on && <>on {on}</>} {side && <Time ts={side.timestamp} />}
    {side && (
      <div class="muted">
        {side.blockNumber != null && <>block {side.blockNumber}, </>}tx <Hash value={side.txHash} href={to.tx(side.txHash)} />
      </div>
    )}
    {children}
  </li>
);

const ago = (seconds: number) => {
  const s = Math.round(Date.now() / 1000 - seconds);
  // A chain's clock may run a little ahead of this one; a devnet's far ahead, when time was passed on it.
  if (s < -120) return `${new Date(seconds * 1000).toISOString().slice(0, 16).replace("T", " ")} UTC`;
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
  if (/timestamp$|At$/i.test(name) && /^\d{9,11}$/.test(text)) return <Time ts={text} />;
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

/** A list read page by page (`usePages`): loading, an error, or its items and a button for more. */
export function Paged<T>({ pages, children }: { pages: { items?: T[]; error?: Error; more?: () => void }; children: (items: T[]) => ComponentChildren }) {
  if (pages.error && pages.items === undefined) return <p class="error">{pages.error.message}</p>;
  if (pages.items === undefined) return <p class="muted">loading…</p>;
  return (
    <>
      {children(pages.items)}
      {pages.more && (
        <button type="button" class="more" onClick={pages.more}>
          more
        </button>
      )}
    </>
  );
}
