import type { FunctionComponent } from "preact";
import { usePages, useApi } from "./api";
import { Address, ChainOf, Fields, Hash, Load, Paged, Section, Stage, Status, Table, Time, TokenAmount, to, ZERO_ADDRESS } from "./components";

type Page = FunctionComponent<{ arg: string }>;

/** The parent chain's id of a rollup id (`parentChainId:anchor`). */
const parentOf = (rollupId: string | null) => (rollupId ? rollupId.split(":")[0] : null);

/** Native bridge transfers as rows, each linked to its page. */
export const BridgeTransferRows = ({ items }: { items: any[] }) =>
  items.length === 0 ? (
    <p class="muted">none</p>
  ) : (
    <Table head={["transfer", "direction", "status", "amount", "from → to", "initiated", "finalized"]}>
      {items.map((t) => (
        <tr data-bridge-transfer={t.id}>
          <td>
            <a class="hash" href={to.bridgeTransfer(t.id)} title={t.id}>
              {t.stack === "orbit" ? t.id.split(":").slice(1).join(" ") : `${t.hash.slice(0, 10)}…`}
            </a>
          </td>
          <td>{t.direction}</td>
          <td>
            <Status value={t.status} />
          </td>
          <td>
            <TokenAmount raw={t.amount ?? t.value} token={t.token} />
          </td>
          <td>
            <Address value={t.from ?? t.sender} /> → <Address value={t.to ?? t.target} />
          </td>
          <td>
            <Time ts={t.initiated?.timestamp} />
          </td>
          <td>
            <Time ts={t.finalized?.timestamp} />
          </td>
        </tr>
      ))}
    </Table>
  );

/** Counts by status and the volume per token, of deposits or withdrawals. */
const Totals = ({ name, totals }: { name: string; totals: { count: number; byStatus: Record<string, number>; volume: Record<string, string> } }) => (
  <div data-totals={name}>
    <h3>
      {name}: <span data-count>{totals.count}</span>
    </h3>
    <p>
      {Object.entries(totals.byStatus).map(([status, n]) => (
        <span class="pair" data-status={status}>
          <Status value={status} /> {n}
        </span>
      ))}
    </p>
    <ul class="plain">
      {Object.entries(totals.volume).map(([token, raw]) => (
        <li data-volume={token}>
          <TokenAmount raw={raw} token={token} />
        </li>
      ))}
    </ul>
  </div>
);

/** A decoded ConfigUpdate value: its fields but the decoder's own. */
const configValue = (value: any) => {
  if (!value?.ok) return { error: value?.error ?? "not decoded" };
  const { ok: _, type: __, ...fields } = value;
  return fields;
};

const RollupPage: Page = ({ arg }) => {
  const transfers = usePages(`/api/bridge-transfers?rollup=${encodeURIComponent(arg)}&limit=25`);
  return (
    <Load state={useApi(`/api/rollups/${encodeURIComponent(arg)}`)}>
      {(r: any) => (
        <>
          <h1 data-rollup={r.l2ChainId}>
            Rollup {r.chainId ? <ChainOf chainId={r.chainId} /> : `chain ${r.l2ChainId}`} <span class="status">{r.stack === "orbit" ? "Arbitrum Orbit" : "OP Stack"}</span>
          </h1>
          <dl class="fields" id="rollup">
            <dt>stack</dt>
            <dd>
              {r.stack} {r.variant && <span class="muted">(creator variant {r.variant})</span>}
            </dd>
            <dt>L2 chain id</dt>
            <dd>
              {r.l2ChainId} {r.chainId ? <>(indexed: <ChainOf chainId={r.chainId} />)</> : <span class="muted">(not a chain this network indexes)</span>}
            </dd>
            <dt>parent chain</dt>
            <dd data-parent>
              <ChainOf chainId={r.parentChainId} />
            </dd>
            <dt>creator</dt>
            <dd>
              <Address value={r.creator} />
            </dd>
            <dt>created</dt>
            <dd data-creation>
              {r.creationTxHash ? (
                <>
                  <Time ts={r.creationTimestamp} />, block {r.creationBlock}, tx <Hash value={r.creationTxHash} href={to.tx(r.creationTxHash)} />
                </>
              ) : (
                <span class="muted">named in the manifest</span>
              )}
            </dd>
            <dt>gas token</dt>
            <dd data-native-token>{!r.nativeToken || r.nativeToken === ZERO_ADDRESS ? "ETH" : <Address value={r.nativeToken} />}</dd>
          </dl>
          {r.sameChainId && <p class="muted">{r.sameChainId.length} other rollup(s) announce the same chain id.</p>}
          <Section title="Contracts" id="contracts">
            <Table head={["contract", "address"]}>
              {Object.entries(r.contracts as Record<string, string>)
                .filter(([, address]) => address !== ZERO_ADDRESS)
                .map(([name, address]) => (
                  <tr data-contract={name}>
                    <td>{name}</td>
                    <td>
                      <Address value={address} />
                    </td>
                  </tr>
                ))}
            </Table>
          </Section>
          {r.config && (
            <Section title="Configuration now" id="config">
              <Fields value={Object.fromEntries(Object.entries(r.config).filter(([k, v]) => k !== "id" && v !== null))} />
            </Section>
          )}
          {r.history.length > 0 && (
            <Section title="Configuration changes" id="config-history">
              <Table head={["when", "update", "new value", "tx"]}>
                {r.history.map((u: any) => (
                  <tr data-update={u.type}>
                    <td>
                      <Time ts={u.timestamp} />
                    </td>
                    <td>{u.type}</td>
                    <td class="wrap">
                      <Fields value={configValue(u.value)} />
                    </td>
                    <td>
                      <Hash value={u.txHash} href={to.tx(u.txHash)} />
                    </td>
                  </tr>
                ))}
              </Table>
            </Section>
          )}
          <Section title="Bridge traffic" id="totals">
            <div class="columns">
              <Totals name="deposits" totals={r.transfers.deposits} />
              <Totals name="withdrawals" totals={r.transfers.withdrawals} />
            </div>
          </Section>
          <Section title="Bridge transfers" id="transfers">
            <Paged pages={transfers}>{(items) => <BridgeTransferRows items={items} />}</Paged>
          </Section>
        </>
      )}
    </Load>
  );
};

