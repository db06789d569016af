import { type Context, Hono } from "hono";
import type { DomainApi } from "../domain";
import { domains } from "../domains";
import { chains } from "./chains";
import { docs } from "./docs";
import { ApiError, renderError } from "./errors";
import { search } from "./search";
import { stream } from "./stream";
import { tx } from "./tx";

/** Every domain's API module (src/<domain>/api.ts): its routers and its parts of search, tx and chains. */
export const loadApis = async () =>
  (await Promise.all(domains.map((d) => ("api" in d ? d.api() : undefined)))).filter((a): a is DomainApi => a !== undefined);

export const noRoute = (c: Context) => renderError(new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`), c);

/** The REST API, to be mounted at `prefix`: every domain's routers, the composed answers, and the API document. */
export function restApi(apis: DomainApi[], prefix = "/api") {
  const api = new Hono();
  for (const { routes } of apis) for (const [path, router] of Object.entries(routes ?? {})) api.route(path, router);
  return api.route("/tx", tx(apis)).route("/chains", chains(apis)).route("/search", search(apis)).route("/stream", stream(apis)).route("/", docs(api, prefix));
}
