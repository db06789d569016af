import type { FunctionComponent } from "preact";
import { useState } from "preact/hooks";
import { useApi, useChains, usePages } from "./api";
import { Chart } from "./charts";
import { Address, ChainLink, ChainOf, Hash, Load, Paged, Section, Stage, Status, Table, Time, to, units, Votes } from "./components";

type Page = FunctionComponent<{ arg: string }>;

/** The admin events the audit trail records (src/audit/change.ts). */
const ADMIN_EVENTS = [
  "Upgraded",
  "AdminChanged",
  "BeaconUpgraded",
  "OwnershipTransferred",
  "OwnershipTransferStarted",
  "DefaultIsmSet",
  "DefaultHookSet",
  "RequiredHookSet",
  "HookSet",
  "IsmSet",
  "RoleGranted",
  "RoleRevoked",
  "RoleAdminChanged",
  "ConfigUpdate",
];

/** OpenZeppelin's role ids (keccak256 of the name; the admin role is zero), as TimelockController names them. */
const ROLES: Record<string, string> = {
  "0x0000000000000000000000000000000000000000000000000000000000000000": "DEFAULT_ADMIN_ROLE",
  "0xb09aa5aeb3702cfd50b6b62bc4532604938f21248a27a1d5ca736082b6819cc1": "PROPOSER_ROLE",
  "0xd8aa0f3194971a2a116679f7c2090f6939c8d4e01a2a8d7e41d55e5351469e63": "EXECUTOR_ROLE",
  "0xfd643c72710c63c0180259aba6b2d05451e3591a24e58b62239378085726f783": "CANCELLER_ROLE",
  "0x5f58e3a2316349923ce3780f8d587db2d72378aed66a8261c916544fa6846ca5": "TIMELOCK_ADMIN_ROLE",
};

const title = (description: string) => description.split("\n")[0] || "(no description)";

/** A value of a decoded call or an audit row: an address linked, a hash shortened, a list in brackets. */
function Arg({ value }: { value: unknown }): preact.JSX.Element {
  if (Array.isArray(value))
    return (
      <>
        [
        {value.map((v, i) => (
          <>
            {i > 0 && ", "}
            <Arg value={v} />
          </>
        ))}
        ]
      </>
    );
  if (value !== null && typeof value === "object") return <span class="long">{JSON.stringify(value)}</span>;
  const text = String(value);
  if (/^0x[0-9a-fA-F]{40}$/.test(text)) return <Address value={text} />;
  if (/^0x[0-9a-fA-F]{64}$/.test(text)) return <span title={text}>{ROLES[text] ?? <Hash value={text} />}</span>;
  return <span class={text.length > 66 ? "long" : undefined}>{text}</span>;
}

/** A call as the API summarises it: `name(arg: value, …) on target`, or its raw selector; a remote call's calls under it. */
export function CallSummary({ summary }: { summary: any }) {
  if (!summary) return <span class="muted">not decoded</span>;
  if (summary.kind !== "known")
    return (
      <span data-call="raw">
        {summary.selector ? <>call {summary.selector}</> : "plain call"} on <Address value={summary.target} />
      </span>
    );
  const args = Object.entries(summary.args as Record<string, unknown>).filter(([name]) => !(summary.remote && name === "_calls"));
  return (
    <span data-call={summary.functionName}>
      <code>{summary.functionName}</code>(
      {args.map(([name, v], i) => (
        <>
          {i > 0 && ", "}
          <span class="muted">{name}:</span> <Arg value={v} />
        </>
      ))}
      ) on <Address value={summary.target} />
      {summary.remote && (
        <div class="remote">
          on <ChainOf domainId={summary.remote.destinationDomain} /> through the interchain account:
          <ol>
            {summary.remote.calls.map((c: any) => (
              <li>
                <CallSummary summary={c.call} />
              </li>
            ))}
          </ol>
        </div>
      )}
    </span>
  );
}

