import type { Context } from "ponder:registry";
import { metalayerMessage } from "ponder:schema";
import type { Hex } from "viem";
import type { Dispatched } from "../messaging/dispatched";
import { onDispatch } from "../messaging/listeners";
import { indexed } from "../network/indexed";
import { decodeMetalayerMessage } from "./message";

const routers = new Set(
  indexed.manifest.chains.flatMap((chain) =>
    chain.deployments.flatMap((d) => (d.metalayerRouter ? [`${chain.chainId}:${d.metalayerRouter}`] : [])),
  ),
);

/** What an application on the Metalayer learns of a message its router sent: the app that sent it. */
export type MetalayerDispatched = Dispatched & { app: Hex };
type Listener = (context: Context, dispatched: MetalayerDispatched) => Promise<void>;
const listeners: Listener[] = [];

/** For applications on the Metalayer (MetaERC20): the messages their own contracts sent through a router. */
export const onMetalayerDispatch = (listener: Listener) => void listeners.push(listener);

/** A Dispatch whose sender is a configured MetalayerRouter: its body is a MetalayerMessage. */
onDispatch(async (context, d) => {
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
  for (const listener of listeners) await listener(context, { ...d, app: header.sender });
});
