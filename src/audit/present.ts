import { inArray } from "ponder";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { z } from "zod";
import { db } from "../api/db";
import { address, bytes32, chainRef as chainRefSchema, decimalString, int, unixTime } from "../api/shapes";
import { chainRef, type ChainRow, loadChains } from "../network/chains";
import { ADMIN_EVENTS } from "./change";

const { adminChange, proposal, message } = schema;

/** A change as the API serves it (presentChanges). */
export const changeSchema = z.object({
  id: z.string().describe("chainId:0x(block number << 32 | log index)"),
  chain: chainRefSchema,
  contract: address,
  role: z.string().describe("what the contract is (mailbox, warpRouter, timelock, …)"),
  of: z.string().describe("whose it is (a deployment, a route, a governor)"),
  kind: z.enum(ADMIN_EVENTS).describe("the event's name"),
  key: z.string().nullable().describe("a role (bytes32) or a SystemConfig update type"),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  txHash: bytes32,
  blockNumber: decimalString,
  logIndex: int,
  timestamp: unixTime,
  from: address.describe("the account that sent the transaction"),
  proposal: z
    .object({
      id: bytes32,
      proposalId: decimalString,
      via: z.enum(["execution", "message"]),
      messageId: bytes32.nullable().describe("the message whose delivery made the change (via message)"),
      href: z.string(),
    })
    .nullable()
    .describe("the governance proposal behind it"),
});

type ChangeRow = typeof adminChange.$inferSelect;

/**
 * The governance proposal behind each change, joined now: a proposal executed in the change's own
 * transaction (the timelock ran the call), or one executed in the transaction that dispatched the
 * message whose delivery made the change (an interchain account ran it).
 */
async function proposalsBehind(rows: ChangeRow[]) {
  const hashes = [...new Set(rows.map((r) => r.txHash))];
  if (hashes.length === 0) return () => null;
  const delivered = await db
    .select({ id: message.id, deliveryTxHash: message.deliveryTxHash, destinationChainId: message.destinationChainId, dispatchTxHash: message.dispatchTxHash, originChainId: message.originChainId })
    .from(message)
    .where(inArray(message.deliveryTxHash, hashes));
  const executions = [...new Set([...hashes, ...delivered.flatMap((m) => (m.dispatchTxHash ? [m.dispatchTxHash] : []))])];
  const executed = await db
    .select({ id: proposal.id, chainId: proposal.chainId, executedTxHash: proposal.executedTxHash })
    .from(proposal)
    .where(inArray(proposal.executedTxHash, executions));
  const executedIn = (chainId: number | null, hash: Hex | null) => executed.find((p) => p.chainId === chainId && p.executedTxHash === hash);
  const ref = (p: { id: Hex }, via: "execution" | "message", messageId: Hex | null = null) => ({
    id: p.id,
    proposalId: BigInt(p.id).toString(),
    via,
    messageId,
    href: `/api/governance/proposals/${p.id}`,
  });
  return (row: ChangeRow) => {
    const local = executedIn(row.chainId, row.txHash);
    if (local) return ref(local, "execution");
    const m = delivered.find((d) => d.deliveryTxHash === row.txHash && d.destinationChainId === row.chainId);
    const remote = m && executedIn(m.originChainId, m.dispatchTxHash);
    return remote ? ref(remote, "message", m.id) : null;
  };
}

/** Changes as the API serves them, each with the proposal behind it. */
export async function presentChanges(rows: ChangeRow[], chains?: ChainRow[]): Promise<z.input<typeof changeSchema>[]> {
  const [behind, known] = await Promise.all([proposalsBehind(rows), chains ?? loadChains()]);
  return rows.map((row) => {
    const { chainId, blockNumber, ...r } = row;
    return { ...r, chain: chainRef(chainId, known), blockNumber: blockNumber.toString(), proposal: behind(row) };
  });
}

/** The changes the given transactions made, in chain and log order (a proposal's trace reads them). */
export const changesIn = (hashes: Hex[]) =>
  hashes.length === 0 ? Promise.resolve([]) : db.select().from(adminChange).where(inArray(adminChange.txHash, hashes)).orderBy(adminChange.chainId, adminChange.id);
