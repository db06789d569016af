import { Hono } from "hono";
import { client, graphql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { DomainApi } from "../domain";
import { domains } from "../domains";
import { chains } from "./chains";
import { useDb } from "./db";
import { ApiError, renderError } from "./errors";
import { search } from "./search";
import { tx } from "./tx";

useDb(db);

/** Every domain's API module (src/<domain>/api.ts): its routers and its parts of search, tx and chains. */
const apis = (await Promise.all(domains.map((d) => ("api" in d ? d.api() : undefined)))).filter((a): a is DomainApi => a !== undefined);

const api = new Hono();
for (const { routes } of apis) for (const [path, router] of Object.entries(routes ?? {})) api.route(path, router);
api
  .route("/tx", tx(apis))
  .route("/chains", chains(apis))
  .route("/search", search(apis))
  .all("*", (c) => renderError(new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`), c));

const app = new Hono();
app.onError(renderError);
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.route("/api", api);

export default app;
