import { writeFileSync } from "node:fs";
import { parseManifest } from "../src/network/manifest";
import { PresetError, presetManifest, registryPackage } from "../src/network/presets";

/**
 * `npm run preset -- rarichain apechain [--warp ETH/ethereum-rarichain …] [--out manifest.json]`:
 * a network manifest for real chains from @hyperlane-xyz/registry, to run with NETWORK_MANIFEST.
 */

const args = process.argv.slice(2);
const chains: string[] = [];
const warpRoutes: string[] = [];
let out: string | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--warp") warpRoutes.push(args[++i] ?? "");
  else if (args[i] === "--out") out = args[++i];
  else chains.push(args[i]!);
}

try {
  if (chains.length + warpRoutes.length === 0) throw new PresetError("name at least one chain or --warp route");
  const manifest = presetManifest({ chains, warpRoutes }, registryPackage());
  parseManifest(manifest, "preset");
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
