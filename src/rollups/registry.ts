import { ponder, type Context } from "ponder:registry";
import schema from "ponder:schema";
import { type Address, type Hex, parseAbi, zeroAddress } from "viem";
import { indexed } from "../network/indexed";
import { decodeDeployOutput, type OpcmVariant } from "./opcm";
import { decodeRollupCreated } from "./rollupCreated";

/** `parentChainId:anchor` (the Orbit Rollup contract, or the OP chain's SystemConfig), lower case. */
export const rollupId = (parentChainId: number, anchor: Address) => `${parentChainId}:${anchor.toLowerCase()}`;

/** The manifest chain with this chain id, if the manifest indexes it. */
const manifestChainId = (l2ChainId: number | null) =>
  l2ChainId !== null && indexed.manifest.chains.some((c) => c.chainId === l2ChainId) ? l2ChainId : null;

const lower = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).flatMap(([k, v]) => (typeof v === "string" && v.startsWith("0x") ? [[k, v.toLowerCase()]] : [])));

// RollupCore's view; RollupInitialized carries the same chain id, emitted in the creation transaction.
const rollupViews = parseAbi(["function chainId() view returns (uint256)"]);

type Event = { log: { address: Address; topics: readonly Hex[]; data: Hex }; block: { number: bigint; timestamp: bigint }; transaction: { hash: Hex } };

const creation = (event: Event) => ({
  creator: event.log.address.toLowerCase() as Hex,
  creationTxHash: event.transaction.hash,
  creationBlock: event.block.number,
  creationTimestamp: Number(event.block.timestamp),
});

async function onRollupCreated({ event, context }: { event: Event; context: Context }) {
  const decoded = decodeRollupCreated(event.log);
  if (!decoded.ok) return;
  const { ok: _, variant, nativeToken, ...contracts } = decoded;
  const l2ChainId = Number(
    await context.client.readContract({ address: decoded.rollup, abi: rollupViews, functionName: "chainId", blockNumber: event.block.number }),
  );
  await context.db
    .insert(schema.rollup)
    .values({
      id: rollupId(context.chain.id, decoded.rollup),
      stack: "orbit",
      parentChainId: context.chain.id,
      l2ChainId,
      chainId: manifestChainId(l2ChainId),
      variant,
      nativeToken: nativeToken.toLowerCase() as Hex,
      contracts: lower(contracts),
      ...creation(event),
    })
    .onConflictDoNothing();
  await recordContracts(context, rollupId(context.chain.id, decoded.rollup), l2ChainId, contracts);
}

/** What the deployment's contracts' events belong to, looked up by address when they come. */
async function recordContracts(context: Context, rollup: string, l2ChainId: number, contracts: Record<string, string | null>) {
  for (const [role, address] of Object.entries(contracts)) {
    if (address === null || address === zeroAddress) continue;
    await context.db
      .insert(schema.rollupContract)
      .values({ id: `${context.chain.id}:${address.toLowerCase()}`, rollup, l2ChainId, role })
      .onConflictDoNothing();
  }
}

for (const name of ["V3", "V2", "V1", "Oldest"] as const) {
  ponder.on(`rollups/RollupCreator${name}:RollupCreated`, onRollupCreated as never);
}

async function onDeployed(variant: OpcmVariant, event: Event & { args: { l2ChainId: bigint; deployOutput: Hex } }, context: Context) {
  const output = decodeDeployOutput(variant, event.args.deployOutput);
  if (!output.ok) return;
  const { ok: _, variant: __, ...contracts } = output;
  const l2ChainId = Number(event.args.l2ChainId);
  const rollup = rollupId(context.chain.id, output.systemConfigProxy);
  await context.db
    .insert(schema.rollup)
    .values({
      id: rollupId(context.chain.id, output.systemConfigProxy),
      stack: "opstack",
      parentChainId: context.chain.id,
      l2ChainId,
      chainId: manifestChainId(l2ChainId),
      variant,
      nativeToken: zeroAddress,
      contracts: lower(contracts),
      ...creation(event),
    })
    .onConflictDoNothing();
  await seedConfig(context, rollup, output.systemConfigProxy, event);
  await recordContracts(context, rollup, l2ChainId, contracts);
}

const systemConfigViews = parseAbi([
  "function batcherHash() view returns (bytes32)",
  "function gasLimit() view returns (uint64)",
  "function overhead() view returns (uint256)",
  "function scalar() view returns (uint256)",
  "function unsafeBlockSigner() view returns (address)",
]);

/**
 * An announced SystemConfig was initialised before its OPCM's Deployed, and Ponder's factory()
 * hands over only the child's logs after the announcement: its configuration then is read once.
 */
async function seedConfig(context: Context, id: string, address: Address, event: Event) {
  const read = (functionName: "batcherHash" | "gasLimit" | "overhead" | "scalar" | "unsafeBlockSigner") =>
    context.client.readContract({ address, abi: systemConfigViews, functionName, blockNumber: event.block.number } as never) as Promise<unknown>;
  const [batcherHash, gasLimit, overhead, scalar, unsafeBlockSigner] = await Promise.all([
    read("batcherHash"),
    read("gasLimit"),
    read("overhead"),
    read("scalar"),
    read("unsafeBlockSigner"),
  ]);
  await context.db
    .insert(schema.rollupConfig)
    .values({
      id,
      batcherHash: batcherHash as Hex,
      gasLimit: BigInt(gasLimit as bigint),
      overhead: overhead as bigint,
      scalar: scalar as bigint,
      unsafeBlockSigner: (unsafeBlockSigner as string).toLowerCase() as Hex,
      updatedTimestamp: Number(event.block.timestamp),
    })
    .onConflictDoNothing();
}

ponder.on("rollups/OPContractsManager2024:Deployed", ({ event, context }) => onDeployed("2024", event, context));
ponder.on("rollups/OPContractsManager2025:Deployed", ({ event, context }) => onDeployed("2025", event, context));
