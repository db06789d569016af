import { AccessControlAbi, Erc1967Abi, MailboxAdminAbi, MailboxClientAdminAbi, OwnableAbi } from "../../abis/Admin";
import { SystemConfigAbi } from "../../abis/SystemConfig";
import { type Announced, type Domain, type KnownContract, type Source, source } from "../domain";
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
 * The sources of the trail: `Admin` over every contract named, and one per announcing source of
 * another domain (`Admin/rollups/OrbitBridgeV3`: the Bridges that RollupCreated announces), over
 * the same factories and event, so a contract created by a factory is audited from its creation.
 */
function auditSources(known: KnownContract[], announced: Record<string, Source & { announced: Announced }>) {
  type Trail = Source<typeof AuditAbi>;
  const children: Record<`Admin/${string}`, Trail> = Object.fromEntries(
    Object.entries(announced).map(([name, s]) => [`Admin/${name}`, source(AuditAbi, s.contracts, false, s.announced)]),
  );
  return { Admin: source(AuditAbi, auditedContracts(known), false) as Trail, ...children };
}

/**
 * The admin audit trail: proxy upgrades and admins, ownership, the Mailbox's and routers' ISMs
 * and hooks, roles and SystemConfig updates, on every contract any domain names or announces (it
 * watches them all: `watch`), and on the manifest's `audited` contracts.
 */
export const audit = {
  name: "audit" as const,
  manifest: { fields: auditFields, check: checkAudit },
  known: audited,
  watch: (_manifest, known, announced) => auditSources(known, announced),
  api: async () => (await import("./api")).api,
} satisfies Domain<AuditManifest>;
