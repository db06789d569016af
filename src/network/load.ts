import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { InvalidManifestError, type Manifest, parseManifest } from "./manifest";

/** Where `npm start` writes the manifest of the local network it deployed. */
export const DEVNET_MANIFEST_PATH = ".devnet/manifest.json";

/** The manifest path in force: `NETWORK_MANIFEST`, else the local network's. */
export function manifestPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.NETWORK_MANIFEST || DEVNET_MANIFEST_PATH);
}

export function loadManifest(path = manifestPath()): Manifest {
  if (!existsSync(path)) {
    throw new InvalidManifestError(path, [
      "(file): not found; set NETWORK_MANIFEST to a manifest file, or run `npm start` to start the local network",
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new InvalidManifestError(path, [`(file): expected JSON, ${(error as Error).message}`]);
  }
  return parseManifest(json, path);
}
