import { ponder } from "ponder:registry";
import schema from "ponder:schema";
import { zeroAddress } from "viem";
import { addTo } from "../store";

/** An L2 token's supply: every mint (from address 0) and burn (to address 0), whoever made it. */
ponder.on("rollups/OpL2Token:Transfer", async ({ event, context }) => {
  const { from, to, value } = event.args;
  const delta = (to === zeroAddress ? -value : 0n) + (from === zeroAddress ? value : 0n);
  if (delta === 0n) return;
  const token = event.log.address.toLowerCase() as `0x${string}`;
  await addTo(context.db, schema.rollupTokenSupply, { id: `${context.chain.id}:${token}`, chainId: context.chain.id, token }, { supply: delta });
});
