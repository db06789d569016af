/**
 * The audit trail: who may change a bridge or a chain's messaging, and what they changed.
 * ERC-1967 proxies (OpenZeppelin 5.4.0 ERC1967Utils), Ownable and Ownable2Step, the Hyperlane
 * Mailbox's ISM and hook setters, and a Hyperlane router's (MailboxClient's) own ones, as
 * @hyperlane-xyz/core 12.1.0 declares them (the router's are not indexed).
 */
export const Erc1967Abi = [
  {
    type: "event",
    name: "Upgraded",
    inputs: [{ name: "implementation", type: "address", indexed: true }],
    anonymous: false,
  },
  {
    type: "event",
    name: "AdminChanged",
    inputs: [
      { name: "previousAdmin", type: "address", indexed: false },
      { name: "newAdmin", type: "address", indexed: false },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "BeaconUpgraded",
    inputs: [{ name: "beacon", type: "address", indexed: true }],
    anonymous: false,
  },
] as const;

export const OwnableAbi = [
  {
    type: "event",
    name: "OwnershipTransferred",
    inputs: [
      { name: "previousOwner", type: "address", indexed: true },
      { name: "newOwner", type: "address", indexed: true },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "OwnershipTransferStarted",
    inputs: [
      { name: "previousOwner", type: "address", indexed: true },
      { name: "newOwner", type: "address", indexed: true },
    ],
    anonymous: false,
  },
] as const;

export const MailboxAdminAbi = [
  {
    type: "event",
    name: "DefaultIsmSet",
    inputs: [{ name: "module", type: "address", indexed: true }],
    anonymous: false,
  },
  {
    type: "event",
    name: "DefaultHookSet",
    inputs: [{ name: "hook", type: "address", indexed: true }],
    anonymous: false,
  },
  {
    type: "event",
    name: "RequiredHookSet",
    inputs: [{ name: "hook", type: "address", indexed: true }],
    anonymous: false,
  },
] as const;

export const MailboxClientAdminAbi = [
  {
    type: "event",
    name: "HookSet",
    inputs: [{ name: "_hook", type: "address", indexed: false }],
    anonymous: false,
  },
  {
    type: "event",
    name: "IsmSet",
    inputs: [{ name: "_ism", type: "address", indexed: false }],
    anonymous: false,
  },
] as const;

/** Every admin event, for one getLogs filter over the watched contracts. */
export const AdminAbi = [...Erc1967Abi, ...OwnableAbi, ...MailboxAdminAbi, ...MailboxClientAdminAbi] as const;

/** OpenZeppelin 5.4.0 AccessControl (IAccessControl): role grants, revocations and admin roles. */
export const AccessControlAbi = [
  {
    type: "event",
    name: "RoleGranted",
    inputs: [
      { name: "role", type: "bytes32", indexed: true },
      { name: "account", type: "address", indexed: true },
      { name: "sender", type: "address", indexed: true },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "RoleRevoked",
    inputs: [
      { name: "role", type: "bytes32", indexed: true },
      { name: "account", type: "address", indexed: true },
      { name: "sender", type: "address", indexed: true },
    ],
    anonymous: false,
  },
  {
    type: "event",
    name: "RoleAdminChanged",
    inputs: [
      { name: "role", type: "bytes32", indexed: true },
      { name: "previousAdminRole", type: "bytes32", indexed: true },
      { name: "newAdminRole", type: "bytes32", indexed: true },
    ],
    anonymous: false,
  },
] as const;