/** What a bridge message carries in the rollup's gas token: ETH, or an Orbit rollup's own token. */
function GasValue({ raw, l2ChainId }: { raw: string | null; l2ChainId: number }) {
  const rollup = useApi(raw == null ? null : `/api/rollups/${l2ChainId}`);
  if (raw == null) return <span>—</span>;
  if (rollup.data === undefined && !rollup.error) return <span class="muted">…</span>;
  return <TokenAmount raw={raw} token={rollup.data?.nativeToken ?? null} />;
}

const BridgeTransferPage: Page = ({ arg }) => (
  <Load state={useApi(`/api/bridge-transfers/${encodeURIComponent(arg)}`)}>
    {(t: any) => {
      // A deposit starts on the parent chain and ends on the rollup; a withdrawal the other way.
      const parent = <ChainOf chainId={parentOf(t.rollup)} />;
      const rollup = <ChainOf chainId={t.l2ChainId} />;
      const [start, end] = t.direction === "deposit" ? [parent, rollup] : [rollup, parent];
      return (
        <>
          <h1>
            {t.direction === "deposit" ? "Deposit" : "Withdrawal"} <Status value={t.status} />
          </h1>
          <p>
            {t.stack === "orbit" ? "Arbitrum Orbit" : "OP Stack"} {t.direction} of <TokenAmount raw={t.amount ?? t.value} token={t.token} />, {start} → {end}
          </p>
          <ol class="timeline">
            <Stage name="initiated" done={!!t.initiated} on={start} side={t.initiated} />
            {t.stack === "opstack" && t.direction === "withdrawal" && <Stage name="proven" done={!!t.proven} on={parent} side={t.proven} />}
            <Stage name="finalized" done={!!t.finalized} on={end} side={t.finalized}>
              {t.finalized && t.finalized.success === false && <div class="bad">the call failed</div>}
            </Stage>
          </ol>
          <dl class="fields" id="transfer">
            <dt>rollup</dt>
            <dd>
              <a href={to.rollup(t.l2ChainId)}>{t.l2ChainId}</a>
            </dd>
            <dt>amount</dt>
            <dd data-amount>
              <TokenAmount raw={t.amount} token={t.token} />
            </dd>
            <dt>value carried</dt>
            <dd data-value>
              <GasValue raw={t.value} l2ChainId={t.l2ChainId} />
            </dd>
            {t.l2Token && (
              <>
                <dt>token on the rollup</dt>
                <dd>
                  <Address value={t.l2Token} />
                </dd>
              </>
            )}
            <dt>from</dt>
            <dd>
              <Address value={t.from} />
            </dd>
            <dt>to</dt>
            <dd>
              <Address value={t.to} />
            </dd>
            <dt>message sender</dt>
            <dd>
              <Address value={t.sender} />
            </dd>
            <dt>message target</dt>
            <dd>
              <Address value={t.target} />
            </dd>
            <dt>{t.stack === "orbit" ? (t.direction === "deposit" ? "message number" : "outbox position") : "nonce"}</dt>
            <dd>{t.nonce ?? "—"}</dd>
            {t.hash && (
              <>
                <dt>{t.stack === "opstack" && t.direction === "withdrawal" ? "withdrawal hash" : "hash"}</dt>
                <dd class="long">{t.hash}</dd>
              </>
            )}
            {t.kind != null && (
              <>
                <dt>delayed message kind</dt>
                <dd>{t.kind}</dd>
              </>
            )}
          </dl>
        </>
      );
    }}
  </Load>
);

export const rollupPages: Record<string, Page> = { rollup: RollupPage, "bridge-transfer": BridgeTransferPage };
