import { encodeAbiParameters, encodePacked, pad, toEventSelector, zeroAddress } from "viem";
import { describe, expect, it } from "vitest";
import { AccessControlAbi, Erc1967Abi, MailboxAdminAbi, MailboxClientAdminAbi, OwnableAbi } from "../abis/Admin";
import { SystemConfigAbi } from "../abis/SystemConfig";
import { ADMIN_EVENTS, adminChange } from "../src/audit/change";
import { decodeInterchainAccountMessage } from "../src/governance/icaMessage";

const A = "0x1111111111111111111111111111111111111111";
const B = "0x2222222222222222222222222222222222222222";
const ROLE = "0xb09aa5aeb3702cfd50b6b62bc4532604938f21248a27a1d5ca736082b6819cc1";

describe("adminChange: what each administrative event changed, from hand-built arguments", () => {
  it("every event the trail records is one the ABIs declare, once", () => {
    const declared = [...Erc1967Abi, ...OwnableAbi, ...MailboxAdminAbi, ...MailboxClientAdminAbi, ...AccessControlAbi, ...SystemConfigAbi];
    expect([...ADMIN_EVENTS].sort()).toEqual(declared.map((e) => e.name).sort());
    expect(new Set(declared.map((e) => toEventSelector(e))).size).toBe(declared.length);
  });

  it("events that state the old value carry it; the others leave it to the indexed history", () => {
    expect(adminChange("OwnershipTransferred", { previousOwner: A, newOwner: B })).toEqual({ kind: "OwnershipTransferred", field: "owner", key: null, old: A, value: B });
    expect(adminChange("AdminChanged", { previousAdmin: zeroAddress, newAdmin: A })).toEqual({ kind: "AdminChanged", field: "admin", key: null, old: zeroAddress, value: A });
    expect(adminChange("Upgraded", { implementation: "0xAbCdEf0000000000000000000000000000000001" })).toEqual({
      kind: "Upgraded",
      field: "implementation",
      key: null,
      value: "0xabcdef0000000000000000000000000000000001",
    });
    expect(adminChange("DefaultIsmSet", { module: A })).toMatchObject({ field: "defaultIsm", value: A });
    expect(adminChange("DefaultIsmSet", { module: A }).old).toBeUndefined();
    expect(adminChange("HookSet", { _hook: A })).toMatchObject({ field: "hook", value: A });
    expect(adminChange("IsmSet", { _ism: A })).toMatchObject({ field: "interchainSecurityModule", value: A });
    expect(adminChange("OwnershipTransferStarted", { previousOwner: A, newOwner: B })).toMatchObject({ field: "pendingOwner", value: B });
  });

  it("roles: a grant adds the account, a revocation removes it, under the role", () => {
    expect(adminChange("RoleGranted", { role: ROLE, account: A, sender: B })).toEqual({ kind: "RoleGranted", field: null, key: ROLE, old: null, value: A });
    expect(adminChange("RoleRevoked", { role: ROLE, account: A, sender: B })).toEqual({ kind: "RoleRevoked", field: null, key: ROLE, old: A, value: null });
    expect(adminChange("RoleAdminChanged", { role: ROLE, previousAdminRole: pad("0x00"), newAdminRole: ROLE })).toMatchObject({ field: "roleAdmin", key: ROLE, old: pad("0x00"), value: ROLE });
  });

  it("SystemConfig updates by type: one value, or the decoded fields", () => {
    expect(adminChange("ConfigUpdate", { version: 0n, updateType: 2, data: encodeAbiParameters([{ type: "uint64" }], [30_000_000n]) })).toEqual({
      kind: "ConfigUpdate",
      field: "config",
      key: "gasLimit",
      value: "30000000",
    });
    expect(adminChange("ConfigUpdate", { version: 0n, updateType: 0, data: pad(A) })).toMatchObject({ key: "batcher", value: expect.stringContaining(A) });
    expect(adminChange("ConfigUpdate", { version: 0n, updateType: 9, data: "0x" })).toMatchObject({ key: "9", value: "0x" });
  });
});

describe("decodeInterchainAccountMessage: a CALLS body built as InterchainAccountMessage.encode packs it", () => {
  const owner = pad(A);
  const ism = pad("0x00");
  const salt = pad("0x05");
  const calls = [
    { to: pad(B), value: 0n, data: "0x12345678" as const },
    { to: pad(A), value: 7n, data: "0x" as const },
  ];
  const encoded = encodeAbiParameters(
    [{ type: "tuple[]", components: [{ name: "to", type: "bytes32" }, { name: "value", type: "uint256" }, { name: "data", type: "bytes" }] }],
    [calls],
  );
  const body = `${encodePacked(["uint8", "bytes32", "bytes32", "bytes32"], [0, owner, ism, salt])}${encoded.slice(2)}` as const;

  it("reads the owner, ISM, salt and each call", () => {
    expect(decodeInterchainAccountMessage(body)).toEqual({ ok: true, type: "calls", owner, ism, salt, calls });
  });

  it("a commitment carries no calls; a short or unknown body is an error, not a throw", () => {
    expect(decodeInterchainAccountMessage(encodePacked(["uint8", "bytes32", "bytes32", "bytes32", "bytes32"], [1, owner, ism, salt, pad("0x01")]))).toEqual({
      ok: true,
      type: "commitment",
      owner,
    });
    expect(decodeInterchainAccountMessage(body.slice(0, 100) as `0x${string}`)).toMatchObject({ ok: false });
    expect(decodeInterchainAccountMessage("0x07")).toMatchObject({ ok: false, error: "unknown message type 7" });
    expect(decodeInterchainAccountMessage("0x")).toMatchObject({ ok: false });
  });
});
