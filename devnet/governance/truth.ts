import type { Address, Hex } from "viem";
import { operationStateName, type OperationState, type ProposalState, proposalStateName } from "../../src/governance/state";
import type { Tally } from "../../src/governance/tally";
import type { ChainClients } from "../clients";
import { governanceAbi } from "./abi";
import { addressInSlot, ERC1967_ADMIN_SLOT, ERC1967_IMPLEMENTATION_SLOT } from "./contracts";

/**
 * Ground truth for tests: the contracts' own views, optionally at a past block. Nothing here
 * derives anything; what the indexer derives is compared with these.
 */

type At = { blockNumber?: bigint };
type Reader = Pick<ChainClients, "publicClient">;

const read = <T>(chain: Reader, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[], at: At) =>
  chain.publicClient.readContract({ address, abi: abi as never, functionName: functionName as never, args: args as never, ...at }) as Promise<T>;

export const governorTruth = (chain: Reader, governor: Address) => ({
  state: async (proposalId: bigint, at: At = {}): Promise<ProposalState> =>
    proposalStateName(await read<number>(chain, governor, governanceAbi.governor, "state", [proposalId], at)),
  proposalVotes: async (proposalId: bigint, at: At = {}): Promise<Tally> => {
    const [againstVotes, forVotes, abstainVotes] = await read<readonly [bigint, bigint, bigint]>(chain, governor, governanceAbi.governor, "proposalVotes", [proposalId], at);
    return { againstVotes, forVotes, abstainVotes };
  },
  quorum: (timepoint: bigint, at: At = {}) => read<bigint>(chain, governor, governanceAbi.governor, "quorum", [timepoint], at),
  quorumNumerator: (timepoint: bigint, at: At = {}) => read<bigint>(chain, governor, governanceAbi.governor, "quorumNumerator", [timepoint], at),
  proposalSnapshot: (proposalId: bigint, at: At = {}) => read<bigint>(chain, governor, governanceAbi.governor, "proposalSnapshot", [proposalId], at),
  proposalDeadline: (proposalId: bigint, at: At = {}) => read<bigint>(chain, governor, governanceAbi.governor, "proposalDeadline", [proposalId], at),
  proposalEta: (proposalId: bigint, at: At = {}) => read<bigint>(chain, governor, governanceAbi.governor, "proposalEta", [proposalId], at),
  hasVoted: (proposalId: bigint, voter: Address, at: At = {}) => read<boolean>(chain, governor, governanceAbi.governor, "hasVoted", [proposalId, voter], at),
  clock: async (at: At = {}) => BigInt(await read<number>(chain, governor, governanceAbi.governor, "clock", [], at)),
});

export const tokenTruth = (chain: Reader, token: Address) => ({
  getVotes: (account: Address, at: At = {}) => read<bigint>(chain, token, governanceAbi.token, "getVotes", [account], at),
  getPastVotes: (account: Address, timepoint: bigint, at: At = {}) => read<bigint>(chain, token, governanceAbi.token, "getPastVotes", [account, timepoint], at),
  getPastTotalSupply: (timepoint: bigint, at: At = {}) => read<bigint>(chain, token, governanceAbi.token, "getPastTotalSupply", [timepoint], at),
  delegates: (account: Address, at: At = {}) => read<Address>(chain, token, governanceAbi.token, "delegates", [account], at),
  balanceOf: (account: Address, at: At = {}) => read<bigint>(chain, token, governanceAbi.token, "balanceOf", [account], at),
});

export const timelockTruth = (chain: Reader, timelock: Address) => ({
  getOperationState: async (operationId: Hex, at: At = {}): Promise<OperationState> =>
    operationStateName(await read<number>(chain, timelock, governanceAbi.timelock, "getOperationState", [operationId], at)),
  getMinDelay: (at: At = {}) => read<bigint>(chain, timelock, governanceAbi.timelock, "getMinDelay", [], at),
  hasRole: (role: Hex, account: Address, at: At = {}) => read<boolean>(chain, timelock, governanceAbi.timelock, "hasRole", [role, account], at),
});

export const ownerOf = (chain: Reader, contract: Address, at: At = {}) => read<Address>(chain, contract, governanceAbi.ownable, "owner", [], at);

export const defaultIsmOf = (chain: Reader, mailbox: Address, at: At = {}) => read<Address>(chain, mailbox, governanceAbi.mailbox, "defaultIsm", [], at);

export const hookOf = (chain: Reader, client: Address, at: At = {}) => read<Address>(chain, client, governanceAbi.mailboxClient, "hook", [], at);

/** The ERC-1967 implementation slot, read with eth_getStorageAt: what the proxy delegates to. */
export async function implementationOf(chain: Reader, proxy: Address, at: At = {}): Promise<Address> {
  return addressInSlot(await chain.publicClient.getStorageAt({ address: proxy, slot: ERC1967_IMPLEMENTATION_SLOT, ...at }));
}

export async function proxyAdminOf(chain: Reader, proxy: Address, at: At = {}): Promise<Address> {
  return addressInSlot(await chain.publicClient.getStorageAt({ address: proxy, slot: ERC1967_ADMIN_SLOT, ...at }));
}
