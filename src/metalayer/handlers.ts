import type { Context } from "ponder:registry";
import { metalayerMessage } from "ponder:schema";
import type { Dispatched } from "../messaging/dispatched";
import { indexed } from "../network/indexed";
import { onMetaERC20Dispatch } from "../tokens/metaerc20";
import { decodeMetalayerMessage } from "./message";

const routers = new Set(
  indexed.manifest.chains.flatMap((chain) =>
    chain.deployments.flatMap((d) => (d.metalayerRouter ? [`${chain.chainId}:${d.metalayerRouter}`] : [])),
  ),
);

/** A Dispatch whose sender is a configured MetalayerRouter: its body is a MetalayerMessage. */
export async function onMetalayerDispatch(context: Context, d: Dispatched) {
  if (!routers.has(`${d.chainId}:${d.sender}`)) return;
  const decoded = d.body === null ? { ok: false as const, error: "the Hyperlane message is malformed" } : decodeMetalayerMessage(d.body);
  const row = { messageId: d.id, router: d.sender, originChainId: d.chainId };
  if (!decoded.ok) {
    await context.db.insert(metalayerMessage).values({ ...row, malformed: true, decodeError: decoded.error });
    return;
  }
  const { ok: _, reads, writeCallData, ...header } = decoded;
  await context.db.insert(metalayerMessage).values({
    ...row,
    ...header,
    malformed: false,
    readCount: reads.length,
    reads,
    writeCallData,
  });
  await onMetaERC20Dispatch(context, d.id, d.txHash, header.sender);
}
