import { type Address, erc20Abi, type Hex } from "viem";
import type { ChainClients } from "../clients";
import { bedrockArtifact, nitroArtifact } from "./artifacts";
import type { OrbitRollup } from "./orbit";
import type { OpStackRollup } from "./opstack";

/**
 * Ground truth for tests, read from the contracts' own views: what an indexer's rollup tables
 * must agree with, obtained without its decoders.
 */

const systemConfigAbi = () => bedrockArtifact("SystemConfig").abi;

export type SystemConfigState = {
  owner: Address;
  batcherHash: Hex;
  gasLimit: bigint;
  overhead: bigint;
  scalar: bigint;
  basefeeScalar: number;
  blobbasefeeScalar: number;
  unsafeBlockSigner: Address;
};

export async function readSystemConfig(parent: ChainClients, op: Pick<OpStackRollup, "systemConfig">): Promise<SystemConfigState> {
  const read = (functionName: string) => parent.publicClient.readContract({ address: op.systemConfig, abi: systemConfigAbi(), functionName });
  const [owner, batcherHash, gasLimit, overhead, scalar, basefeeScalar, blobbasefeeScalar, unsafeBlockSigner] = await Promise.all(
    ["owner", "batcherHash", "gasLimit", "overhead", "scalar", "basefeeScalar", "blobbasefeeScalar", "unsafeBlockSigner"].map(read),
  );
  return {
    owner: owner as Address,
    batcherHash: batcherHash as Hex,
    gasLimit: gasLimit as bigint,
    overhead: overhead as bigint,
    scalar: scalar as bigint,
    basefeeScalar: Number(basefeeScalar),
    blobbasefeeScalar: Number(blobbasefeeScalar),
    unsafeBlockSigner: unsafeBlockSigner as Address,
  };
}

/** What a bridge escrows on the parent chain: ETH of the Orbit Bridge or OP portal, or an ERC20 balance. */
export const ethBalanceOf = (clients: ChainClients, address: Address) => clients.publicClient.getBalance({ address });

export const tokenBalanceOf = (clients: ChainClients, token: Address, holder: Address) =>
  clients.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [holder] });

/** L1StandardBridge.deposits(l1Token, l2Token): the ERC20 it escrows for a route. */
export const opErc20Deposits = (parent: ChainClients, op: Pick<OpStackRollup, "l1StandardBridge">, l1Token: Address, l2Token: Address) =>
  parent.publicClient.readContract({ address: op.l1StandardBridge, abi: bedrockArtifact("L1StandardBridge").abi, functionName: "deposits", args: [l1Token, l2Token] }) as Promise<bigint>;

export type OpWithdrawalState = "unproven" | "proven" | "finalized";

/** OptimismPortal (0.17.3): provenWithdrawals(hash).timestamp and finalizedWithdrawals(hash). */
export async function opWithdrawalState(parent: ChainClients, op: Pick<OpStackRollup, "optimismPortal">, withdrawalHash: Hex): Promise<OpWithdrawalState> {
  const abi = bedrockArtifact("OptimismPortal").abi;
  const [finalized, proven] = await Promise.all([
    parent.publicClient.readContract({ address: op.optimismPortal, abi, functionName: "finalizedWithdrawals", args: [withdrawalHash] }) as Promise<boolean>,
    parent.publicClient.readContract({ address: op.optimismPortal, abi, functionName: "provenWithdrawals", args: [withdrawalHash] }) as Promise<readonly [Hex, bigint, bigint]>,
  ]);
  return finalized ? "finalized" : proven[1] > 0n ? "proven" : "unproven";
}

/** L2ToL1MessagePasser.sentMessages(hash) on the rollup: the withdrawal was initiated there. */
export const opWithdrawalSent = (rollup: ChainClients, passer: Address, withdrawalHash: Hex) =>
  rollup.publicClient.readContract({ address: passer, abi: bedrockArtifact("L2ToL1MessagePasser").abi, functionName: "sentMessages", args: [withdrawalHash] }) as Promise<boolean>;

/** L2OutputOracle: the outputs proposed so far and the L2 block of the last one. */
export async function opOutputs(parent: ChainClients, op: Pick<OpStackRollup, "l2OutputOracle">) {
  const abi = bedrockArtifact("L2OutputOracle").abi;
  const [nextOutputIndex, latestBlockNumber] = await Promise.all([
    parent.publicClient.readContract({ address: op.l2OutputOracle, abi, functionName: "nextOutputIndex" }) as Promise<bigint>,
    parent.publicClient.readContract({ address: op.l2OutputOracle, abi, functionName: "latestBlockNumber" }) as Promise<bigint>,
  ]);
  return { outputs: nextOutputIndex, latestBlockNumber };
}

/** Outbox.isSpent(position): the L2→L1 send was executed. */
export const orbitWithdrawalExecuted = (parent: ChainClients, orbit: Pick<OrbitRollup, "outbox">, position: bigint) =>
  parent.publicClient.readContract({ address: orbit.outbox, abi: nitroArtifact("v3", "bridge/Outbox").abi, functionName: "isSpent", args: [position] }) as Promise<boolean>;

/** Bridge.delayedMessageCount(): every delayed message (deposits included) the Inbox delivered. */
export const orbitDelayedMessageCount = (parent: ChainClients, orbit: Pick<OrbitRollup, "bridge">) =>
  parent.publicClient.readContract({ address: orbit.bridge, abi: nitroArtifact("v3", "bridge/Bridge").abi, functionName: "delayedMessageCount" }) as Promise<bigint>;

/** The rollup contract's own record of its L2 chain id and wiring (RollupCore views). */
export async function readOrbitRollup(parent: ChainClients, orbit: Pick<OrbitRollup, "rollup">) {
  const abi = nitroArtifact("v3", "rollup/RollupUserLogic").abi;
  const read = (functionName: string) => parent.publicClient.readContract({ address: orbit.rollup, abi, functionName }) as Promise<unknown>;
  const [chainId, bridge, inbox, outbox, sequencerInbox, rollupEventInbox, challengeManager] = await Promise.all(
    ["chainId", "bridge", "inbox", "outbox", "sequencerInbox", "rollupEventInbox", "challengeManager"].map(read),
  );
  return {
    chainId: chainId as bigint,
    bridge: bridge as Address,
    inbox: inbox as Address,
    outbox: outbox as Address,
    sequencerInbox: sequencerInbox as Address,
    rollupEventInbox: rollupEventInbox as Address,
    challengeManager: challengeManager as Address,
  };
}
