import type { FunctionComponent } from "preact";
import { ApiError, useApi, usePages } from "./api";
import { ChainLink, ChainOf, Fields, Hash, Load, Paged, Section, Stage, Status, Table, Time, to } from "./components";
import { AuditRows, ContractSettings, GovernanceLine, governancePages } from "./governance";
import { BridgeTransferRows, rollupPages } from "./rollups";

type Page = FunctionComponent<{ arg: string }>;

/** Messages as rows: each links to its page, its chains and its transactions. */
export const MessageRows = ({ items }: { items: any[] }) =>
  items.length === 0 ? (
    <p class="muted">none</p>
  ) : (
    <Table head={["message", "status", "origin → destination", "dispatched", "delivered", "why pending"]}>
      {items.map((m) => (
        <tr>
          <td>
            <Hash value={m.id} href={to.message(m.id)} />
          </td>
          <td>
            <Status value={m.status} />
          </td>
          <td>
            <ChainLink chain={m.origin} /> → <ChainLink chain={m.destination} />
          </td>
          <td>
            <Time ts={m.dispatch?.timestamp} />
          </td>
          <td>
            <Time ts={m.delivery?.timestamp} />
          </td>
          <td title={m.diagnosis?.summary}>{m.diagnosis?.reason ?? ""}</td>
        </tr>
      ))}
    </Table>
  );

