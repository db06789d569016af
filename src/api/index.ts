import { type Context, Hono } from "hono";
import { client, graphql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { DomainApi } from "../domain";
import { domains } from "../domains";
import { chains } from "./chains";
import { dashboard } from "./dashboard";
import { useDb } from "./db";
import { ApiError, renderError } from "./errors";
import { graphqlGuard, guardServing, ponderGraphqlLimits, sqlGuard } from "./guard";
import { search } from "./search";
import { stream } from "./stream";
import { tx } from "./tx";

useDb(db);

/** Every domain's API module (src/<domain>/api.ts): its routers and its parts of search, tx and chains. */
const apis = (await Promise.all(domains.map((d) => ("api" in d ? d.api() : undefined)))).filter((a): a is DomainApi => a !== undefined);

const noRoute = (c: Context) => renderError(new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`), c);

const api = new Hono();
for (const { routes } of apis) for (const [path, router] of Object.entries(routes ?? {})) api.route(path, router);
api.route("/tx", tx(apis)).route("/chains", chains(apis)).route("/search", search(apis)).route("/stream", stream(apis)).all("*", noRoute);

guardServing();

const app = new Hono();
app.onError(renderError);
app.use("/sql/*", sqlGuard, client({ db, schema }));
app.use("/graphql", graphqlGuard(graphql({ db, schema }, ponderGraphqlLimits)));
app.route("/api", api);
app.route("/", dashboard(noRoute));
// Ponder's own routes (/health, /ready, /status, /metrics) come first; anything else is JSON.
app.all("*", noRoute);

export default app;
