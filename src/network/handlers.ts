import { ponder } from "ponder:registry";
import { chain } from "ponder:schema";
import { indexed } from "./indexed";

/** Every chain of the manifest gets its row, whether or not it has a Mailbox. */
ponder.on("network/Chain:block", async ({ context }) => {
  const c = indexed.chain(context.chain.id);
  await context.db
    .insert(chain)
    .values({
      chainId: c.chainId,
      name: c.name,
      domainId: c.domainId,
      stack: c.stack,
      settlesOn: c.settlesOn === undefined ? null : indexed.chainIdOf(c.settlesOn),
    })
    .onConflictDoNothing();
});
