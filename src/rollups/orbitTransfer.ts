import { type Context, ponder } from "ponder:registry";
import schema from "ponder:schema";
import { type Hex, toHex } from "viem";
import { indexed } from "../network/indexed";
import { updateIfFound } from "../store";
import { undoL1ToL2Alias } from "./alias";
import { decodeInboxMessage, INBOX_MESSAGE_KIND } from "./inboxMessage";
import { linkTicket } from "./orbitRetryable";
import { retryableTicketId } from "./retryable";
import { type BridgeTransfer, upsertTransfer } from "./transfer";

/**
 * Orbit deposits and withdrawals. A deposit is a delayed message: the Bridge's MessageDelivered
 * (kind, aliased sender) and the Inbox's InboxMessageDelivered (its data) share its message
 * number, and a gateway deposit's DepositInitiated names it too (`_sequenceNumber`), all three in
 * one parent transaction in that order. A withdrawal is a send: ArbSys's L2ToL1Tx on the rollup
 * (and the L2 gateway's WithdrawalInitiated, whose `_l2ToL1Id` is the send's position), executed
 * on the parent by the Outbox's OutBoxTransactionExecuted (`transactionIndex`, the same position).
 */
export const orbitDepositId = (l2ChainId: number, messageNum: bigint) => `${l2ChainId}:message:${messageNum}`;
export const orbitWithdrawalId = (l2ChainId: number, position: bigint) => `${l2ChainId}:position:${position}`;

const DEPOSIT = { stack: "orbit" as const, direction: "deposit" as const };
const WITHDRAWAL = { stack: "orbit" as const, direction: "withdrawal" as const };
const DEPOSIT_KINDS: number[] = [INBOX_MESSAGE_KIND.l2FundedByL1, INBOX_MESSAGE_KIND.submitRetryableTx, INBOX_MESSAGE_KIND.ethDeposit];
const lower = (a: string) => a.toLowerCase() as Hex;

/** The rollup a parent-side contract (Bridge, Inbox, Outbox) belongs to, recorded at its RollupCreated. */
async function deploymentOf(db: Context["db"], chainId: number, address: string) {
  const contract = await db.find(schema.rollupContract, { id: `${chainId}:${address.toLowerCase()}` });
  if (!contract) return undefined;
  const rollup = await db.find(schema.rollup, { id: contract.rollup });
  return { rollup: contract.rollup, l2ChainId: contract.l2ChainId, nativeToken: rollup?.nativeToken ?? null };
}

/** The token bridge a gateway of the manifest is part of, by its parent- or rollup-side address. */
const tokenBridgeOf = (chainId: number, gateway: string) =>
  indexed.manifest.arbitrumTokenBridges.find(
    (b) =>
      (indexed.chainIdOf(b.parent) === chainId && b.l1ERC20Gateway === gateway.toLowerCase()) ||
      (indexed.chainIdOf(b.chain) === chainId && b.l2ERC20Gateway === gateway.toLowerCase()),
  );

/** A stage's columns (tx, block, time) from the event that reached it. */
const stage = (event: { transaction: { hash: Hex }; block: { number: bigint; timestamp: bigint } }, name: "initiated" | "finalized"): Partial<BridgeTransfer> => ({
  [`${name}TxHash`]: event.transaction.hash,
  [`${name}Block`]: event.block.number,
  [`${name}Timestamp`]: Number(event.block.timestamp),
});

async function onDelivered({ event, context }: { event: DeliveredEvent; context: Context }) {
  const { messageIndex, kind, sender, baseFeeL1 } = event.args;
  if (!DEPOSIT_KINDS.includes(kind)) return;
  const at = await deploymentOf(context.db, context.chain.id, event.log.address);
  if (!at) return;
  await upsertTransfer(context.db, orbitDepositId(at.l2ChainId, messageIndex), { ...DEPOSIT, l2ChainId: at.l2ChainId }, (row) => ({
    rollup: at.rollup,
    nonce: messageIndex,
    kind,
    l1BaseFee: baseFeeL1,
    sender: lower(sender),
    // The Inbox aliases every sender; the funds are the unaliased account's.
    from: row?.from ?? lower(undoL1ToL2Alias(sender)),
    token: row?.token ?? at.nativeToken,
    ...stage(event, "initiated"),
  }));
}