/** Audit rows: each change with its old and new value, its transaction and the proposal behind it. */
export const AuditRows = ({ items }: { items: any[] }) =>
  items.length === 0 ? (
    <p class="muted">none</p>
  ) : (
    <Table head={["when", "contract", "change", "old → new", "tx", "proposal"]}>
      {items.map((c) => (
        <tr data-change={c.id} data-kind={c.kind} data-chain={c.chain.name ?? ""}>
          <td>
            <Time ts={c.timestamp} />
            <div class="muted">
              on <ChainLink chain={c.chain} />
            </div>
          </td>
          <td>
            <Address value={c.contract} />
            <div class="muted">{c.of ? `${c.role} of ${c.of}` : c.role}</div>
          </td>
          <td>
            {c.kind}
            {c.key && (
              <div class="muted">
                <Arg value={c.key} />
              </div>
            )}
          </td>
          <td data-old={c.oldValue ?? ""} data-new={c.newValue ?? ""}>
            {c.oldValue == null ? <span class="muted">—</span> : <Arg value={c.oldValue} />} → {c.newValue == null ? <span class="muted">—</span> : <Arg value={c.newValue} />}
          </td>
          <td>
            <Hash value={c.txHash} href={to.tx(c.txHash)} />
            <div class="muted">
              by <Address value={c.from} />
            </div>
          </td>
          <td data-proposal={c.proposal?.id ?? ""}>
            {c.proposal ? (
              <>
                <a href={to.proposal(c.proposal.id)}>proposal</a>
                {c.proposal.messageId && (
                  <div class="muted">
                    via <Hash value={c.proposal.messageId} href={to.message(c.proposal.messageId)} />
                  </div>
                )}
              </>
            ) : (
              <span class="muted">—</span>
            )}
          </td>
        </tr>
      ))}
    </Table>
  );

/** For, against and abstain as bars, and whether for + abstain reach the quorum (GovernorCountingSimple). */
function Tally({ p }: { p: any }) {
  const votes = { for: BigInt(p.tally.for ?? 0), against: BigInt(p.tally.against ?? 0), abstain: BigInt(p.tally.abstain ?? 0) };
  const total = votes.for + votes.against + votes.abstain;
  const counted = votes.for + votes.abstain;
  const quorum = p.quorum === null ? null : BigInt(p.quorum);
  const share = (v: bigint) => (total === 0n ? 0 : Number((v * 1000n) / total) / 10);
  return (
    <div class="tally">
      {(["for", "against", "abstain"] as const).map((k) => (
        <div class="bar-row" data-tally={k}>
          <span class="bar-label">{k}</span>
          <span class="bar">
            <span class={`fill fill-${k}`} style={{ width: `${share(votes[k])}%` }} />
          </span>
          <Votes raw={p.tally[k]} /> <span class="muted">({share(votes[k])} %)</span>
        </div>
      ))}
      <p data-quorum={p.quorum ?? ""}>
        {p.tally.voters} voter(s). Quorum {quorum === null ? "unknown" : <Votes raw={p.quorum} />}:{" "}
        {quorum === null ? null : counted >= quorum ? <span class="ok">reached (for + abstain = {units(counted.toString())})</span> : <span class="bad">not reached (for + abstain = {units(counted.toString())})</span>}
      </p>
    </div>
  );
}

