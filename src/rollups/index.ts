import { ArbitrumBridgeAbi, ArbitrumInboxAbi, ArbitrumOutboxAbi } from "../../abis/ArbitrumBridge";
import { L1ArbitrumGatewayAbi, L2ArbitrumGatewayAbi } from "../../abis/ArbitrumGateway";
import { ArbRetryableTxAbi } from "../../abis/ArbRetryableTx";
import { ArbSysAbi } from "../../abis/ArbSys";
import { CrossDomainMessengerAbi } from "../../abis/CrossDomainMessenger";
import { L2ToL1MessagePasserAbi } from "../../abis/L2ToL1MessagePasser";
import { OPContractsManagerAbi } from "../../abis/OPContractsManager";
import { OptimismPortalAbi } from "../../abis/OptimismPortal";
import { RollupCreatorAbi } from "../../abis/RollupCreator";
import { L2StandardBridgeAbi } from "../../abis/StandardBridge";
import { ERC20Abi } from "../../abis/ERC20";
import { SystemConfigAbi } from "../../abis/SystemConfig";
import type { Abi, AbiEvent } from "viem";
import { type Domain, type KnownContract, source } from "../domain";
import { checkRollups, type RollupsManifest, rollupsFields } from "./manifest";

const creators = (manifest: RollupsManifest): KnownContract[] =>
  manifest.rollupCreators.map(({ chain, address, startBlock, version }) => ({ chain, address, startBlock, role: "rollupCreator", of: chain, kind: version }));

const opcms = (manifest: RollupsManifest, variant: "2024" | "2025"): KnownContract[] =>
  manifest.opContractsManagers
    .filter((o) => o.variant === variant)
    .map(({ chain, address, startBlock }) => ({ chain, address, startBlock, role: "opContractsManager", of: chain, kind: variant }));

const systemConfigs = (manifest: RollupsManifest): KnownContract[] =>
  manifest.opChains.map(({ parent, systemConfig, startBlock, l2ChainId }) => ({
    chain: parent,
    address: systemConfig,
    startBlock,
    role: "systemConfig",
    of: String(l2ChainId),
  }));

const portals = (manifest: RollupsManifest): KnownContract[] =>
  manifest.opChains.map(({ parent, optimismPortal, startBlock, l2ChainId }) => ({
    chain: parent,
    address: optimismPortal,
    startBlock,
    role: "optimismPortal",
    of: String(l2ChainId),
  }));

/** A contract every chain of a stack has at a fixed address: OP predeploys at 0x4200…, ArbSys at 0x64. */
const onEvery = (manifest: RollupsManifest, stack: "opstack" | "orbit", address: `0x${string}`, role: string): KnownContract[] =>
  manifest.chains.filter((c) => c.stack === stack).map((c) => ({ chain: c.name, address, startBlock: 0, role, of: c.name }));

/** The Arbitrum token bridges' gateways the manifest names, on the parent or on the rollup. */
const gateways = (manifest: RollupsManifest, side: "l1ERC20Gateway" | "l2ERC20Gateway"): KnownContract[] =>
  manifest.arbitrumTokenBridges.map((b) => ({
    chain: side === "l1ERC20Gateway" ? b.parent : b.chain,
    address: b[side],
    startBlock: side === "l1ERC20Gateway" ? b.startBlock : b.rollupStartBlock,
    role: side,
    of: b.chain,
  }));

/** An Orbit deployment's contract, announced by its creator's RollupCreated of one variant. */
const orbitChild = <const A extends Abi>(abi: A, manifest: RollupsManifest, variant: 0 | 1 | 2 | 3, parameter: "bridge" | "inboxAddress" | "outbox") =>
  source(abi, creators(manifest), false, { event: RollupCreatorAbi[variant], parameter, role: parameter === "inboxAddress" ? "inbox" : parameter });

/** The other contracts of the OP chains named by hand, for search. */
const opChainContracts = (manifest: RollupsManifest): KnownContract[] =>
  manifest.opChains.flatMap((o) =>
    (["l2OutputOracle", "l1CrossDomainMessenger", "l1StandardBridge"] as const).flatMap((role) =>
      o[role] ? [{ chain: o.parent, address: o[role], startBlock: o.startBlock, role, of: String(o.l2ChainId) }] : [],
    ),
  );

/**
 * Rollups launched on the manifest's chains: Orbit rollups from their creators' RollupCreated
 * (one source per variant: each has its own topic0 and Ponder names one event per name), OP
 * chains from OPCM Deployed or named by hand, and their SystemConfig's configuration history.
 */
