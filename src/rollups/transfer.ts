import type { Context } from "ponder:registry";
import schema from "ponder:schema";
import { upsertSides } from "../store";
import type { Funds } from "./opMessage";

export type BridgeTransfer = typeof schema.bridgeTransfer.$inferSelect;
type Status = BridgeTransfer["status"];

/** The stage a transfer has reached, from its columns alone (so either side may come first). */
export function transferStatus(t: Pick<BridgeTransfer, "provenTxHash" | "finalizedTxHash" | "success">): Status {
  if (t.finalizedTxHash !== null) return t.success === false ? "failed" : "finalized";
  return t.provenTxHash !== null ? "proven" : "initiated";
}

const BLANK = {
  rollup: null, hash: null, nonce: null, sender: null, target: null, kind: null, l1BaseFee: null, value: null, token: null, l2Token: null, from: null, to: null, amount: null,
  initiatedTxHash: null, initiatedBlock: null, initiatedTimestamp: null,
  provenTxHash: null, provenBlock: null, provenTimestamp: null,
  finalizedTxHash: null, finalizedBlock: null, finalizedTimestamp: null, success: null,
};

export const upsertTransfer = (
  db: Context["db"],
  id: string,
  base: Pick<BridgeTransfer, "stack" | "direction" | "l2ChainId">,
  change: (row: BridgeTransfer | undefined) => Partial<BridgeTransfer>,
) =>
  upsertSides<BridgeTransfer>(db, schema.bridgeTransfer, id, { ...BLANK, ...base, status: "initiated" }, (row) => ({ status: transferStatus(row) }), change);

const lower = (a: string) => a.toLowerCase() as `0x${string}`;

/** The funds columns of a transfer, addresses in lower case. */
export const fundsColumns = (f: Funds) => ({ token: lower(f.token), l2Token: f.l2Token && lower(f.l2Token), from: lower(f.from), to: lower(f.to), amount: f.amount });