/** The proposal followed to its effects: execution, each Hyperlane message, its delivery, the changes it made. */
function Trace({ trace }: { trace: any }) {
  if (trace.status === "notExecuted") return <p class="muted" data-trace="notExecuted">Not executed: nothing to trace yet.</p>;
  const { execution } = trace;
  return (
    <div data-trace={trace.status}>
      <p>
        <Status value={trace.status} /> executed on <ChainLink chain={execution.chain} /> <Time ts={execution.timestamp} />, tx{" "}
        <Hash value={execution.txHash} href={to.tx(execution.txHash)} />
        {trace.messages.length > 0 ? `, sending ${trace.messages.length} message(s) through the interchain account router.` : "."}
      </p>
      {trace.changes.length > 0 && (
        <>
          <h3>Changes on {execution.chain.name ?? "its chain"}</h3>
          <AuditRows items={trace.changes} />
        </>
      )}
      {trace.messages.map((m: any) => (
        <div class="trace-message" data-message={m.id}>
          <h3>
            Message <Hash value={m.id} href={to.message(m.id)} /> to <ChainLink chain={m.destination} /> <Status value={m.status} />
          </h3>
          <ol class="timeline">
            <Stage name="dispatched" done on={<ChainLink chain={execution.chain} />} side={m.dispatch} />
            <Stage name="delivered" done={!!m.delivery} on={<ChainLink chain={m.destination} />} side={m.delivery} />
            <Stage name="account" done={!!m.accountCreated}>
              {m.accountCreated ? (
                <div>
                  interchain account <Address value={m.accountCreated.account} /> created
                </div>
              ) : m.delivery ? (
                <div class="muted">the account existed already</div>
              ) : null}
            </Stage>
          </ol>
          <p>The calls it carries:</p>
          <ol class="calls">
            {m.calls.map((c: any) => (
              <li>
                <CallSummary summary={c.summary} />
              </li>
            ))}
          </ol>
          {m.decodeError && <p class="error">{m.decodeError}</p>}
          <p>What they changed on {m.destination.name ?? "the destination"}:</p>
          {m.delivery ? <AuditRows items={m.changes} /> : <p class="muted">not delivered yet</p>}
        </div>
      ))}
    </div>
  );
}

const VoteRows = ({ items, by, titles }: { items: any[]; by: "voter" | "proposal"; titles?: Map<string, string> }) =>
  items.length === 0 ? (
    <p class="muted">none</p>
  ) : (
    <Table head={[by, "support", "weight", "reason", "when", "tx"]}>
      {items.map((v) => (
        <tr data-vote={by === "voter" ? v.voter : v.proposalId}>
          <td class={by === "proposal" ? "wrap" : undefined}>
            {by === "voter" ? (
              <Address value={v.voter} href={to.delegate(v.voter)} />
            ) : titles?.has(v.proposalId) ? (
              <a href={to.proposal(v.proposalId)}>{titles.get(v.proposalId)}</a>
            ) : (
              <Hash value={v.proposalId} href={to.proposal(v.proposalId)} />
            )}
          </td>
          <td>
            <Status value={v.support} />
          </td>
          <td class="num">
            <Votes raw={v.weight} />
          </td>
          <td class="wrap">{v.reason || <span class="muted">—</span>}</td>
          <td>
            <Time ts={v.timestamp} /> <span class="muted">block {v.blockNumber}</span>
          </td>
          <td>
            <Hash value={v.txHash} href={to.tx(v.txHash)} />
          </td>
        </tr>
      ))}
    </Table>
  );

const ENDED = ["Canceled", "Defeated", "Executed", "Expired"];

const ProposalPage: Page = ({ arg }) => (
  <Load state={useApi(`/api/governance/proposals/${encodeURIComponent(arg)}`)}>
    {(p: any) => {
      const event = (name: string) => p.timeline.find((t: any) => t.event === name);
      return (
        <>
          <h1 data-proposal={p.id}>
            {title(p.description)} <Status value={p.state} />
          </h1>
          {p.description.trim() !== title(p.description) && <p class="description">{p.description}</p>}
          <dl class="fields" id="proposal">
            <dt>proposer</dt>
            <dd>
              <Address value={p.proposer} href={to.delegate(p.proposer)} />
            </dd>
            <dt>governor</dt>
            <dd>
              <Address value={p.governor} /> on <ChainOf chainId={p.chainId} />
            </dd>
            <dt>proposal id</dt>
            <dd class="long">{p.proposalId}</dd>
            <dt>voting</dt>
            <dd>
              blocks {p.voteStart} to {p.voteEnd}
            </dd>
            {p.eta && (
              <>
                <dt>executable from</dt>
                <dd>
                  <Time ts={p.eta} />
                </dd>
              </>
            )}
          </dl>
          <ol class="timeline">
            <Stage name="created" done on={<ChainOf chainId={p.chainId} />} side={event("created")} />
            <Stage name="voting" done={p.state !== "Pending"}>
              <div class="muted">
                blocks {p.voteStart} to {p.voteEnd}
              </div>
            </Stage>
            {event("canceled") ? (
              <Stage name="canceled" done side={event("canceled")} />
            ) : (
              !ENDED.includes(p.state) || event("queued") || event("executed") ? (
                <>
                  <Stage name="queued" done={!!event("queued")} side={event("queued")} />
                  <Stage name="executed" done={!!event("executed")} side={event("executed")} />
                </>
              ) : null
            )}
          </ol>
          <Section title="Votes" id="tally">
            <Tally p={p} />
          </Section>
          <Section title="What it does" id="calls">
            <ol class="calls">
              {p.calls.map((c: any) => (
                <li>
                  <CallSummary summary={c.summary} />
                  {c.value !== "0" && <span class="muted"> sending {units(c.value)} ETH</span>}
                </li>
              ))}
            </ol>
          </Section>
          {p.timelockOperation && (
            <Section title="Timelock operation" id="timelock">
              <p data-operation-state={p.timelockOperation.state}>
                <Hash value={p.timelockOperation.id} /> <Status value={p.timelockOperation.state} /> ready <Time ts={p.timelockOperation.readyAt} />
              </p>
            </Section>
          )}
          <Section title="Trace" id="trace">
            <Trace trace={p.trace} />
          </Section>
          <Section title={`Voters (${p.votes.items.length})`} id="votes">
            <VoteRows items={p.votes.items} by="voter" />
          </Section>
        </>
      );
    }}
  </Load>
);

