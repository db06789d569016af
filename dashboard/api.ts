import { useEffect, useState } from "preact/hooks";

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
