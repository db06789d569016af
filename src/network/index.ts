import type { Domain } from "../domain";
import { chainFields, checkChains, type ManifestView } from "./chain";

/** The chains themselves: a `chain` row for every chain of the manifest, whatever runs on it. */
export const network = {
  name: "network" as const,
  manifest: { chain: chainFields, check: checkChains },
} satisfies Domain<ManifestView>;