/** Delegates by voting power, linked to their pages (the overview's list). */
export function Delegates({ limit }: { limit: number }) {
  return (
    <Load state={useApi(`/api/governance/delegates?limit=${limit}`, 30_000)}>
      {({ items }: any) =>
        items.length === 0 ? (
          <p class="muted">none</p>
        ) : (
          <Table head={["delegate", "voting power", "delegators", "voted on"]}>
            {items.map((d: any) => (
              <tr data-delegate={d.account}>
                <td>
                  <Address value={d.account} href={to.delegate(d.account)} />
                </td>
                <td class="num">
                  <Votes raw={d.votingPower} />
                </td>
                <td class="num">{d.delegators}</td>
                <td class="num">{d.votes}</td>
              </tr>
            ))}
          </Table>
        )
      }
    </Load>
  );
}

/** An account's voting power over blocks, each DelegateVotesChanged a step. */
function PowerChart({ history }: { history: any[] }) {
  // One point per block: the last change in it.
  const byBlock = new Map<number, string>(history.map((h) => [Number(h.blockNumber), h.newVotes]));
  const x = [...byBlock.keys()];
  return <Chart title="Voting power" x={x} xKind="block" stepped series={[{ label: "votes", values: [...byBlock.values()].map((v) => Number(units(v).replace(/,/g, ""))), color: "#7c3aed" }]} unit="votes" />;
}