async function onInboxed({ event, context }: { event: InboxedEvent; context: Context }) {
  const at = await deploymentOf(context.db, context.chain.id, event.log.address);
  if (!at) return;
  const id = orbitDepositId(at.l2ChainId, event.args.messageNum);
  let ticketId: Hex | undefined;
  await updateIfFound<BridgeTransfer>(context.db, schema.bridgeTransfer, { id }, (row) => {
    const m = decodeInboxMessage(row.kind ?? -1, event.args.data);
    if (!m.ok) return {};
    if (m.kind === "ethDeposit") return { target: lower(m.to), to: lower(m.to), value: m.amount, amount: m.amount };
    if (m.kind === "retryable" && row.sender !== null && row.l1BaseFee !== null) {
      // The rollup names the deposit by the ticket id its submission transaction has.
      ticketId = retryableTicketId({ l2ChainId: at.l2ChainId, messageNum: event.args.messageNum, sender: row.sender, l1BaseFee: row.l1BaseFee, message: m });
      return { hash: ticketId, target: lower(m.to), to: lower(m.to), value: m.deposit, amount: m.l2CallValue };
    }
    if (m.kind === "l2FundedByL1") return { target: lower(m.to), to: lower(m.to), value: m.value, amount: m.value };
    return {};
  });
  if (ticketId) await linkTicket(context.db, at.l2ChainId, ticketId, id);
}

ponder.on("rollups/L1ERC20Gateway:DepositInitiated", async ({ event, context }) => {
  const bridge = tokenBridgeOf(context.chain.id, event.log.address);
  if (!bridge) return;
  const { l1Token, _from, _to, _sequenceNumber, _amount } = event.args;
  const l2ChainId = indexed.chainIdOf(bridge.chain);
  await updateIfFound(context.db, schema.bridgeTransfer, { id: orbitDepositId(l2ChainId, _sequenceNumber) }, {
    token: lower(l1Token),
    from: lower(_from),
    to: lower(_to),
    amount: _amount,
  });
});

ponder.on("rollups/ArbSys:L2ToL1Tx", async ({ event, context }) => {
  const { caller, destination, hash, position, callvalue } = event.args;
  await upsertTransfer(context.db, orbitWithdrawalId(context.chain.id, position), { ...WITHDRAWAL, l2ChainId: context.chain.id }, (row) => ({
    hash: toHex(hash, { size: 32 }),
    nonce: position,
    sender: lower(caller),
    target: lower(destination),
    value: callvalue,
    from: row?.from ?? lower(caller),
    to: row?.to ?? lower(destination),
    amount: row?.amount ?? callvalue,
    ...stage(event, "initiated"),
  }));
});

ponder.on("rollups/L2ERC20Gateway:WithdrawalInitiated", async ({ event, context }) => {
  if (!tokenBridgeOf(context.chain.id, event.log.address)) return;
  const { l1Token, _from, _to, _l2ToL1Id, _amount } = event.args;
  await upsertTransfer(context.db, orbitWithdrawalId(context.chain.id, _l2ToL1Id), { ...WITHDRAWAL, l2ChainId: context.chain.id }, () => ({
    token: lower(l1Token),
    from: lower(_from),
    to: lower(_to),
    amount: _amount,
  }));
});

async function onExecuted({ event, context }: { event: ExecutedEvent; context: Context }) {
  const at = await deploymentOf(context.db, context.chain.id, event.log.address);
  if (!at) return;
  // A send to a gateway moves a token (its WithdrawalInitiated names it); any other moves the gas token.
  const viaGateway = tokenBridgeOf(context.chain.id, event.args.to) !== undefined;
  await upsertTransfer(context.db, orbitWithdrawalId(at.l2ChainId, event.args.transactionIndex), { ...WITHDRAWAL, l2ChainId: at.l2ChainId }, (row) => ({
    rollup: at.rollup,
    token: row?.token ?? (viaGateway ? null : at.nativeToken),
    ...stage(event, "finalized"),
    success: true,
  }));
}

type ExecutedEvent = Parameters<Parameters<typeof ponder.on<"rollups/OrbitOutboxV3:OutBoxTransactionExecuted">>[1]>[0]["event"];

type DeliveredEvent = Parameters<Parameters<typeof ponder.on<"rollups/OrbitBridgeV3:MessageDelivered">>[1]>[0]["event"];
type InboxedEvent = Parameters<Parameters<typeof ponder.on<"rollups/OrbitInboxV3:InboxMessageDelivered">>[1]>[0]["event"];

// One handler per RollupCreated variant's source of the same contract.
for (const v of ["V3", "V2", "V1", "Oldest"] as const) {
  ponder.on(`rollups/OrbitBridge${v}:MessageDelivered`, onDelivered as never);
  ponder.on(`rollups/OrbitInbox${v}:InboxMessageDelivered`, onInboxed as never);
}
for (const v of ["V3", "V2", "V1"] as const) ponder.on(`rollups/OrbitOutbox${v}:OutBoxTransactionExecuted`, onExecuted as never);
