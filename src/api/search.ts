import { Hono } from "hono";
import { count, eq } from "ponder";
import { db } from "ponder:api";
import schema from "ponder:schema";
import type { Address, Hex } from "viem";
import { toAccount } from "../messaging/message";
import { knownContracts } from "../network/contracts";
import { indexed } from "../network/indexed";
import { invalidParameter } from "./errors";
import { type ChainRow, chainRef, loadChains } from "./network";
import { transferByIdOrMessage } from "./transfers";

const { message, gasPayment, metalayerMessage, transfer } = schema;

const contracts = knownContracts(indexed.manifest);
const EXPECTED = "a message id, transfer id or transaction hash (32-byte 0x-hex), an address (20-byte 0x-hex), or a chain name or id";

/** Whatever a user pastes in an explorer's search box: what it is, and where to read more. */
export const search = new Hono().get("/", async (c) => {
  const q = c.req.query("q")?.trim() ?? "";
  const chains = await loadChains();
  if (/^0x[0-9a-fA-F]{64}$/.test(q)) {
    const id = q.toLowerCase() as Hex;
    // A bytes32 with 12 zero bytes in front is also an account, as Hyperlane writes recipients.
    const account = id.startsWith("0x000000000000000000000000") ? [await accountMatch(toAccount(id))] : [];
    return c.json({ query: q, matches: [...(await idMatches(id, chains)), ...account].filter((m) => m !== null) });
  }
  if (/^0x[0-9a-fA-F]{40}$/.test(q)) {
    const address = q.toLowerCase() as Address;
    const known = contracts
      .filter((k) => k.address === address)
      .map((k) => ({ type: "contract" as const, ...k, chainId: indexed.chainIdOf(k.chain) }));
    return c.json({ query: q, matches: [...known, await accountMatch(address)].filter((m) => m !== null) });
  }
  const chain = chains.find((ch) => ch.name === q || String(ch.chainId) === q);
  if (chain) return c.json({ query: q, matches: [{ type: "chain", ...chain, href: "/api/chains" }] });
  if (/^[a-z][a-z0-9_-]{0,63}$/.test(q) || /^\d{1,12}$/.test(q)) return c.json({ query: q, matches: [] });
  throw invalidParameter("q", EXPECTED, c.req.query("q") ?? null);
});

/** A 32-byte value: a message, a transfer (by its id or a message that carries it), a transaction. */
async function idMatches(id: Hex, chains: ChainRow[]) {
  const [messages, transfers, dispatched, delivered, payments] = await Promise.all([
    db.select({ id: message.id, status: message.status, origin: message.originChainId, destination: message.destinationChainId }).from(message).where(eq(message.id, id)),
    db
      .select({ id: transfer.id, kind: transfer.kind, route: transfer.route, status: transfer.status })
      .from(transfer)
      .where(transferByIdOrMessage(id)),
    db.select({ n: count() }).from(message).where(eq(message.dispatchTxHash, id)),
    db.select({ n: count() }).from(message).where(eq(message.deliveryTxHash, id)),
    db.select({ n: count() }).from(gasPayment).where(eq(gasPayment.txHash, id)),
  ]);
  const inTx = { dispatched: dispatched[0]!.n, delivered: delivered[0]!.n, gasPayments: payments[0]!.n };
  return [
    ...messages.map((m) => ({
      type: "message" as const,
      id: m.id,
      status: m.status,
      origin: chainRef(m.origin, chains).name,
      destination: chainRef(m.destination, chains).name,
      href: `/api/messages/${m.id}`,
    })),
    ...transfers.map((t) => ({ type: "transfer" as const, ...t, href: `/api/transfers/${t.id}` })),
    inTx.dispatched + inTx.delivered + inTx.gasPayments > 0 ? { type: "transaction" as const, hash: id, ...inTx, href: `/api/tx/${id}` } : null,
  ];
}

/** An account: what it sent and received, as a Hyperlane sender or recipient, a token holder, a Metalayer app. */
async function accountMatch(address: Hex) {
  const tally = async (table: typeof message | typeof transfer | typeof metalayerMessage, column: "sender" | "recipient") =>
    (await db.select({ n: count() }).from(table).where(eq(table[column], address)))[0]!.n;
  const [messagesSent, messagesReceived, transfersSent, transfersReceived, appSent, appReceived] = await Promise.all([
    tally(message, "sender"),
    tally(message, "recipient"),
    tally(transfer, "sender"),
    tally(transfer, "recipient"),
    tally(metalayerMessage, "sender"),
    tally(metalayerMessage, "recipient"),
  ]);
  if (messagesSent + messagesReceived + transfersSent + transfersReceived + appSent + appReceived === 0) return null;
  return {
    type: "account" as const,
    address,
    messages: { sent: messagesSent, received: messagesReceived },
    transfers: { sent: transfersSent, received: transfersReceived },
    metalayer: { sent: appSent, received: appReceived },
    href: {
      messagesSent: `/api/messages?sender=${address}`,
      messagesReceived: `/api/messages?recipient=${address}`,
      transfersSent: `/api/transfers?sender=${address}`,
      transfersReceived: `/api/transfers?recipient=${address}`,
      metalayerSent: `/api/messages?appSender=${address}`,
      metalayerReceived: `/api/messages?appRecipient=${address}`,
    },
  };
}
