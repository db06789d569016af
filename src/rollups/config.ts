import { type Context, ponder } from "ponder:registry";
import schema from "ponder:schema";
import { parseAbi, zeroAddress } from "viem";
import { indexed } from "../network/indexed";
import { rollupId } from "./registry";
import { type ConfigUpdate, decodeConfigUpdate } from "./systemConfig";

const unsafeSignerView = parseAbi(["function unsafeBlockSigner() view returns (address)"]);

type Config = Partial<typeof schema.rollupConfig.$inferInsert>;

/** The columns of the current configuration an update sets. */
export function configColumns(u: ConfigUpdate): Config {
  switch (u.type) {
    case "batcher":
      return { batcherHash: u.batcherHash };
    case "feeScalars":
      return { overhead: u.overhead, scalar: u.scalar };
    case "gasLimit":
      return { gasLimit: u.gasLimit };
    case "unsafeBlockSigner":
      return { unsafeBlockSigner: u.unsafeBlockSigner.toLowerCase() as `0x${string}` };
    case "eip1559Params":
      return { eip1559Denominator: u.denominator, eip1559Elasticity: u.elasticity };
    case "operatorFeeParams":
      return { operatorFeeScalar: u.operatorFeeScalar, operatorFeeConstant: u.operatorFeeConstant };
  }
}

const jsonable = (o: object) => JSON.parse(JSON.stringify(o, (_, v) => (typeof v === "bigint" ? v.toString() : v)));

/** An OP chain the manifest names (deployed before OPCM): its registry row, from the manifest. */
const namedOpChain = (chainId: number, systemConfig: string) =>
  indexed.manifest.opChains.find((o) => indexed.chainIdOf(o.parent) === chainId && o.systemConfig === systemConfig.toLowerCase());

async function onConfigUpdate({ event, context }: { event: ConfigUpdateEvent; context: Context }) {
  const id = rollupId(context.chain.id, event.log.address);
  const named = namedOpChain(context.chain.id, event.log.address);
  if (named) {
    const { parent, chain, l2ChainId, startBlock, ...contracts } = named;
    await context.db
      .insert(schema.rollup)
      .values({
        id,
        stack: "opstack",
        parentChainId: context.chain.id,
        l2ChainId,
        chainId: chain ? indexed.chainIdOf(chain) : null,
        variant: "manifest",
        nativeToken: zeroAddress,
        contracts: contracts as Record<string, string>,
      })
      .onConflictDoNothing();
  }
  const updateType = Number(event.args.updateType);
  const decoded = decodeConfigUpdate(updateType, event.args.data);
  const timestamp = Number(event.block.timestamp);
  await context.db.insert(schema.configUpdate).values({
    id: event.id,
    rollup: id,
    chainId: context.chain.id,
    type: decoded.ok ? decoded.type : null,
    updateType,
    data: event.args.data,
    value: decoded.ok ? jsonable(decoded) : null,
    decodeError: decoded.ok ? null : decoded.error,
    txHash: event.transaction.hash,
    blockNumber: event.block.number,
    timestamp,
    logIndex: event.log.logIndex,
  });
  const set = { ...(decoded.ok ? configColumns(decoded) : {}), updatedTimestamp: timestamp };
  const found = await context.db.find(schema.rollupConfig, { id });
  if (found) {
    await context.db.update(schema.rollupConfig, { id }).set({ ...set, updates: found.updates + 1 });
    return;
  }
  // initialize() sets the unsafe block signer without a ConfigUpdate (bedrock 0.17.3): read it once.
  const unsafeBlockSigner = await context.client.readContract({
    address: event.log.address,
    abi: unsafeSignerView,
    functionName: "unsafeBlockSigner",
    blockNumber: event.block.number,
  });
  await context.db.insert(schema.rollupConfig).values({ id, unsafeBlockSigner: unsafeBlockSigner.toLowerCase() as `0x${string}`, ...set, updates: 1 });
}

type ConfigUpdateEvent = Parameters<Parameters<typeof ponder.on<"rollups/SystemConfig:ConfigUpdate">>[1]>[0]["event"];

// Named by hand or announced by an OPCM: one handler, keyed by the emitting SystemConfig.
for (const name of ["SystemConfig", "AnnouncedSystemConfig2024", "AnnouncedSystemConfig2025"] as const) {
  ponder.on(`rollups/${name}:ConfigUpdate`, onConfigUpdate as never);
}
