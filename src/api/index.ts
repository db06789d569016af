import { Hono } from "hono";
import { client, graphql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { analytics } from "./analytics";
import { chains } from "./chains";
import { ApiError, renderError } from "./errors";
import { liquidity } from "./liquidity";
import { messages } from "./messages";
import { search } from "./search";
import { transfers } from "./transfers";
import { tx } from "./tx";

const api = new Hono()
  .route("/messages", messages)
  .route("/tx", tx)
  .route("/chains", chains)
  .route("/transfers", transfers)
  .route("/liquidity", liquidity)
  .route("/analytics", analytics)
  .route("/search", search)
  .all("*", (c) => renderError(new ApiError(404, "not_found", `no route ${c.req.method} ${c.req.path}`), c));

const app = new Hono();
app.onError(renderError);
app.use("/sql/*", client({ db, schema }));
app.use("/graphql", graphql({ db, schema }));
app.route("/api", api);

export default app;
