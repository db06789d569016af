import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";

/**
 * Every REST answer an e2e test receives, checked against the API document the server serves
 * (`/api/openapi.json`): its path and status are documented, its content type is the documented
 * one, and a JSON body validates against the documented schema (JSON Schema 2020-12, Ajv). A
 * mismatch throws, so the test that fetched it fails.
 */

type Operation = { responses: Record<string, { content?: Record<string, { schema?: object }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, object> } };
type Checker = { doc: Document; routes: { pattern: RegExp; path: string }[]; validators: Map<string, ValidateFunction> };

const checkers = new Map<string, Promise<Checker>>();

/** How many answers this test file had checked: by status and media, and how many bodies a schema validated. */
const checked = { answers: 0, schemaValidated: 0, byStatus: new Map<string, number>() };
// The benchmark runs these helpers too, outside vitest (whose module throws when imported there).
if (process.env.VITEST) (await import("vitest")).afterAll(() => {
  if (checked.answers === 0) return;
  const byStatus = [...checked.byStatus].map(([k, n]) => `${k}: ${n}`).join(", ");
  console.log(`API document: ${checked.answers} REST answers checked, ${checked.schemaValidated} bodies validated against their schema (${byStatus})`);
});
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });

async function load(origin: string): Promise<Checker> {
  const response = await fetch(`${origin}/api/openapi.json`, { signal: AbortSignal.timeout(30_000) });
  if (response.status !== 200) throw new Error(`${origin}/api/openapi.json answered ${response.status}`);
  const doc = (await response.json()) as Document;
  const routes = Object.keys(doc.paths)
    // Literal paths before templated ones, as the router matches them.
    .sort((a, b) => Number(a.includes("{")) - Number(b.includes("{")))
    .map((path) => ({ path, pattern: new RegExp(`^${path.replace(/\{\w+\}/g, "[^/]+")}$`) }));
  return { doc, routes, validators: new Map() };
}

const resolve = (doc: Document, schema: { $ref?: string }) =>
  schema.$ref ? doc.components.schemas[schema.$ref.replace("#/components/schemas/", "")]! : schema;

/** Throws when the answer to `GET url` is not what the document says; answers outside /api are not its concern. */
export async function assertDocumented(url: string, status: number, contentType: string | null | undefined, body: unknown) {
  const { origin, pathname } = new URL(url);
  if (!pathname.startsWith("/api/")) return;
  if (!checkers.has(origin)) checkers.set(origin, load(origin));
  const { doc, routes, validators } = await checkers.get(origin)!;
  const where = `GET ${pathname} → ${status}`;
  const path = routes.find((r) => r.pattern.test(pathname))?.path;
  const operation = path === undefined ? undefined : doc.paths[path]!.get;
  // An unknown path is the API's JSON 404, in the error body.
  const responses = operation?.responses ?? { 404: { content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } };
  const key = String(status) in responses ? String(status) : `${String(status)[0]}XX`;
  const documented = responses[key];
  if (!documented) throw new Error(`${where}: status not in the API document (${Object.keys(responses).join(", ")})`);
  const [mediaType, media] = Object.entries(documented.content ?? {})[0] ?? [];
  if (!mediaType || !contentType?.startsWith(mediaType.split(";")[0]!)) {
    throw new Error(`${where}: content type ${contentType}, the document says ${mediaType}`);
  }
  checked.answers++;
  checked.byStatus.set(`${status} ${mediaType}`, (checked.byStatus.get(`${status} ${mediaType}`) ?? 0) + 1);
  // Only a JSON body is read whole and validated; a page, a file or a stream is checked by its type.
  if (!media?.schema || mediaType !== "application/json") return;
  const id = `${path} ${key}`;
  if (!validators.has(id)) validators.set(id, ajv.compile(resolve(doc, media.schema)));
  const validate = validators.get(id)!;
  if (!validate(body)) {
    const at = validate.errors?.[0]?.instancePath ?? "";
    const value = at.split("/").slice(1).reduce((v: any, key) => v?.[key], body);
    throw new Error(
      `${where}: the body does not match the API document: ${ajv.errorsText(validate.errors?.slice(0, 5), { separator: "; " })}; at ${at || "/"}: ${JSON.stringify(value)?.slice(0, 400)}`,
    );
  }
  checked.schemaValidated++;
}

type EventItem = { properties: { event: { const: string }; data: { contentSchema: object } } };

/** Throws when a server-sent event of `GET url` is not one the document names, or its data is not its schema. */
export async function assertEventDocumented(url: string, event: string, data: unknown) {
  const { origin, pathname } = new URL(url);
  if (!checkers.has(origin)) checkers.set(origin, load(origin));
  const { doc, validators } = await checkers.get(origin)!;
  const where = `GET ${pathname} event ${event}`;
  const stream = doc.paths[pathname]?.get?.responses["200"]?.content?.["text/event-stream"]?.schema as { items?: { oneOf: EventItem[] } } | undefined;
  const item = stream?.items?.oneOf.find((i) => i.properties.event.const === event);
  if (!item) throw new Error(`${where}: not an event the API document names`);
  const id = `${pathname} event ${event}`;
  if (!validators.has(id)) validators.set(id, ajv.compile(item.properties.data.contentSchema));
  const validate = validators.get(id)!;
  if (!validate(data)) throw new Error(`${where}: the data does not match the API document: ${ajv.errorsText(validate.errors?.slice(0, 5), { separator: "; " })}`);
  checked.schemaValidated++;
}
