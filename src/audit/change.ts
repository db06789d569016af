import type { Hex } from "viem";
import { decodeConfigUpdate } from "../rollups/systemConfig";

/**
 * What one administrative event changed: its kind (the event's own name), the setting it moved
 * (`field`, under `key` for a role or a SystemConfig update type), and the values before and
 * after. `old` is undefined when the event does not tell it: the setting's previous indexed value
 * is then the old value.
 */
export const ADMIN_EVENTS = [
  "Upgraded",
  "AdminChanged",
  "BeaconUpgraded",
  "OwnershipTransferred",
  "OwnershipTransferStarted",
  "DefaultIsmSet",
  "DefaultHookSet",
  "RequiredHookSet",
  "HookSet",
  "IsmSet",
  "RoleGranted",
  "RoleRevoked",
  "RoleAdminChanged",
  "ConfigUpdate",
] as const;
export type AdminEvent = (typeof ADMIN_EVENTS)[number];

/** The settings an audited contract's current values are kept for (`admin_setting`). */
export const SETTINGS = [
  "implementation",
  "admin",
  "beacon",
  "owner",
  "pendingOwner",
  "defaultIsm",
  "defaultHook",
  "requiredHook",
  "hook",
  "interchainSecurityModule",
  "roleAdmin",
  "config",
] as const;
export type Setting = (typeof SETTINGS)[number];

export type AdminChange = {
  kind: AdminEvent;
  /** The setting this change moves; null for role membership, which has no single value */
  field: Setting | null;
  /** The role (bytes32) or the SystemConfig update type's name */
  key: string | null;
  old?: string | null;
  value: string | null;
};

const lower = (v: unknown) => String(v).toLowerCase();

/** The value of a SystemConfig update as text: one value, or the decoded fields as JSON. */
function configValue(updateType: number, data: Hex): { key: string; value: string } {
  const decoded = decodeConfigUpdate(updateType, data);
  if (!decoded.ok) return { key: String(updateType), value: data };
  const { ok: _, type, ...fields } = decoded;
  const values = Object.values(fields);
  const text = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : String(v));
  return { key: type, value: values.length === 1 ? text(values[0]) : JSON.stringify(fields, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) };
}

export function adminChange(kind: AdminEvent, args: Record<string, unknown>): AdminChange {
  const set = (field: Setting, value: unknown, old?: unknown): AdminChange => ({
    kind,
    field,
    key: null,
    value: lower(value),
    ...(old !== undefined && { old: lower(old) }),
  });
  switch (kind) {
    case "Upgraded":
      return set("implementation", args.implementation);
    case "AdminChanged":
      return set("admin", args.newAdmin, args.previousAdmin);
    case "BeaconUpgraded":
      return set("beacon", args.beacon);
    case "OwnershipTransferred":
      return set("owner", args.newOwner, args.previousOwner);
    case "OwnershipTransferStarted":
      return set("pendingOwner", args.newOwner);
    case "DefaultIsmSet":
      return set("defaultIsm", args.module);
    case "DefaultHookSet":
      return set("defaultHook", args.hook);
    case "RequiredHookSet":
      return set("requiredHook", args.hook);
    case "HookSet":
      return set("hook", args._hook);
    case "IsmSet":
      return set("interchainSecurityModule", args._ism);
    case "RoleGranted":
      return { kind, field: null, key: lower(args.role), old: null, value: lower(args.account) };
    case "RoleRevoked":
      return { kind, field: null, key: lower(args.role), old: lower(args.account), value: null };
    case "RoleAdminChanged":
      return { kind, field: "roleAdmin", key: lower(args.role), old: lower(args.previousAdminRole), value: lower(args.newAdminRole) };
    case "ConfigUpdate": {
      const { key, value } = configValue(Number(args.updateType), args.data as Hex);
      return { kind, field: "config", key, value };
    }
  }
}
