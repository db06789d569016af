import { type Address, zeroAddress } from "viem";
import { DEPLOYER } from "../accounts";
import { artifacts } from "../artifacts";
import { type ChainSpec, chainNamed, type DevChain, type Network } from "../network";
import { deployContract } from "../transact";
import { type OpcmDeployment, type OpcmRecord, deployOpcm, recordInOpcm } from "./opcm";
import { type DeployedOpStack, deployOpStack } from "./opDeploy";
import { deployOpStackL1, opPredeploys } from "./opstack";
import { createOrbitRollup, deployOrbitCreatorV2, deployOrbitCreatorV3, deployStakeToken, type OrbitCreator, type OrbitRollup } from "./orbit";
import { installArbitrumPrecompiles } from "./relayOrbit";
import { type ArbitrumTokenBridge, deployArbitrumTokenBridge } from "./tokenBridge";

/**
 * Every rollup of a network, from its chain specs: each chain with `settlesOn` becomes a rollup
 * of that parent, Orbit ones created by a RollupCreator on the parent (one per parent chain),
 * OP Stack ones deployed contract by contract (as chains were before OPContractsManager).
 */

/** An L3: an Orbit rollup of an Orbit rollup. Not in defaultChains; add it to a network's chains. */
export const l3ChainSpec: ChainSpec = { name: "l3chain", chainId: 904, domainId: 904, stack: "orbit", settlesOn: "orbitchain" };

export type OrbitCreatorDeployment = OrbitCreator & { chain: string };

export type OrbitRollupDeployment = {
  stack: "orbit";
  /** The devnet chain that runs the rollup; undefined for a rollup created without a running chain. */
  chain?: string;
  parent: string;
  creator: OrbitCreatorDeployment;
  contracts: OrbitRollup;
  /** On every running rollup (the L1Orbit* gateways where gas is a token). */
  tokenBridge?: ArbitrumTokenBridge;
};

export type OpStackRollupDeployment = Omit<DeployedOpStack, "erc20Route"> & {
  stack: "opstack";
  /** The devnet chain that runs the rollup; undefined for one that exists only on its parent. */
  chain?: string;
  parent: string;
  /** Only on running rollups. */
  erc20Route?: DeployedOpStack["erc20Route"];
  /** The OPContractsManager fixture that announced it (Deployed), if one did. */
  opcm?: OpcmRecord;
};

export type RollupDeployment = OrbitRollupDeployment | OpStackRollupDeployment;

export type RollupsDeployment = {
  creators: OrbitCreatorDeployment[];
  /** OPContractsManager fixtures, by parent chain name. */
  opcms: (OpcmDeployment & { chain: string })[];
  rollups: RollupDeployment[];
  /** An ERC20Test per parent chain: the token of the ERC20 deposit routes. */
  testTokens: Record<string, Address>;
  /** Custom gas tokens by rollup chain name. */
  nativeTokens: Record<string, Address>;
};

export type DeployRollupsOptions = {
  /**
   * Custom gas tokens (an ERC20 on the parent chain) by rollup chain name. Without the option,
   * "rarichain" gets a freshly deployed ERC20Test ("ERA"), like its live namesake's own token.
   */
  nativeTokens?: Record<string, Address>;
  /**
   * On the first root chain, rollups nothing runs, for the older announcement formats (default
   * true): a 2.1.3 RollupCreator's rollup, and an OP Stack chain recorded in the 2024 OPCM.
   */
  legacyCreator?: boolean;
  /**
   * Whether the running OP chains are announced by the 2025 OPCM fixture (default true); when
   * false they are like chains deployed before OPCM, found only by a manifest naming them.
   */
  announceOpChains?: boolean;
  onProgress?: (line: string) => void;
};

const isOrbit = (chain: DevChain) => chain.stack === "orbit";

