import { spawnSync } from "node:child_process";

/**
 * `npm run faults` runs the fault harness (test/faults) as `npm test` does: one seeded short run.
 * `npm run faults -- --full` runs it at full length (more messages, fault runs, kills, reorgs);
 * `--seed N` and `--fail-share 0.3` change the seed and the share of failing RPC calls.
 */
const args = process.argv.slice(2);
const value = (flag: string) => {
  const i = args.indexOf(flag);
  return i === -1 ? undefined : args[i + 1];
};
const env: NodeJS.ProcessEnv = { ...process.env };
if (args.includes("--full")) env.FAULTS = "full";
if (value("--seed") !== undefined) env.FAULTS_SEED = value("--seed");
if (value("--fail-share") !== undefined) env.FAULTS_FAIL_SHARE = value("--fail-share");
const vitest = spawnSync("npx", ["vitest", "run", "test/faults"], { stdio: "inherit", env });
process.exit(vitest.status ?? 1);
