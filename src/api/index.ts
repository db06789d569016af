import { Hono } from "hono";
import { client, graphql } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import { dashboard } from "./dashboard";
import { answerCache, cacheAnswers } from "./cache";
import { useDb } from "./db";
import { watchDatabaseRestart } from "./durability";
import { renderError } from "./errors";
import { anyDiverged, refuseWhileDiverged, watchFinality } from "./finality";
import { graphqlGuard, guardServing, ponderGraphqlLimits, sqlGuard } from "./guard";
import { loadApis, noRoute, restApi } from "./routes";

useDb(db);

const apis = await loadApis();
const api = restApi(apis);

// While a chain is diverged the app refuses every read of rows: the lean routes leave theirs to it.
guardServing(apis.flatMap((a) => a.lean ?? []).map((r) => ({ ...r, answer: async (id: string) => (anyDiverged() ? undefined : r.answer(id)) })));
watchFinality();
cacheAnswers();
watchDatabaseRestart();

const app = new Hono();
app.onError(renderError);
// Ponder labels its request metrics with every route a request matches but "/*": these two sit
// at "*" and choose their paths themselves, so that a request counts once, under its own route.
app.use(refuseWhileDiverged);
app.use(answerCache);
app.use("/sql/*", sqlGuard, client({ db, schema }));
app.use("/graphql", graphqlGuard(graphql({ db, schema }, ponderGraphqlLimits)));
app.route("/api", api);
app.route("/", dashboard(noRoute));
// Ponder's own routes (/health, /ready, /status, /metrics) come first; anything else is JSON.
app.all("*", noRoute);

export default app;
