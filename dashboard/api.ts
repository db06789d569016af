import { useEffect, useRef, useState } from "preact/hooks";

/** An answer of the API that was not 2xx: its status and its `{ error }` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: any,
  ) {
    super(body?.error?.message ?? `HTTP ${status}`);
  }
}

export async function get<T = any>(path: string): Promise<T> {
  const response = await fetch(path, { headers: { accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}

export type Loaded<T> = { data?: T; error?: Error };

/** Reads `path` (or several, in one state) and again every `refreshMs`; a new path starts afresh. */
export function useApi<T = any>(path: string | null, refreshMs?: number): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({});
  useEffect(() => {
    if (path === null) return;
    let live = true;
    setState({});
    const load = () =>
      get<T>(path).then(
        (data) => live && setState({ data }),
        (error) => live && setState((s) => ({ data: s.data, error })),
      );
    void load();
    const timer = refreshMs ? setInterval(load, refreshMs) : undefined;
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [path, refreshMs]);
  return state;
}

let chainsOnce: Promise<any[]> | undefined;

/** The network's chains (`/api/chains`), read once per page load: names for chain and domain ids. */
export function useChains(): any[] | undefined {
  const [chains, setChains] = useState<any[]>();
  useEffect(() => {
    chainsOnce ??= get("/api/chains").then((body) => body.items);
    chainsOnce.then(setChains, () => (chainsOnce = undefined));
  }, []);
  return chains;
}

/** A list endpoint read page by page: its items so far, and `more` while it has a `nextCursor`. */
export function usePages<T = any>(path: string): { items?: T[]; error?: Error; more?: () => void } {
  const [state, setState] = useState<{ items?: T[]; error?: Error; next?: string | null }>({});
  const current = useRef(path);
  const load = (cursor?: string) =>
    get(cursor ? `${path}${path.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(cursor)}` : path).then(
      // An answer for a path since left is dropped.
      (body) => current.current === path && setState((s) => ({ items: [...(cursor ? (s.items ?? []) : []), ...body.items], next: body.nextCursor })),
      (error) => current.current === path && setState((s) => ({ ...s, error })),
    );
  useEffect(() => {
    current.current = path;
    setState({});
    void load();
  }, [path]);
  return { items: state.items, error: state.error, more: state.next ? () => void load(state.next!) : undefined };
}
