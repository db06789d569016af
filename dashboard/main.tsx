import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { get } from "./api";
import { to } from "./components";
import { Overview } from "./overview";
import { pages } from "./pages";

/** The page a match of `/api/search` is shown on. */
export function pageOf(match: any): string | null {
  switch (match.type) {
    case "message":
      return to.message(match.id);
    case "gasPayment":
      return to.message(match.messageId);
    case "transfer":
      return to.transfer(match.id);
    case "transaction":
      return to.tx(match.hash);
    case "account":
    case "contract":
      return to.account(match.address);
    case "chain":
      return to.chain(match.name);
    case "bridgeTransfer":
      return to.bridgeTransfer(match.id);
    case "proposal":
      return to.proposal(match.id);
    case "rollup":
      return to.rollup(match.l2ChainId);
    case "timelockOperation":
      return match.proposalId ? to.proposal(match.proposalId) : null;
    default:
      return null;
  }
}

const route = () => {
  const [page = "", ...rest] = location.hash.replace(/^#\/?/, "").split("/");
  return { page, arg: decodeURIComponent(rest.join("/")) };
};

function SearchBox() {
  const [q, setQ] = useState("");
  const submit = (e: Event) => {
    e.preventDefault();
    if (q.trim()) location.hash = to.search(q.trim());
  };
  return (
    <form class="search" role="search" onSubmit={submit}>
      <input
        name="q"
        type="search"
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
        placeholder="message, transfer, tx, address, chain, proposal, rollup id"
        aria-label="search"
      />
      <button type="submit">Search</button>
    </form>
  );
}

/** A number may also be a rollup's L2 chain id, which `/api/search` does not know unless it is a chain here. */
const rollupMatch = (q: string) =>
  /^\d{1,12}$/.test(q) ? get(`/api/rollups/${q}`).then((r) => [{ type: "rollup", ...r }], () => []) : Promise.resolve([]);

/** `#/search/q`: matches that all lead to one page go straight to it; several are listed. */
function Search({ arg }: { arg: string }) {
  const [state, setState] = useState<{ matches?: any[]; error?: string }>({});
  useEffect(() => {
    setState({});
    Promise.all([get(`/api/search?q=${encodeURIComponent(arg)}`), rollupMatch(arg)]).then(
      ([{ matches }, rollups]) => {
        const all = [...matches, ...rollups];
        const pagesOf = new Set(all.map(pageOf).filter(Boolean));
        if (pagesOf.size === 1) location.replace([...pagesOf][0]!);
        else setState({ matches: all });
      },
      (error) => setState({ error: error.message }),
    );
  }, [arg]);
  return (
    <section>
      <h1>Search: {arg}</h1>
      {state.error && <p class="error">{state.error}</p>}
      {state.matches?.length === 0 && <p>Nothing is known under this.</p>}
      <ul>
        {state.matches?.map((m) => (
          <li data-match={m.type}>
            <a href={pageOf(m) ?? "#/"}>{m.type === "contract" ? `${m.role} on ${m.chain}` : m.type}</a> {m.title ?? m.id ?? m.hash ?? m.address ?? m.name}
          </li>
        ))}
      </ul>
    </section>
  );
}

function App() {
  const [{ page, arg }, setRoute] = useState(route);
  useEffect(() => {
    const onHash = () => (setRoute(route()), window.scrollTo(0, 0));
    addEventListener("hashchange", onHash);
    return () => removeEventListener("hashchange", onHash);
  }, []);
  const Page = page === "search" ? Search : pages[page];
  return (
    <>
      <header>
        <a class="brand" href="#/">
          Metalayer explorer
        </a>
        <SearchBox />
      </header>
      <main>{Page ? <Page arg={arg} key={`${page}/${arg}`} /> : <Overview />}</main>
    </>
  );
}

render(<App />, document.getElementById("app")!);
