import { basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";

/** A bundled file, with its gzip form made once (the browser asks for it on every cold load). */
export type Asset = { name: string; type: string; body: Uint8Array; gzip: Uint8Array };
export type Dashboard = { html: string; assets: Asset[] };

const DIR = dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = { js: "text/javascript; charset=utf-8", css: "text/css; charset=utf-8" };

/**
 * Bundles the dashboard in memory (esbuild, from node_modules: no network), names each file by
 * its content hash so a browser may cache it for good, and writes the page that loads them.
 */
export async function buildDashboard(base = "/app/"): Promise<Dashboard> {
  const result = await build({
    absWorkingDir: DIR,
    entryPoints: ["main.tsx"],
    outdir: "out",
    entryNames: "[name]-[hash]",
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    write: false,
    logLevel: "silent",
  });
  const assets = result.outputFiles.map((file) => ({
    name: basename(file.path),
    type: TYPES[file.path.split(".").pop()!] ?? "application/octet-stream",
    body: file.contents,
    gzip: gzipSync(file.contents, { level: 9 }),
  }));
  const link = (ext: string) => base + assets.find((a) => a.name.endsWith(`.${ext}`))!.name;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Metalayer explorer</title><link rel="stylesheet" href="${link("css")}"></head>
<body><div id="app"></div><script type="module" src="${link("js")}"></script></body></html>
`;
  return { html, assets };
}

// `node --import tsx dashboard/build.ts`: the bundle's sizes.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const a of (await buildDashboard()).assets) console.log(`${a.name.padEnd(28)} ${a.body.length} B, ${a.gzip.length} B gzip`);
}
