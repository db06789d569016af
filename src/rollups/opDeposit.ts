import { type Context, ponder } from "ponder:registry";
import { type Hex, keccak256, zeroAddress } from "viem";
import { getL2TransactionHash } from "viem/op-stack";
import { applyL1ToL2Alias } from "./alias";
import { decodeDepositOpaqueData } from "./depositTransaction";
import { decodeRelayMessage, L2_CROSS_DOMAIN_MESSENGER, messageFunds } from "./opMessage";
import { namedRollupOf, portalOf } from "./opWithdrawal";
import { fundsColumns, upsertTransfer } from "./transfer";

/**
 * OP deposits. The parent side is the portal's TransactionDeposited: one per deposit, whether it
 * came through the messenger (and the standard bridge) or straight to the portal, so the bridge's
 * legacy and new events of one transfer are one row. A messenger deposit's data is the L2
 * messenger's relayMessage call, whose keccak is the msgHash its RelayedMessage carries on the
 * rollup (Hashing.hashCrossDomainMessageV1); a bare deposit is keyed by its L2 transaction hash.
 */
const BASE = { stack: "opstack" as const, direction: "deposit" as const };
const lower = (a: string) => a.toLowerCase() as Hex;

async function onDeposited({ event, context }: { event: DepositedEvent; context: Context }) {
  const at = await portalOf(context.db, context.chain.id, event.log.address);
  const tx = decodeDepositOpaqueData(event.args.opaqueData);
  if (!at || event.args.version !== 0n || !tx.ok) return;
  const { from, to } = event.args;
  const viaMessenger = at.messenger !== undefined && lower(to) === L2_CROSS_DOMAIN_MESSENGER && lower(from) === lower(applyL1ToL2Alias(at.messenger as Hex));
  const relay = viaMessenger ? decodeRelayMessage(tx.data) : undefined;
  const hash = relay
    ? keccak256(tx.data)
    : getL2TransactionHash({ log: { blockHash: event.block.hash, logIndex: event.log.logIndex, args: event.args } as never });
  const funds = relay ? messageFunds(relay, "deposit") : { token: zeroAddress, l2Token: null, from, to, amount: tx.mint };
  await upsertTransfer(context.db, `${at.l2ChainId}:${hash}`, { ...BASE, l2ChainId: at.l2ChainId }, () => ({
    rollup: at.rollup,
    hash,
    nonce: relay?.nonce ?? null,
    sender: lower(relay?.sender ?? from),
    target: lower(relay?.target ?? to),
    value: relay?.value ?? tx.mint,
    ...fundsColumns(funds),
    initiatedTxHash: event.transaction.hash,
    initiatedBlock: event.block.number,
    initiatedTimestamp: Number(event.block.timestamp),
  }));
}

/** The rollup side: the L2 messenger relays the message (RelayedMessage), or fails to (FailedRelayedMessage, replayable). */
async function onRelayed(success: boolean, { event, context }: { event: RelayedEvent; context: Context }) {
  const { msgHash } = event.args;
  await upsertTransfer(context.db, `${context.chain.id}:${msgHash}`, { ...BASE, l2ChainId: context.chain.id }, (row) =>
    // A replay that succeeds ends the transfer; a failure after it cannot happen, nor undo it.
    row?.success === true
      ? {}
      : {
          rollup: row?.rollup ?? namedRollupOf(context.chain.id),
          hash: msgHash,
          finalizedTxHash: event.transaction.hash,
          finalizedBlock: event.block.number,
          finalizedTimestamp: Number(event.block.timestamp),
          success,
        },
  );
}

type DepositedEvent = Parameters<Parameters<typeof ponder.on<"rollups/OptimismPortal:TransactionDeposited">>[1]>[0]["event"];
type RelayedEvent = Parameters<Parameters<typeof ponder.on<"rollups/L2CrossDomainMessenger:RelayedMessage">>[1]>[0]["event"];

for (const name of ["OptimismPortal", "AnnouncedOptimismPortal2024", "AnnouncedOptimismPortal2025"] as const) {
  ponder.on(`rollups/${name}:TransactionDeposited`, onDeposited as never);
}
ponder.on("rollups/L2CrossDomainMessenger:RelayedMessage", (args) => onRelayed(true, args as never));
ponder.on("rollups/L2CrossDomainMessenger:FailedRelayedMessage", (args) => onRelayed(false, args as never));
