import { ERC20VotesAbi } from "../../abis/ERC20Votes";
import { GovernorAbi, GovernorQuorumAbi } from "../../abis/Governor";
import { InterchainAccountRouterAbi, LegacyInterchainAccountRouterAbi } from "../../abis/InterchainAccountRouter";
import { TimelockControllerAbi } from "../../abis/TimelockController";
import { type Domain, type KnownContract, source } from "../domain";
import { checkGovernance, type GovernanceManifest, governanceFields } from "./manifest";

const part = (manifest: GovernanceManifest, role: "governor" | "token" | "timelock"): KnownContract[] =>
  manifest.governors.map((g) => ({ chain: g.chain, address: g[role], startBlock: g.startBlock, role: role === "token" ? "votesToken" : role, of: g.name }));

const routers = (manifest: GovernanceManifest): KnownContract[] =>
  manifest.interchainAccountRouters.map((r) => ({ ...r, role: "interchainAccountRouter", of: "hyperlane" }));

/** On-chain governance: Governor proposals and votes, ERC20Votes delegation, the timelock, interchain accounts. */
export const governance = {
  name: "governance" as const,
  manifest: { fields: governanceFields, check: checkGovernance },
  sources: (manifest) => ({
    Governor: source([...GovernorAbi, ...GovernorQuorumAbi], part(manifest, "governor")),
    VotesToken: source(ERC20VotesAbi, part(manifest, "token")),
    Timelock: source(TimelockControllerAbi, part(manifest, "timelock")),
    InterchainAccountRouter: source(InterchainAccountRouterAbi, routers(manifest)),
    // Routers of core ≤ 7.1.2 log other topic0s, so this second view sees no log twice.
    LegacyInterchainAccountRouter: source(LegacyInterchainAccountRouterAbi, routers(manifest), false),
  }),
  api: async () => (await import("./api")).api,
} satisfies Domain<GovernanceManifest>;
