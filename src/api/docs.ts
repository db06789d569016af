import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Hono } from "hono";
import { openapiDocument } from "./openapi";
import { route } from "./route";

/** swagger-ui-dist's files, read from the installed package (no CDN, no network). */
const swaggerUi = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const files = new Map<string, string>();
const file = (name: string) => files.get(name) ?? files.set(name, readFileSync(join(swaggerUi, name), "utf8")).get(name)!;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>metalayer-indexer API</title>
<link rel="stylesheet" href="docs/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="docs/swagger-ui-bundle.js"></script>
<script>SwaggerUIBundle({ url: "openapi.json", dom_id: "#reference", deepLinking: true });</script>
</body>
</html>
`;

/** `/openapi.json`, the document of every route of `api` (mounted at `prefix`), and `/docs`, its interactive reference. */
export function docs(api: Hono, prefix: string) {
  let document: ReturnType<typeof openapiDocument> | undefined;
  const asset = (name: string, type: string) =>
    route({ summary: `The reference page's ${name} (swagger-ui-dist)`, response: { type, description: name } }, (_, c) =>
      c.body(file(name), 200, { "content-type": type, "cache-control": "public, max-age=86400" }),
    );
  return new Hono()
    .get(
      "/openapi.json",
      route({ summary: "This API's OpenAPI 3.1 document", response: { type: "application/json", description: "the document" } }, (_, c) =>
        c.json((document ??= openapiDocument(api, prefix))),
      ),
    )
    .get("/docs", route({ summary: "The API's interactive reference page", response: { type: "text/html", description: "the page" } }, (_, c) => c.html(PAGE)))
    .get("/docs/swagger-ui.css", asset("swagger-ui.css", "text/css; charset=utf-8"))
    .get("/docs/swagger-ui-bundle.js", asset("swagger-ui-bundle.js", "text/javascript; charset=utf-8"));
}
