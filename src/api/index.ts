import { type Context, Hono } from "hono";
import { client, graphql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { analytics } from "./analytics";
import { chains } from "./chains";
import { ApiError, renderError } from "./errors";
import { graphqlGuard, guardServing, ponderGraphqlLimits, sqlGuard } from "./guard";
import { liquidity } from "./liquidity";
import { messages } from "./messages";
import { search } from "./search";
import { transfers } from "./transfers";
import { tx } from "./tx";

const noRoute = (c: Context) => renderError(new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`), c);

const api = new Hono()
  .route("/messages", messages)
  .route("/tx", tx)
  .route("/chains", chains)
  .route("/transfers", transfers)
  .route("/liquidity", liquidity)
  .route("/analytics", analytics)
  .route("/search", search)
  .all("*", noRoute);

guardServing();

const app = new Hono();
app.onError(renderError);
app.use("/sql/*", sqlGuard, client({ db, schema }));
app.use("/graphql", graphqlGuard(graphql({ db, schema }, ponderGraphqlLimits)));
app.route("/api", api);
// Ponder's own routes (/health, /ready, /status, /metrics) come first; anything else is JSON.
app.all("*", noRoute);

export default app;
