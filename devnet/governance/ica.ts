import { type Address, encodeFunctionData, getAddress, type Hex, isAddressEqual, pad, zeroAddress } from "viem";
import { DEPLOYER, devnetAccount } from "../accounts";
import type { DevChain } from "../network";
import { deployContract, transact } from "../transact";
import { checkGovernanceAbisOnce, governanceAbi } from "./abi";
import { governanceArtifacts } from "./artifacts";

/**
 * Hyperlane interchain accounts from the real InterchainAccountRouter: one router per chain,
 * all enrolled with each other. A router dispatches through its hook, and hook 0 means the
 * Mailbox's default hook, the IGP: a `callRemote` paid with the router's `quoteGasPayment`
 * pays the IGP for that message in the same transaction, which is what the devnet relayer
 * waits for before it delivers.
 */

/** The CCIP-read ISM of commit-reveal calls wants at least one URL; the devnet never reveals. */
const COMMITMENT_URLS = ["http://127.0.0.1:1/unused"];
/** The router's estimate of a commit transaction's gas; only the commit-reveal quotes use it. */
const COMMIT_TX_GAS_USAGE = 100_000n;

export type InterchainAccountRouterContracts = { router: Address; domainId: number; startBlock: number };

export const bytes32 = (address: Address): Hex => pad(address, { size: 32 });

export async function deployInterchainAccountRouters(
  chains: readonly DevChain[],
  options: { deployer?: number } = {},
): Promise<Record<string, InterchainAccountRouterContracts>> {
  checkGovernanceAbisOnce();
  const deployer = options.deployer ?? DEPLOYER;
  const owner = devnetAccount(deployer).address;
  const deployed = await Promise.all(
    chains.map(async (chain) => {
      const { address, receipt } = await deployContract(chain, deployer, governanceArtifacts.InterchainAccountRouter(), [
        chain.hyperlane.mailbox,
        zeroAddress,
        owner,
        COMMIT_TX_GAS_USAGE,
        COMMITMENT_URLS,
      ]);
      return [chain.name, { router: address, domainId: chain.domainId, startBlock: Number(receipt.blockNumber) }] as const;
    }),
  );
  const routers = Object.fromEntries(deployed);
  await Promise.all(
    chains.map((chain) => {
      const remotes = Object.entries(routers).filter(([name]) => name !== chain.name);
      const data = encodeFunctionData({
        abi: governanceAbi.interchainAccountRouter,
        functionName: "enrollRemoteRouters",
        args: [remotes.map(([, r]) => r.domainId), remotes.map(([, r]) => bytes32(r.router))],
      });
      return transact(chain, deployer, { to: routers[chain.name]!.router, data });
    }),
  );
  return routers;
}

export class InterchainAccountMismatchError extends Error {
  override name = "InterchainAccountMismatchError";
}

/**
 * The account `owner` on `origin` controls on `destination`: the origin router's prediction,
 * checked against the destination router's own derivation (no ISM override, no salt).
 */
export async function interchainAccountOf(
  origin: DevChain,
  destination: DevChain,
  routers: Record<string, InterchainAccountRouterContracts>,
  owner: Address,
): Promise<Address> {
  const originRouter = routers[origin.name]!.router;
  const predicted = await origin.publicClient.readContract({
    address: originRouter,
    abi: governanceAbi.interchainAccountRouter,
    functionName: "getRemoteInterchainAccount",
    args: [destination.domainId, owner],
  });
  const local = await destination.publicClient.readContract({
    address: routers[destination.name]!.router,
    abi: governanceAbi.interchainAccountRouter,
    functionName: "getLocalInterchainAccount",
    args: [origin.domainId, owner, originRouter, zeroAddress],
  });
  if (!isAddressEqual(predicted, local)) {
    throw new InterchainAccountMismatchError(
      `${origin.name} predicts ${predicted} as ${owner}'s account on ${destination.name}, whose router derives ${local}`,
    );
  }
  return getAddress(local);
}

/** One call an interchain account makes: CallLib.Call, the target as bytes32. */
export type RemoteCall = { to: Address; data: Hex; value?: bigint };

/**
 * The (target, value, calldata) of a proposal action that makes the timelock's account on
 * `destination` run `calls`: `callRemote` on the origin router, paid exactly its IGP quote
 * (any excess would be refunded to the router, not to the timelock).
 */
export async function remoteCallAction(
  origin: DevChain,
  destination: DevChain,
  routers: Record<string, InterchainAccountRouterContracts>,
  calls: readonly RemoteCall[],
): Promise<{ target: Address; value: bigint; calldata: Hex }> {
  const router = routers[origin.name]!.router;
  const value = await origin.publicClient.readContract({
    address: router,
    abi: governanceAbi.interchainAccountRouter,
    functionName: "quoteGasPayment",
    args: [destination.domainId],
  });
  const calldata = encodeFunctionData({
    abi: governanceAbi.interchainAccountRouter,
    functionName: "callRemote",
    args: [destination.domainId, calls.map((c) => ({ to: bytes32(c.to), value: c.value ?? 0n, data: c.data }))],
  });
  return { target: router, value, calldata };
}
