import { type Context, ponder } from "ponder:registry";
import schema from "ponder:schema";
import { zeroAddress } from "viem";
import { indexed } from "../network/indexed";
import { decodeRelayMessage, type Funds, L2_CROSS_DOMAIN_MESSENGER, messageFunds } from "./opMessage";
import { rollupId } from "./registry";
import { fundsColumns, upsertTransfer } from "./transfer";

/** OP withdrawal id: `l2ChainId:withdrawalHash`. */
export const opWithdrawalId = (l2ChainId: number, withdrawalHash: string) => `${l2ChainId}:${withdrawalHash.toLowerCase()}`;
const BASE = { stack: "opstack" as const, direction: "withdrawal" as const };

/**
 * The rollup a portal belongs to, and its L1 messenger: named in the manifest, or recorded when
 * its OPCM announced it.
 */
export async function portalOf(db: Context["db"], chainId: number, portal: string) {
  const named = indexed.manifest.opChains.find((o) => indexed.chainIdOf(o.parent) === chainId && o.optimismPortal === portal.toLowerCase());
  if (named) return { rollup: rollupId(chainId, named.systemConfig), l2ChainId: named.l2ChainId, messenger: named.l1CrossDomainMessenger };
  const found = await db.find(schema.rollupContract, { id: `${chainId}:${portal.toLowerCase()}` });
  if (!found) return undefined;
  const row = await db.find(schema.rollup, { id: found.rollup });
  return { rollup: found.rollup, l2ChainId: found.l2ChainId, messenger: row?.contracts.l1CrossDomainMessengerProxy?.toLowerCase() };
}

/** The named rollup an OP chain of the manifest is (an announced one is found by its l2ChainId at read time). */
export const namedRollupOf = (chainId: number) => {
  const named = indexed.manifest.opChains.find((o) => o.chain !== undefined && indexed.chainIdOf(o.chain) === chainId);
  return named ? rollupId(indexed.chainIdOf(named.parent), named.systemConfig) : null;
};

/** A withdrawal through the L2 messenger carries the L1 messenger's relayMessage; a direct one moves its ETH. */
function withdrawalFunds(sender: `0x${string}`, target: `0x${string}`, value: bigint, data: `0x${string}`): Funds {
  const relay = sender.toLowerCase() === L2_CROSS_DOMAIN_MESSENGER ? decodeRelayMessage(data) : undefined;
  return relay ? messageFunds(relay, "withdrawal") : { token: zeroAddress, l2Token: null, from: sender, to: target, amount: value };
}

/** The rollup side: L2ToL1MessagePasser's MessagePassed starts the withdrawal. */
ponder.on("rollups/L2ToL1MessagePasser:MessagePassed", async ({ event, context }) => {
  const { nonce, sender, target, value, withdrawalHash, data } = event.args;
  // A rollup the manifest names knows its registry id here; an announced one learns it at the portal.
  await upsertTransfer(context.db, opWithdrawalId(context.chain.id, withdrawalHash), { ...BASE, l2ChainId: context.chain.id }, (row) => ({
    rollup: row?.rollup ?? namedRollupOf(context.chain.id),
    hash: withdrawalHash,
    nonce,
    sender: sender.toLowerCase() as `0x${string}`,
    target: target.toLowerCase() as `0x${string}`,
    value,
    ...fundsColumns(withdrawalFunds(sender, target, value, data)),
    initiatedTxHash: event.transaction.hash,
    initiatedBlock: event.block.number,
    initiatedTimestamp: Number(event.block.timestamp),
  }));
});

async function onProven({ event, context }: { event: ProvenEvent; context: Context }) {
  const at = await portalOf(context.db, context.chain.id, event.log.address);
  if (!at) return;
  await upsertTransfer(context.db, opWithdrawalId(at.l2ChainId, event.args.withdrawalHash), { ...BASE, l2ChainId: at.l2ChainId }, () => ({
    rollup: at.rollup,
    hash: event.args.withdrawalHash,
    provenTxHash: event.transaction.hash,
    provenBlock: event.block.number,
    provenTimestamp: Number(event.block.timestamp),
  }));
}

async function onFinalized({ event, context }: { event: FinalizedEvent; context: Context }) {
  const at = await portalOf(context.db, context.chain.id, event.log.address);
  if (!at) return;
  await upsertTransfer(context.db, opWithdrawalId(at.l2ChainId, event.args.withdrawalHash), { ...BASE, l2ChainId: at.l2ChainId }, () => ({
    rollup: at.rollup,
    hash: event.args.withdrawalHash,
    finalizedTxHash: event.transaction.hash,
    finalizedBlock: event.block.number,
    finalizedTimestamp: Number(event.block.timestamp),
    success: event.args.success,
  }));
}

type ProvenEvent = Parameters<Parameters<typeof ponder.on<"rollups/OptimismPortal:WithdrawalProven">>[1]>[0]["event"];
type FinalizedEvent = Parameters<Parameters<typeof ponder.on<"rollups/OptimismPortal:WithdrawalFinalized">>[1]>[0]["event"];

// The portals named by hand and those their OPCM announced: one handler each.
for (const name of ["OptimismPortal", "AnnouncedOptimismPortal2024", "AnnouncedOptimismPortal2025"] as const) {
  ponder.on(`rollups/${name}:WithdrawalProven`, onProven as never);
  ponder.on(`rollups/${name}:WithdrawalFinalized`, onFinalized as never);
}
