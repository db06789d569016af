import { and, asc, eq, inArray } from "ponder";
import schema from "ponder:schema";
import { getAddress, type Hex } from "viem";
import { db } from "../api/db";
import { z } from "zod";
import { address, bytes32, chainRef as chainRefSchema, decimalString, hex, int, unixTime } from "../api/shapes";
import { changeSchema, changesIn, presentChanges } from "../audit/present";
import { chainRef, loadChains } from "../network/chains";
import { indexed } from "../network/indexed";
import { summarizeCall } from "./calldata";
import { decodeInterchainAccountMessage } from "./icaMessage";
import { jsonSafe } from "./present";
import type { ProposalRow } from "./queries";

const { message, remoteCall, interchainAccount } = schema;

const hex32 = bytes32;

/** A proposal's trace (traceOf), as GET /api/governance/proposals/:id serves it. */
export const traceSchema = z
  .object({
    status: z.enum(["notExecuted", "inProgress", "complete"]),
    execution: z.object({ chain: chainRefSchema, txHash: bytes32, timestamp: unixTime.nullable() }).nullable(),
    changes: z.array(changeSchema).describe("the admin changes its execution made"),
    messages: z.array(
      z.object({
        id: bytes32,
        status: z.enum(["pending", "delivered"]),
        destination: chainRefSchema,
        remoteCall: z.object({ router: address, owner: address, remoteRouter: hex32, ism: hex32, salt: hex32.nullable(), logIndex: int }).nullable(),
        dispatch: z.object({ txHash: bytes32.nullable(), blockNumber: int.nullable(), logIndex: int.nullable(), timestamp: unixTime.nullable() }),
        delivery: z.object({ txHash: bytes32, blockNumber: int.nullable(), timestamp: unixTime.nullable(), relayer: address.nullable() }).nullable(),
        accountCreated: z.object({ account: address, router: address, owner: hex32, txHash: bytes32 }).nullable(),
        calls: z.array(
          z.object({
            to: z.string().describe("an address, or the bytes32 when it holds none"),
            value: decimalString,
            data: hex,
            summary: z.unknown().describe("the call decoded, where its ABI is known"),
          }),
        ),
        decodeError: z.string().nullable(),
        changes: z.array(changeSchema).describe("the admin changes its delivery made"),
      }),
    ).describe("each message an InterchainAccountRouter dispatched in the execution"),
  })
  .describe("the proposal followed to its effects, on every chain");

/**
 * A proposal followed to its effects, joined when read (so whichever chain is indexed first): its
 * execution and the admin changes made there; each message an InterchainAccountRouter dispatched
 * in it, with its RemoteCallDispatched, the calls it carries, its delivery, the account created
 * by it and the admin changes the account's calls made. In progress while a message is undelivered.
 */
export async function traceOf(p: ProposalRow): Promise<z.input<typeof traceSchema>> {
  if (p.executedTxHash === null) return { status: "notExecuted" as const, execution: null, changes: [], messages: [] };
  const chains = await loadChains();
  const routers = indexed.manifest.interchainAccountRouters.filter((r) => indexed.chainIdOf(r.chain) === p.chainId).map((r) => r.address);
  const [dispatched, sent] = await Promise.all([
    db
      .select()
      .from(message)
      .where(and(eq(message.dispatchTxHash, p.executedTxHash), eq(message.originChainId, p.chainId)))
      .orderBy(asc(message.dispatchLogIndex)),
    db
      .select()
      .from(remoteCall)
      .where(and(eq(remoteCall.txHash, p.executedTxHash), eq(remoteCall.chainId, p.chainId)))
      .orderBy(asc(remoteCall.logIndex)),
  ]);
  // Each RemoteCallDispatched is followed by its router's Dispatch: the k-th of each pair up.
  const messages = dispatched.filter((m) => m.sender !== null && routers.includes(m.sender as Hex));
  const deliveries = messages.flatMap((m) => (m.deliveryTxHash ? [m.deliveryTxHash] : []));
  const [changes, accounts] = await Promise.all([
    changesIn([p.executedTxHash, ...deliveries]),
    deliveries.length ? db.select().from(interchainAccount).where(inArray(interchainAccount.txHash, deliveries)) : [],
  ]);
  const presented = await presentChanges(changes, chains);
  const changesOf = (chainId: number | null, hash: Hex | null) => presented.filter((c) => c.chain.chainId === chainId && c.txHash === hash);

  const items = messages.map((m, i) => {
    const body = m.body ? decodeInterchainAccountMessage(m.body) : null;
    const calls =
      body?.ok && body.type === "calls"
        ? body.calls.map((call) => {
            const to = /^0x0{24}/i.test(call.to) ? getAddress(`0x${call.to.slice(26)}`) : null;
            return { to: to ?? call.to, value: call.value.toString(), data: call.data, summary: to ? jsonSafe(summarizeCall(to, call.data)) : null };
          })
        : [];
    const account = accounts.find((a) => a.chainId === m.destinationChainId && a.txHash === m.deliveryTxHash);
    const r = sent[i];
    return {
      id: m.id,
      status: m.status,
      destination: chainRef(m.destinationChainId, chains),
      remoteCall: r ? { router: r.router, owner: r.owner, remoteRouter: r.remoteRouter, ism: r.ism, salt: r.salt, logIndex: r.logIndex } : null,
      dispatch: { txHash: m.dispatchTxHash, blockNumber: m.dispatchBlockNumber, logIndex: m.dispatchLogIndex, timestamp: m.dispatchTimestamp },
      delivery: m.deliveryTxHash
        ? { txHash: m.deliveryTxHash, blockNumber: m.deliveryBlockNumber, timestamp: m.deliveryTimestamp, relayer: m.relayer }
        : null,
      accountCreated: account ? { account: account.account, router: account.router, owner: account.owner, txHash: account.txHash } : null,
      calls,
      decodeError: body && !body.ok ? body.error : null,
      changes: m.deliveryTxHash ? changesOf(m.destinationChainId, m.deliveryTxHash) : [],
    };
  });
  return {
    status: items.every((m) => m.delivery !== null) ? ("complete" as const) : ("inProgress" as const),
    execution: { chain: chainRef(p.chainId, chains), txHash: p.executedTxHash, timestamp: p.executedTimestamp },
    changes: changesOf(p.chainId, p.executedTxHash),
    messages: items,
  };
}
