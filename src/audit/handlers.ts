import { ponder } from "ponder:registry";
import schema from "ponder:schema";
import { type Hex, numberToHex } from "viem";
import { indexed } from "../network/indexed";
import { domainSources, knownContracts } from "../network/manifest";
import { ADMIN_EVENTS, type AdminEvent, adminChange } from "./change";
import { auditedContracts } from "./index";

const { adminChange: changeTable, adminSetting } = schema;

/** What each audited contract is, by chain id and address. */
const roles = new Map(auditedContracts(knownContracts(indexed.manifest)).map((k) => [`${indexed.chainIdOf(k.chain)}:${k.address}`, k]));

/** The trail's sources: `audit/Admin` (named contracts) and one per announcing source, with the role of what it announces. */
const trails = Object.entries(domainSources(indexed.manifest)).flatMap(([name, s]) => (name.startsWith("audit/Admin") ? [{ name, announced: s.announced }] : []));

/** Unique per chain and ordered within it: block number, then log index, in 32 bytes. */
export const changeId = (chainId: number, blockNumber: bigint, logIndex: number) =>
  `${chainId}:${numberToHex((blockNumber << 32n) | BigInt(logIndex), { size: 32 })}`;

type AdminLog = {
  args: Record<string, unknown>;
  log: { address: Hex; logIndex: number };
  block: { number: bigint; timestamp: bigint };
  transaction: { hash: Hex; from: Hex };
};

for (const { name, announced } of trails) for (const kind of ADMIN_EVENTS) {
  ponder.on(`${name}:${kind}` as `audit/Admin:${AdminEvent}`, async ({ event, context }) => {
    const e = event as unknown as AdminLog;
    const chainId = context.chain.id;
    const contract = e.log.address.toLowerCase() as Hex;
    const change = adminChange(kind, e.args);
    const id = changeId(chainId, e.block.number, e.log.logIndex);
    // A contract both named and announced is seen by two sources: its change is recorded once.
    if (await context.db.find(changeTable, { id })) return;
    const settingId = (field: string) => `${chainId}:${contract}:${field}${change.key === null ? "" : `:${change.key}`}`;
    const before = change.field ? await context.db.find(adminSetting, { id: settingId(change.field) }) : null;
    // A contract a factory announced is what the announcing source says, of the chain it was created on.
    const known = roles.get(`${chainId}:${contract}`) ?? (announced && { role: announced.role, of: context.chain.name });
    await context.db.insert(changeTable).values({
      id,
      chainId,
      contract,
      role: known?.role ?? "unknown",
      of: known?.of ?? "",
      kind,
      key: change.key,
      oldValue: change.old !== undefined ? change.old : (before?.value ?? null),
      newValue: change.value,
      txHash: e.transaction.hash,
      blockNumber: e.block.number,
      logIndex: e.log.logIndex,
      timestamp: Number(e.block.timestamp),
      from: e.transaction.from.toLowerCase() as Hex,
    });
    const write = async (field: string, value: string | null) => {
      const values = { chainId, contract, field, key: change.key, value, changeId: id };
      await context.db.insert(adminSetting).values({ id: settingId(field), ...values }).onConflictDoUpdate(values);
    };
    if (change.field) await write(change.field, change.value);
    // Ownable2Step: a completed transfer ends the pending one.
    if (kind === "OwnershipTransferred" && (await context.db.find(adminSetting, { id: settingId("pendingOwner") }))) await write("pendingOwner", null);
  });
}
