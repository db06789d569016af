import { Hono } from "hono";
import { buildDashboard } from "../../dashboard/build";

/**
 * The dashboard (dashboard/): its page at `/`, its bundle under `/app/`, built once when the
 * server starts. Any other path falls through to the JSON 404.
 */
export async function dashboard() {
  const { html, assets } = await buildDashboard("/app/");
  const app = new Hono().get("/", (c) => c.html(html, 200, { "cache-control": "no-cache" }));
  for (const asset of assets) {
    app.get(`/app/${asset.name}`, (c) => {
      const gzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
      const headers = { "content-type": asset.type, "cache-control": "public, max-age=31536000, immutable", vary: "accept-encoding" };
      const body = (gzip ? asset.gzip : asset.body) as Uint8Array<ArrayBuffer>;
      return c.body(body, 200, { ...headers, "content-length": String(body.length), ...(gzip && { "content-encoding": "gzip" }) });
    });
  }
  return app;
}
