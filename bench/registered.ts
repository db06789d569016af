import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { register } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The events the project registers handlers for, as Ponder sees them: its indexing files (every
 * file under src/ but src/api/, as Ponder runs them) imported with a `ponder:registry` whose
 * `ponder.on` records each name, and its tables as `ponder:schema`. In a process of its own:
 * the files read the manifest (`NETWORK_MANIFEST`) when they load.
 * `node --import tsx bench/registered.ts <manifest>` prints them as JSON.
 */
export function registeredEvents(manifestPath: string): string[] {
  const run = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
    env: { ...process.env, NETWORK_MANIFEST: manifestPath },
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`bench/registered.ts: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as string[];
}

/** `<source>:<event>` without a signature, `<source>:setup` and block sources aside: what a log of `event` in `source` is handled by. */
export const handles = (registered: readonly string[], source: string, event: string) =>
  registered.some((name) => name === `${source}:${event}` || name.startsWith(`${source}:${event}(`));

const root = join(fileURLToPath(import.meta.url), "../..");

async function record() {
  const names: string[] = [];
  (globalThis as { __registered?: string[] }).__registered = names;
  const registry = `data:text/javascript,export const ponder = { on: (name) => globalThis.__registered.push(name) };`;
  const schema = pathToFileURL(join(root, "ponder.schema.ts")).href;
  const tables = `data:text/javascript,${encodeURIComponent(`import * as tables from ${JSON.stringify(schema)}; export * from ${JSON.stringify(schema)}; export default tables;`)}`;
  const hooks = `export async function resolve(specifier, context, next) {
    if (specifier === "ponder:registry") return { url: ${JSON.stringify(registry)}, shortCircuit: true };
    if (specifier === "ponder:schema") return { url: ${JSON.stringify(tables)}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return relative(root, path) === join("src", "api") ? [] : files(path);
      return path.endsWith(".ts") ? [path] : [];
    });
  for (const file of files(join(root, "src"))) await import(pathToFileURL(file).href);
  console.log(JSON.stringify([...new Set(names)].sort()));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await record();
