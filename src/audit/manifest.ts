import { z } from "zod";
import type { Report } from "../domain";
import { address, checkChainName, type ManifestView, name, startBlock } from "../network/chain";

/**
 * Contracts to audit that no domain names: a governed proxy, its ProxyAdmin, a gas oracle. Every
 * contract a domain names is audited anyway.
 */
export const auditedSchema = z.strictObject({
  chain: name,
  address,
  /** What it is, e.g. "proxy", "proxyAdmin", "gasOracle" */
  role: z.string().min(1),
  /** Whose it is, e.g. the governor's name */
  of: z.string().min(1).default("audited"),
  startBlock,
});

export const auditFields = { audited: z.array(auditedSchema).default([]) };

export type AuditManifest = ManifestView<{}, typeof auditFields>;

export function checkAudit(manifest: AuditManifest, report: Report) {
  manifest.audited.forEach((a, i) => checkChainName(manifest, a.chain, ["audited", i, "chain"], report));
}
