import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian's chromium, which the browser tests drive with playwright-core. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * vitest globalSetup: a fresh machine has no browser, so the first run installs Debian's
 * (the tests run as root; apt reaches Debian's archive).
 */
export default function setup() {
  if (existsSync(CHROMIUM)) return;
  console.log("[setup] installing chromium (apt-get) for the browser tests…");
  execSync("apt-get update && apt-get install -y chromium", { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium, but there is no ${CHROMIUM}`);
}
