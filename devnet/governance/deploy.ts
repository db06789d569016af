import { type Address, encodeFunctionData, isAddressEqual } from "viem";
import { DEPLOYER } from "../accounts";
import { artifacts } from "../artifacts";
import type { DevChain, Network } from "../network";
import { deployContract, transact } from "../transact";
import { governanceAbi } from "./abi";
import { deploySettlementGovernance, type EraToken, type GovernanceSettings, type SettlementGovernance } from "./contracts";
import { deployInterchainAccountRouters, type InterchainAccountRouterContracts, interchainAccountOf } from "./ica";

/**
 * Governance over the whole devnet: the settlement chain's Governor and timelock, and through
 * the timelock's interchain accounts, the rollups. What the timelock owns on the settlement
 * chain it owns directly; what it owns on a rollup, its account there owns.
 */

/** Ownable contracts (one-step `transferOwnership`, owned by the deployer) per chain name. */
export type OwnablesByChain = Record<string, readonly Address[]>;

export type OwnedContract = { contract: Address; owner: Address; what: string };

export type GovernanceDeployment = SettlementGovernance & {
  /** The chain the Governor lives on. */
  chain: string;
  interchainAccountRouters: Record<string, InterchainAccountRouterContracts>;
  /** The timelock's interchain account on every other chain (deployed on its first message). */
  interchainAccounts: Record<string, Address>;
  /** A TestIsm per rollup, unused until a proposal makes it the rollup Mailbox's default ISM. */
  spareIsms: Record<string, Address>;
  /** Per chain: what governance owns after deployment. */
  owned: Record<string, OwnedContract[]>;
};

export type GovernanceOptions = {
  ownables?: OwnablesByChain;
  settings?: GovernanceSettings;
  /** An ERA token already deployed (deployEraToken) instead of a new one. */
  token?: EraToken;
  deployer?: number;
  onProgress?: (line: string) => void;
};

export class OwnershipNotTakenError extends Error {
  override name = "OwnershipNotTakenError";
}

export function settlementChainOf(network: Pick<Network, "chains">): DevChain {
  const chain = network.chains.find((c) => c.stack === "settlement");
  if (!chain) throw new Error(`governance lives on the settlement chain; this network has only ${network.chains.map((c) => `${c.name} (${c.stack})`).join(", ")}`);
  return chain;
}

async function handOver(chain: DevChain, deployer: number, items: { contract: Address; what: string }[], owner: Address): Promise<OwnedContract[]> {
  const owned: OwnedContract[] = [];
  for (const { contract, what } of items) {
    await transact(chain, deployer, { to: contract, data: encodeFunctionData({ abi: governanceAbi.ownable, functionName: "transferOwnership", args: [owner] }) });
    const now = await chain.publicClient.readContract({ address: contract, abi: governanceAbi.ownable, functionName: "owner" });
    // An Ownable2Step would still show the deployer here: its new owner must accept first.
    if (!isAddressEqual(now, owner)) throw new OwnershipNotTakenError(`${what} ${contract} on ${chain.name} is owned by ${now} after transferOwnership(${owner})`);
    owned.push({ contract, owner, what });
  }
  return owned;
}

export async function deployGovernance(network: Network, options: GovernanceOptions = {}): Promise<GovernanceDeployment> {
  const progress = options.onProgress ?? (() => undefined);
  const deployer = options.deployer ?? DEPLOYER;
  const settlement = settlementChainOf(network);
  const rollups = network.chains.filter((c) => c !== settlement);
  const known = new Set(network.chains.map((c) => c.name));
  for (const name of Object.keys(options.ownables ?? {})) {
    if (!known.has(name)) throw new Error(`ownables: no devnet chain named ${JSON.stringify(name)}; the chains are ${[...known].join(", ")}`);
  }

  progress(`deploying the ERA token, timelock and Governor on ${settlement.name}…`);
  const [governance, interchainAccountRouters] = await Promise.all([
    deploySettlementGovernance(settlement, { token: options.token, settings: options.settings, deployer }),
    (async () => {
      progress("deploying the interchain account routers…");
      return deployInterchainAccountRouters(network.chains, { deployer });
    })(),
  ]);

  const interchainAccounts: Record<string, Address> = {};
  const spareIsms: Record<string, Address> = {};
  const owned: Record<string, OwnedContract[]> = {};
  owned[settlement.name] = [
    { contract: governance.proxyAdmin, owner: governance.timelock, what: "ProxyAdmin" },
    { contract: governance.gasOracle, owner: governance.timelock, what: "StorageGasOracle" },
    ...(await handOver(
      settlement,
      deployer,
      (options.ownables?.[settlement.name] ?? []).map((contract) => ({ contract, what: "ownable" })),
      governance.timelock,
    )),
  ];
  const perRollup = await Promise.all(
    rollups.map(async (rollup) => {
      const account = await interchainAccountOf(settlement, rollup, interchainAccountRouters, governance.timelock);
      const spareIsm = (await deployContract(rollup, deployer, artifacts.TestIsm())).address;
      const items = [
        { contract: rollup.hyperlane.mailbox, what: "Mailbox" },
        ...(options.ownables?.[rollup.name] ?? []).map((contract) => ({ contract, what: "ownable" })),
      ];
      return { rollup, account, spareIsm, owned: await handOver(rollup, deployer, items, account) };
    }),
  );
  // Filled in chain order, whichever chain finished first.
  for (const { rollup, account, spareIsm, owned: rollupOwned } of perRollup) {
    interchainAccounts[rollup.name] = account;
    spareIsms[rollup.name] = spareIsm;
    owned[rollup.name] = rollupOwned;
  }
  progress(`governance: Governor ${governance.governor}, timelock ${governance.timelock}; rollup Mailboxes owned by its interchain accounts`);
  return { ...governance, chain: settlement.name, interchainAccountRouters, interchainAccounts, spareIsms, owned };
}
