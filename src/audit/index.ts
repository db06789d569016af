import { AccessControlAbi, Erc1967Abi, MailboxAdminAbi, MailboxClientAdminAbi, OwnableAbi } from "../../abis/Admin";
import { SystemConfigAbi } from "../../abis/SystemConfig";
import { type Domain, type KnownContract, source } from "../domain";
import { type AuditManifest, auditFields, checkAudit } from "./manifest";

/** Every administrative event the trail records, as the contracts declare them. */
export const AuditAbi = [...Erc1967Abi, ...OwnableAbi, ...MailboxAdminAbi, ...MailboxClientAdminAbi, ...AccessControlAbi, ...SystemConfigAbi] as const;

const audited = (manifest: AuditManifest): KnownContract[] => manifest.audited.map((a) => ({ ...a }));

/** Each contract once per chain, in the role it is first named in. */
export function auditedContracts(known: KnownContract[]): KnownContract[] {
  const seen = new Map<string, KnownContract>();
  for (const k of known) if (!seen.has(`${k.chain}:${k.address}`)) seen.set(`${k.chain}:${k.address}`, k);
  return [...seen.values()];
}

/**
 * The admin audit trail: proxy upgrades and admins, ownership, the Mailbox's and routers' ISMs
 * and hooks, roles and SystemConfig updates, on every contract any domain names (it watches
 * them all: `watch`), and on the manifest's `audited` contracts.
 */
export const audit = {
  name: "audit" as const,
  manifest: { fields: auditFields, check: checkAudit },
  known: audited,
  watch: (_manifest, known) => ({ Admin: source(AuditAbi, auditedContracts(known), false) }),
  api: async () => (await import("./api")).api,
} satisfies Domain<AuditManifest>;
