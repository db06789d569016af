import type { Domain } from "../domain";
import { deployed } from "../messaging";
import type { MessagingManifest } from "../messaging/manifest";

/**
 * The Metalayer: Dispatches sent by a MetalayerRouter (named on its Hyperlane deployment) carry
 * a MetalayerMessage. It has no Ponder source of its own: it listens to the Mailbox's dispatches.
 */
export const metalayer = {
  name: "metalayer" as const,
  known: (manifest) => deployed(manifest, "metalayerRouter"),
  api: async () => (await import("./api")).api,
} satisfies Domain<MessagingManifest>;