const DelegatePage: Page = ({ arg }) => {
  const proposals = useApi("/api/governance/proposals?limit=200");
  const titles = new Map<string, string>(proposals.data?.items.map((p: any) => [p.id, title(p.description)]));
  return (
    <Load state={useApi(`/api/governance/accounts/${encodeURIComponent(arg)}`)}>
      {(a: any) => {
        const power = a.delegate.reduce((sum: bigint, d: any) => sum + BigInt(d.votingPower), 0n).toString();
        return (
          <>
            <h1>
              Delegate <Hash value={a.address} href={to.account(a.address)} />
            </h1>
            <dl class="fields" id="delegate">
              <dt>voting power now</dt>
              <dd data-voting-power={power}>
                <Votes raw={power} />
              </dd>
              <dt>delegates to</dt>
              <dd>
                {a.delegatesTo.length === 0 ? (
                  <span class="muted">nobody (its tokens do not vote)</span>
                ) : (
                  a.delegatesTo.map((d: any) => (d.delegate === a.address ? <span>itself</span> : <Address value={d.delegate} href={to.delegate(d.delegate)} />))
                )}
              </dd>
              <dt>delegators</dt>
              <dd>{a.delegators?.length ?? a.delegate.reduce((n: number, d: any) => n + d.delegators, 0)}</dd>
              <dt>votes cast</dt>
              <dd>{a.votes.length}</dd>
            </dl>
            <Section title="Voting power over time" id="power">
              {a.votingPowerHistory.length === 0 ? <p class="muted">It never had votes.</p> : <PowerChart history={a.votingPowerHistory} />}
            </Section>
            {a.delegators && (
              <Section title="Delegators" id="delegators">
                {a.delegators.length === 0 ? (
                  <p class="muted">none</p>
                ) : (
                  <ul class="plain">
                    {a.delegators.map((d: any) => (
                      <li data-delegator={d.delegator}>
                        <Address value={d.delegator} href={to.delegate(d.delegator)} /> <span class="muted">since block {d.blockNumber}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </Section>
            )}
            <Section title="Votes cast" id="votes">
              <VoteRows items={[...a.votes].reverse()} by="proposal" titles={titles} />
            </Section>
          </>
        );
      }}
    </Load>
  );
};

const FILTERS = ["chain", "contract", "kind"] as const;

/** `#/audit/chain=…&contract=…&kind=…`: the audit trail, newest first, with its filters as a form. */
const AuditPage: Page = ({ arg }) => {
  const params = new URLSearchParams(arg);
  const filters = Object.fromEntries(FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))) as Record<string, string>;
  const [draft, setDraft] = useState(filters);
  const chains = useChains();
  const query = new URLSearchParams({ limit: "50", ...filters }).toString();
  const pages = usePages(`/api/audit?${query}`);
  const set = (k: string) => (e: Event) => setDraft({ ...draft, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <>
      <h1>Audit trail</h1>
      <p class="muted">Every administrative change of every contract the indexer knows: upgrades, owners, ISMs and hooks, roles, rollup configuration.</p>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          location.hash = to.audit({ chain: draft.chain, contract: draft.contract?.trim(), kind: draft.kind });
        }}
      >
        <label>
          chain{" "}
          <select name="chain" value={draft.chain ?? ""} onChange={set("chain")}>
            <option value="">any</option>
            {chains?.map((c) => (
              <option value={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        <label>
          contract <input name="contract" value={draft.contract ?? ""} onInput={set("contract")} placeholder="0x…" size={20} />
        </label>
        <label>
          kind{" "}
          <select name="kind" value={draft.kind ?? ""} onChange={set("kind")}>
            <option value="">any</option>
            {ADMIN_EVENTS.map((k) => (
              <option value={k}>{k}</option>
            ))}
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <Paged pages={pages}>{(items) => <AuditRows items={items} />}</Paged>
    </>
  );
};

/** A contract's current settings, from its last change of each, per chain (`/api/audit/contracts`). */
export const ContractSettings = ({ address }: { address: string }) => (
  <Load state={useApi(`/api/audit/contracts?contract=${address}`)}>
    {({ items }: any) => (
      <Table head={["chain", "setting", "value"]}>
        {items.flatMap((c: any) =>
          Object.entries(c.settings as Record<string, unknown>).flatMap(([field, value]) =>
            (value !== null && typeof value === "object" ? Object.entries(value as Record<string, unknown>).map(([key, v]) => [`${field} ${ROLES[key] ?? key}`, v] as const) : [[field, value] as const]).map(
              ([name, v]) => (
                <tr data-setting={name} data-chain={c.chain.name}>
                  <td>
                    <ChainLink chain={c.chain} />
                  </td>
                  <td>{name}</td>
                  <td>
                    <Arg value={v} />
                  </td>
                </tr>
              ),
            ),
          ),
        )}
      </Table>
    )}
  </Load>
);

/** What governance knows of an account, in a line, linked to its delegate page (the account page's). */
export const GovernanceLine = ({ address }: { address: string }) => (
  <Load state={useApi(`/api/governance/accounts/${address}`)}>
    {(a: any) =>
      a.delegate.length + a.delegatesTo.length + a.votes.length === 0 ? null : (
        <p data-governance>
          Governance: voting power <Votes raw={a.delegate.reduce((sum: bigint, d: any) => sum + BigInt(d.votingPower), 0n).toString()} />, {a.votes.length} vote(s) cast.{" "}
          <a href={to.delegate(address)}>Its delegate page</a>
        </p>
      )
    }
  </Load>
);

export const governancePages: Record<string, Page> = { proposal: ProposalPage, delegate: DelegatePage, audit: AuditPage };