export const rollups = {
  name: "rollups" as const,
  manifest: { fields: rollupsFields, check: checkRollups },
  sources: (manifest) => ({
    RollupCreatorV3: source([RollupCreatorAbi[0]], creators(manifest)),
    RollupCreatorV2: source([RollupCreatorAbi[1]], creators(manifest), false),
    RollupCreatorV1: source([RollupCreatorAbi[2]], creators(manifest), false),
    RollupCreatorOldest: source([RollupCreatorAbi[3]], creators(manifest), false),
    OPContractsManager2024: source([OPContractsManagerAbi[0]], opcms(manifest, "2024")),
    OPContractsManager2025: source([OPContractsManagerAbi[1]], opcms(manifest, "2025")),
    SystemConfig: source(SystemConfigAbi, systemConfigs(manifest)),
    // The SystemConfig an OPCM deployed: systemConfigProxy is word 3 of deployOutput, the event's
    // only data field (data = offset word, length word, then the struct's words: byte 32 + 32 + 3·32).
    AnnouncedSystemConfig2024: source(SystemConfigAbi, opcms(manifest, "2024"), false, { event: OPContractsManagerAbi[0], location: "offset160", role: "systemConfig" }),
    AnnouncedSystemConfig2025: source(SystemConfigAbi, opcms(manifest, "2025"), false, { event: OPContractsManagerAbi[1], location: "offset160", role: "systemConfig" }),
    // Withdrawals: started on the rollup, proven and finalized at the parent's portal.
    // Deposits are made at the portal (TransactionDeposited) and relayed by the L2 messenger.
    L2ToL1MessagePasser: source(L2ToL1MessagePasserAbi, onEvery(manifest, "opstack", "0x4200000000000000000000000000000000000016", "l2ToL1MessagePasser")),
    L2CrossDomainMessenger: source(
      [CrossDomainMessengerAbi[2], CrossDomainMessengerAbi[3]],
      onEvery(manifest, "opstack", "0x4200000000000000000000000000000000000007", "l2CrossDomainMessenger"),
    ),
    OptimismPortal: source(OptimismPortalAbi, portals(manifest)),
    // optimismPortalProxy is word 7 of the 2024 DeployOutput and word 8 of the 2025 one.
    AnnouncedOptimismPortal2024: source(OptimismPortalAbi, opcms(manifest, "2024"), false, { event: OPContractsManagerAbi[0], location: "offset288", role: "optimismPortal" }),
    AnnouncedOptimismPortal2025: source(OptimismPortalAbi, opcms(manifest, "2025"), false, { event: OPContractsManagerAbi[1], location: "offset320", role: "optimismPortal" }),
    // Orbit deposits: the Bridge's MessageDelivered and the Inbox's InboxMessageDelivered (by message
    // number), the gateway's DepositInitiated; withdrawals: ArbSys's L2ToL1Tx and the L2 gateway's
    // WithdrawalInitiated, executed by the Outbox (by position). Every variant names its Bridge and
    // Inbox; the oldest has no Outbox.
    OrbitBridgeV3: orbitChild([ArbitrumBridgeAbi[0]], manifest, 0, "bridge"),
    OrbitBridgeV2: orbitChild([ArbitrumBridgeAbi[0]], manifest, 1, "bridge"),
    OrbitBridgeV1: orbitChild([ArbitrumBridgeAbi[0]], manifest, 2, "bridge"),
    OrbitBridgeOldest: orbitChild([ArbitrumBridgeAbi[0]], manifest, 3, "bridge"),
    OrbitInboxV3: orbitChild([ArbitrumInboxAbi[0]], manifest, 0, "inboxAddress"),
    OrbitInboxV2: orbitChild([ArbitrumInboxAbi[0]], manifest, 1, "inboxAddress"),
    OrbitInboxV1: orbitChild([ArbitrumInboxAbi[0]], manifest, 2, "inboxAddress"),
    OrbitInboxOldest: orbitChild([ArbitrumInboxAbi[0]], manifest, 3, "inboxAddress"),
    OrbitOutboxV3: orbitChild([ArbitrumOutboxAbi[0]], manifest, 0, "outbox"),
    OrbitOutboxV2: orbitChild([ArbitrumOutboxAbi[0]], manifest, 1, "outbox"),
    OrbitOutboxV1: orbitChild([ArbitrumOutboxAbi[0]], manifest, 2, "outbox"),
    // The tokens the OP bridge mints on a rollup, each announced by its first ERC20BridgeFinalized: their supply.
    OpL2Token: source(
      [ERC20Abi[0]],
      onEvery(manifest, "opstack", "0x4200000000000000000000000000000000000010", "l2StandardBridge"),
      false,
      { event: L2StandardBridgeAbi.find((e) => e.type === "event" && e.name === "ERC20BridgeFinalized") as AbiEvent, parameter: "localToken", role: "l2Token" },
    ),
    ArbSys: source([ArbSysAbi[0]], onEvery(manifest, "orbit", "0x0000000000000000000000000000000000000064", "arbSys")),
    // Deposits executed on the rollup: a retryable's ticket and its redeem attempts.
    ArbRetryableTx: source(
      [ArbRetryableTxAbi[0], ArbRetryableTxAbi[1]],
      onEvery(manifest, "orbit", "0x000000000000000000000000000000000000006e", "arbRetryableTx"),
    ),
    L1ERC20Gateway: source([L1ArbitrumGatewayAbi[0]], gateways(manifest, "l1ERC20Gateway")),
    L2ERC20Gateway: source([L2ArbitrumGatewayAbi[1]], gateways(manifest, "l2ERC20Gateway")),
  }),
  known: opChainContracts,
  api: async () => (await import("./api")).api,
} satisfies Domain<RollupsManifest>;
