import { count, eq } from "ponder";
import schema from "ponder:schema";
import type { Hex } from "viem";
import { db } from "../api/db";
import { z } from "zod";
import { account } from "../api/params";
import { accountOut, address, hex, int } from "../api/shapes";
import type { DomainApi } from "../domain";
import { addMessagePart } from "../messaging/queries";
import { FINALITY } from "./message";

const { metalayerMessage, message } = schema;
type MetalayerRow = typeof metalayerMessage.$inferSelect;
const PRESENTED = ["router", "malformed", "decodeError", "version", "finality", "nonce", "sender", "recipient", "reads", "writeCallData"] as const;

/** The app-level header a MetalayerRouter's message carries, beside the message itself. */
addMessagePart({
  name: "metalayer",
  // What it presents, the router (never null) first: a message without a header reads null.
  columns: Object.fromEntries(PRESENTED.map((column) => [column, metalayerMessage[column]])),
  join: (query) => query.leftJoin(metalayerMessage, eq(metalayerMessage.messageId, message.id)),
  present: (meta: Pick<MetalayerRow, (typeof PRESENTED)[number]> | null) =>
    meta
      ? meta.malformed
        ? { malformed: { error: meta.decodeError }, router: meta.router }
        : {
            router: meta.router,
            version: meta.version,
            finality: meta.finality,
            nonce: meta.nonce,
            sender: meta.sender,
            recipient: meta.recipient,
            reads: meta.reads,
            writeCallData: meta.writeCallData,
          }
      : null,
  schema: z
    .union([
      z.object({ malformed: z.object({ error: z.string().nullable() }), router: address }),
      z.object({
        router: address,
        version: int.nullable(),
        finality: z.enum(FINALITY).nullable(),
        nonce: int.nullable(),
        sender: accountOut.nullable(),
        recipient: accountOut.nullable(),
        reads: z.array(z.object({ domain: int, target: accountOut, callData: hex })).nullable(),
        writeCallData: hex.nullable(),
      }),
    ])
    .nullable()
    .describe("the Metalayer header, when a MetalayerRouter sent the message"),
  // The app on either side of a Metalayer message, not the router the Mailbox sees.
  filters: {
    appSender: { field: account, where: (value) => eq(metalayerMessage.sender, value) },
    appRecipient: { field: account, where: (value) => eq(metalayerMessage.recipient, value) },
  },
});

const tally = async (column: typeof metalayerMessage.sender | typeof metalayerMessage.recipient, address: Hex) =>
  (await db.select({ n: count() }).from(metalayerMessage).where(eq(column, address)))[0]!.n;

/** What Metalayer messages say of an account: the apps it sent to and received from. */
export const api: DomainApi = {
  shapes: { account: { metalayer: z.object({ sent: int, received: int }).describe("Metalayer messages it sent and received as the app") } },
  async searchAccount(address) {
    const [sent, received] = await Promise.all([tally(metalayerMessage.sender, address), tally(metalayerMessage.recipient, address)]);
    return {
      total: sent + received,
      facts: { metalayer: { sent, received } },
      href: { metalayerSent: `/api/messages?appSender=${address}`, metalayerReceived: `/api/messages?appRecipient=${address}` },
    };
  },
};