/** Why a message is (not) delivered, from `/api/messages/:id/diagnosis`; a server without it says so. */
function Diagnosis({ id }: { id: string }) {
  const state = useApi(`/api/messages/${id}/diagnosis`);
  if (state.error instanceof ApiError && state.error.status === 404) return <p class="muted" data-diagnosis="none">This server gives no diagnosis for this message.</p>;
  return (
    <Load state={state}>
      {(d: any) => (
        <div class="diagnosis" data-diagnosis="served" data-reason={d.reason ?? ""}>
          <p>
            <Status value={d.status} /> {d.reason && <b>{d.reason}</b>} {d.summary}
          </p>
          <ol class="checks">
            {d.checks.map((c: any) => (
              <li data-check={c.check} class={c.ok ? "ok" : "bad"}>
                {c.ok ? "✓" : "✗"} <b>{c.check}</b> <span class="detail">{c.detail}</span>
                {c.evidence != null && (
                  <details>
                    <summary>evidence</summary>
                    <Fields value={typeof c.evidence === "object" ? c.evidence : { value: c.evidence }} />
                  </details>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
    </Load>
  );
}

const MessagePage: Page = ({ arg }) => (
  <Load state={useApi(`/api/messages/${arg}`)}>
    {(m: any) => (
      <>
        <h1>
          Message <Hash value={m.id} href={to.message(m.id)} /> <Status value={m.status} />
        </h1>
        <ol class="timeline">
          <Stage name="dispatched" done={!!m.dispatch} on={<ChainLink chain={m.origin} />} side={m.dispatch} />
          <Stage name="paid" done={m.gas.payments > 0} on={<ChainLink chain={m.origin} />}>
            <div class="muted">
              {m.gas.payments} payment(s): {m.gas.paid} wei for {m.gas.gasAmount} gas
            </div>
          </Stage>
          <Stage name="delivered" done={!!m.delivery} on={<ChainLink chain={m.destination} />} side={m.delivery}>
            {m.latencySeconds != null && <div>after {m.latencySeconds} s</div>}
          </Stage>
        </ol>
        <div class="columns">
          <Section title="Origin">
            <Fields value={{ chain: m.origin.name, domainId: m.origin.domainId, sender: m.sender, nonce: m.nonce, from: m.dispatch?.from, mailbox: m.dispatch?.mailbox }} />
          </Section>
          <Section title="Destination">
            <Fields value={{ chain: m.destination.name, domainId: m.destination.domainId, recipient: m.recipient, relayer: m.delivery?.relayer, mailbox: m.delivery?.mailbox }} />
          </Section>
        </div>
        <Section title="Diagnosis" id="diagnosis">
          <Diagnosis id={m.id} />
        </Section>
        {m.transfer && (
          <Section title="Transfer" id="transfer">
            <p>
              <a href={to.transfer(m.transfer.id)}>
                {m.transfer.kind} {m.transfer.route}
              </a>{" "}
              <Status value={m.transfer.status} />
            </p>
          </Section>
        )}
        {m.metalayer && (
          <Section title="Metalayer header" id="metalayer">
            <Fields value={m.metalayer} />
          </Section>
        )}
        <Section title="Raw">
          <Fields value={{ version: m.version, body: m.body, malformed: m.malformed, gas: m.gas }} />
        </Section>
      </>
    )}
  </Load>
);

/** A page that shows one thing the API serves, its fields all linked. */
const detail =
  (title: string, path: (arg: string) => string): Page =>
  ({ arg }) => (
    <Load state={useApi(path(arg))}>
      {(value: any) => (
        <>
          <h1>
            {title} {value.status && <Status value={value.status} />} {value.state && <Status value={value.state} />}
          </h1>
          <Fields value={value} />
        </>
      )}
    </Load>
  );

const TxPage: Page = ({ arg }) => (
  <Load state={useApi(`/api/tx/${arg}`)}>
    {(tx: any) => {
      const { hash, dispatched, delivered, paidMessages, bridgeTransfers = [], proposals = [], adminChanges = [], ...rest } = tx;
      return (
        <>
          <h1>
            Transaction <Hash value={hash} href={to.tx(hash)} />
          </h1>
          <Section title="Dispatched">
            <MessageRows items={dispatched} />
          </Section>
          <Section title="Delivered">
            <MessageRows items={delivered} />
          </Section>
          {paidMessages.length > 0 && (
            <Section title="Paid for">
              <MessageRows items={paidMessages} />
            </Section>
          )}
          {bridgeTransfers.length > 0 && (
            <Section title="Bridge transfers" id="bridge-transfers">
              <BridgeTransferRows items={bridgeTransfers} />
            </Section>
          )}
          {proposals.length > 0 && (
            <Section title="Proposals" id="proposals">
              <ul class="plain">
                {proposals.map((p: any) => (
                  <li>
                    <a href={to.proposal(p.id)}>{p.description.split("\n")[0]}</a> <Status value={p.state} />
                  </li>
                ))}
              </ul>
            </Section>
          )}
          {adminChanges.length > 0 && (
            <Section title="Administrative changes" id="admin-changes">
              <AuditRows items={adminChanges} />
            </Section>
          )}
          <Fields value={rest} />
        </>
      );
    }}
  </Load>
);

const Messages = ({ query }: { query: string }) => <Load state={useApi(`/api/messages?limit=20&${query}`)}>{({ items }: any) => <MessageRows items={items} />}</Load>;

/** What the address is to the network: a contract the manifest names, or one of a rollup's. */
const Known = ({ matches }: { matches: any[] }) => {
  const contracts = matches.filter((m) => m.type === "contract");
  const rollupContracts: any[] = matches.find((m) => m.type === "account")?.rollupContracts ?? [];
  if (contracts.length + rollupContracts.length === 0) return null;
  return (
    <ul class="plain" id="known">
      {contracts.map((c) => (
        <li data-known={`${c.chain}:${c.role}`}>
          the <b>{c.role}</b>
          {c.of && <> of {c.of}</>} on <ChainLink chain={{ name: c.chain }} />
        </li>
      ))}
      {rollupContracts.map((c) => (
        <li data-rollup-contract={c.role}>
          the <b>{c.role}</b> of the rollup <a href={to.rollup(c.l2ChainId)}>{c.l2ChainId}</a>
        </li>
      ))}
    </ul>
  );
};

const BridgeTransfersOf = ({ account }: { account: string }) => (
  <Paged pages={usePages(`/api/bridge-transfers?account=${account}&limit=10`)}>{(items) => <BridgeTransferRows items={items} />}</Paged>
);

const AuditTrailOf = ({ contract }: { contract: string }) => (
  <Paged pages={usePages(`/api/audit?contract=${contract}&limit=20`)}>{(items) => <AuditRows items={items} />}</Paged>
);

const AccountPage: Page = ({ arg }) => (
  <>
    <h1>
      Account <Hash value={arg} href={to.account(arg)} />
    </h1>
    <Load state={useApi(`/api/search?q=${arg}`)}>
      {({ matches }: any) => {
        if (matches.length === 0) return <p class="muted">Nothing indexed for this address.</p>;
        const account = matches.find((m: any) => m.type === "account");
        return (
          <>
            <Known matches={matches} />
            {account?.governance && <GovernanceLine address={arg} />}
            {account?.audit?.changes > 0 && (
              <Section title="Audit trail" id="audit-trail">
                <p>
                  {account.audit.changes} administrative change(s); <a href={to.audit({ contract: arg })}>all of them, with filters</a>. Its settings now:
                </p>
                <ContractSettings address={arg} />
                <h3>Latest changes</h3>
                <AuditTrailOf contract={arg} />
              </Section>
            )}
            {account?.bridgeTransfers > 0 && (
              <Section title="Bridge transfers" id="bridge-transfers">
                <BridgeTransfersOf account={arg} />
              </Section>
            )}
            <details>
              <summary>everything the search says</summary>
              {matches.map((m: any) => (
                <Fields value={m} />
              ))}
            </details>
          </>
        );
      }}
    </Load>
    <Section title="Messages sent">
      <Messages query={`sender=${arg}`} />
    </Section>
    <Section title="Messages received">
      <Messages query={`recipient=${arg}`} />
    </Section>
  </>
);

const ChainPage: Page = ({ arg }) => (
  <Load state={useApi("/api/chains", 15_000)}>
    {({ items }: any) => {
      const chain = items.find((c: any) => c.name === arg || String(c.chainId) === arg);
      if (!chain) return <p class="error">No chain {arg} in this network.</p>;
      const { deployments, rollup, ...rest } = chain;
      return (
        <>
          <h1 data-chain={chain.name}>Chain {chain.name}</h1>
          <Fields value={rest} />
          {rollup && (
            <p>
              A rollup: <a href={to.rollup(chain.chainId)}>its {rollup.stack === "orbit" ? "Arbitrum Orbit" : "OP Stack"} deployment</a> on <ChainOf chainId={rollup.parentChainId} />
            </p>
          )}
          {chain.adminChanges > 0 && (
            <p>
              <a href={to.audit({ chain: chain.name })}>{chain.adminChanges} administrative change(s)</a> of its contracts.
            </p>
          )}
          <Section title="Deployments">
            {deployments.map((d: any) => (
              <Fields value={d} />
            ))}
          </Section>
          <Section title="Messages from here">
            <Messages query={`origin=${chain.name}`} />
          </Section>
          <Section title="Messages to here">
            <Messages query={`destination=${chain.name}`} />
          </Section>
        </>
      );
    }}
  </Load>
);

export const pages: Record<string, Page> = {
  message: MessagePage,
  transfer: detail("Transfer", (id) => `/api/transfers/${id}`),
  tx: TxPage,
  account: AccountPage,
  chain: ChainPage,
  ...rollupPages,
  ...governancePages,
};