export async function deployRollups(network: Network, options: DeployRollupsOptions = {}): Promise<RollupsDeployment> {
  const progress = options.onProgress ?? (() => undefined);
  const children = network.chains.filter((chain) => chain.settlesOn !== undefined);
  // Before any creator: SequencerInbox asks 0x64 whether its host is Arbitrum (an L3's parent is).
  for (const chain of network.chains.filter(isOrbit)) await installArbitrumPrecompiles(chain);

  const parents = [...new Set(children.map((chain) => chain.settlesOn as string))].map((name) => chainNamed(network, name));
  const testTokens: Record<string, Address> = {};
  for (const parent of parents) {
    testTokens[parent.name] = (await deployContract(parent, DEPLOYER, artifacts.ERC20Test(), ["Devnet Token", "DVT", 10n ** 27n, 18])).address;
  }
  const nativeTokens: Record<string, Address> = { ...options.nativeTokens };
  if (!options.nativeTokens) {
    const rari = children.find((chain) => chain.name === "rarichain" && isOrbit(chain));
    if (rari) {
      const parent = chainNamed(network, rari.settlesOn as string);
      nativeTokens[rari.name] = (await deployContract(parent, DEPLOYER, artifacts.ERC20Test(), ["Era", "ERA", 10n ** 27n, 18])).address;
    }
  }

  const creators: OrbitCreatorDeployment[] = [];
  const stakeTokens = new Map<string, Address>();
  const creatorOn = async (parent: DevChain) => {
    const existing = creators.find((creator) => creator.chain === parent.name && creator.version === "3.2.0");
    if (existing) return existing;
    progress(`deploying the Orbit RollupCreator 3.2.0 on ${parent.name}…`);
    stakeTokens.set(parent.name, await deployStakeToken(parent));
    const creator = { ...(await deployOrbitCreatorV3(parent)), chain: parent.name };
    creators.push(creator);
    return creator;
  };

  const opcms: (OpcmDeployment & { chain: string })[] = [];
  const opcmOn = async (parent: DevChain, variant: "2024" | "2025") => {
    const existing = opcms.find((opcm) => opcm.chain === parent.name && opcm.variant === variant);
    if (existing) return existing;
    const opcm = { ...(await deployOpcm(parent, variant)), chain: parent.name };
    opcms.push(opcm);
    return opcm;
  };

  const rollups: RollupDeployment[] = [];
  for (const chain of children) {
    const parent = chainNamed(network, chain.settlesOn as string);
    if (isOrbit(chain)) {
      const creator = await creatorOn(parent);
      const nativeToken = nativeTokens[chain.name] ?? zeroAddress;
      progress(`creating Orbit rollup ${chain.name} (chain ${chain.chainId}) on ${parent.name}…`);
      const contracts = await createOrbitRollup(parent, creator, { chainId: chain.chainId, nativeToken, stakeToken: stakeTokens.get(parent.name) as Address });
      const tokenBridge = await deployArbitrumTokenBridge(parent, chain, contracts);
      rollups.push({ stack: "orbit", chain: chain.name, parent: parent.name, creator, contracts, tokenBridge });
    } else if (chain.stack === "opstack") {
      progress(`deploying OP Stack rollup ${chain.name} (chain ${chain.chainId}) on ${parent.name}…`);
      const deployed = await deployOpStack(parent, chain, { chainId: chain.chainId, l1Token: testTokens[parent.name] as Address });
      const opcm = options.announceOpChains === false ? undefined : await recordInOpcm(parent, await opcmOn(parent, "2025"), deployed.contracts);
      rollups.push({ stack: "opstack", chain: chain.name, parent: parent.name, ...deployed, ...(opcm ? { opcm } : {}) });
    }
  }

  const root = network.chains.find((chain) => chain.settlesOn === undefined);
  if (root && options.legacyCreator !== false) {
    progress(`deploying the Orbit RollupCreator 2.1.3 on ${root.name}…`);
    const creator = { ...(await deployOrbitCreatorV2(root)), chain: root.name };
    creators.push(creator);
    // A chain id no devnet chain uses: this rollup exists only as contracts on its parent.
    const contracts = await createOrbitRollup(root, creator, { chainId: root.chainId + 1000, stakeToken: zeroAddress });
    rollups.push({ stack: "orbit", parent: root.name, creator, contracts });

    progress(`deploying a parent-only OP Stack chain on ${root.name}, announced by the 2024 OPCM…`);
    const op = await deployOpStackL1(root, null, { chainId: root.chainId + 2000 });
    const opcm = await recordInOpcm(root, await opcmOn(root, "2024"), op);
    rollups.push({ stack: "opstack", parent: root.name, contracts: op, predeploys: opPredeploys, opcm });
  }
  return { creators, opcms, rollups, testTokens, nativeTokens };
}

export const runningRollups = (deployment: RollupsDeployment) => deployment.rollups.filter((rollup) => rollup.chain !== undefined);
