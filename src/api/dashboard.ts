import { type Context, Hono } from "hono";
import { buildDashboard } from "../../dashboard/build";

/**
 * The dashboard (dashboard/): its page at `/`, its bundle under `/app/`, built once when the
 * server starts (the server does not wait for it: the first request does). Any other file is
 * `notFound`'s.
 */
export function dashboard(notFound: (c: Context) => Response | Promise<Response>) {
  const built = buildDashboard("/app/");
  built.catch((error) => console.error(`dashboard: the bundle did not build: ${error}`));
  return new Hono()
    .get("/", async (c) => c.html((await built).html, 200, { "cache-control": "no-cache" }))
    .get("/app/:file", async (c) => {
      const asset = (await built).assets.find((a) => a.name === c.req.param("file"));
      if (!asset) return notFound(c);
      const gzip = /\bgzip\b/.test(c.req.header("accept-encoding") ?? "");
      const body = (gzip ? asset.gzip : asset.body) as Uint8Array<ArrayBuffer>;
      return c.body(body, 200, {
        "content-type": asset.type,
        "content-length": String(body.length),
        "cache-control": "public, max-age=31536000, immutable",
        vary: "accept-encoding",
        ...(gzip && { "content-encoding": "gzip" }),
      });
    });
}
