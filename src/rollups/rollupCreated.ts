import { type Address, decodeEventLog, getAddress, type Hex, toEventSelector, zeroAddress } from "viem";
import { RollupCreatorAbi } from "../../abis/RollupCreator";

/** Which RollupCreated an Orbit RollupCreator emitted (protocols.md section 3). */
export type RollupCreatedVariant = "v3" | "v1.1-2" | "v1.0" | "oldest";

/**
 * Every variant in one shape. Fields a variant does not carry are null; nativeToken is the
 * zero address (ETH gas) for the variants from before custom gas tokens.
 */
export type RollupCreated = {
  variant: RollupCreatedVariant;
  rollup: Address;
  nativeToken: Address;
  inbox: Address;
  outbox: Address | null;
  rollupEventInbox: Address | null;
  challengeManager: Address | null;
  adminProxy: Address;
  sequencerInbox: Address;
  bridge: Address;
  upgradeExecutor: Address | null;
  validatorUtils: Address | null;
  validatorWalletCreator: Address | null;
};

export type DecodedRollupCreated = ({ ok: true } & RollupCreated) | { ok: false; error: string };

/** The ABI lists the variants newest first. */
const VARIANT_BY_TOPIC0 = new Map<Hex, RollupCreatedVariant>(
  (["v3", "v1.1-2", "v1.0", "oldest"] as const).map((variant, i) => [toEventSelector(RollupCreatorAbi[i] as never), variant]),
);

const orNull = (value: unknown) => (typeof value === "string" ? getAddress(value) : null);

export function decodeRollupCreated(log: { topics: readonly Hex[]; data: Hex }): DecodedRollupCreated {
  const variant = VARIANT_BY_TOPIC0.get(log.topics[0]?.toLowerCase() as Hex);
  if (!variant) return { ok: false, error: `topic0 ${log.topics[0]} is not a RollupCreated of any known variant` };
  let decoded: { args: Record<string, unknown> };
  try {
    decoded = decodeEventLog({ abi: RollupCreatorAbi, topics: log.topics as [Hex, ...Hex[]], data: log.data, strict: true }) as never;
  } catch (error) {
    return { ok: false, error: `RollupCreated (${variant}) does not decode: ${(error as Error).message.split("\n")[0]}` };
  }
  const a = decoded.args;
  return {
    ok: true,
    variant,
    rollup: getAddress(a.rollupAddress as Address),
    nativeToken: orNull(a.nativeToken) ?? zeroAddress,
    inbox: getAddress(a.inboxAddress as Address),
    outbox: orNull(a.outbox),
    rollupEventInbox: orNull(a.rollupEventInbox),
    challengeManager: orNull(a.challengeManager),
    adminProxy: getAddress(a.adminProxy as Address),
    sequencerInbox: getAddress(a.sequencerInbox as Address),
    bridge: getAddress(a.bridge as Address),
    upgradeExecutor: orNull(a.upgradeExecutor),
    validatorUtils: orNull(a.validatorUtils),
    validatorWalletCreator: orNull(a.validatorWalletCreator),
  };
}
