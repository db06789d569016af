import { ponder } from "ponder:registry";
import schema from "ponder:schema";
import { zeroAddress } from "viem";
import { indexed } from "../network/indexed";
import { rollupId } from "./registry";
import { type ConfigUpdate, decodeConfigUpdate } from "./systemConfig";

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

ponder.on("rollups/SystemConfig:ConfigUpdate", async ({ event, context }) => {
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
  await context.db
    .insert(schema.rollupConfig)
    .values({ id, ...set, updates: 1 })
    .onConflictDoUpdate((row) => ({ ...set, updates: row.updates + 1 }));
});
