/** Governance on the devnet: what `npm start`, the e2e tests and the indexer's tests use. */
export { governanceAbi } from "./abi";
export { defaultEraHolders, deployEraToken, devnetGovernanceSettings, type EraToken, type GovernanceSettings, timelockRoles } from "./contracts";
export { deployGovernance, type GovernanceDeployment, type GovernanceOptions, type OwnablesByChain, settlementChainOf } from "./deploy";
export { type InterchainAccountRouterContracts, interchainAccountOf, remoteCallAction } from "./ica";
export { type ProposalAction, type SubmittedProposal } from "./proposals";
export { type GovernanceScenarioOptions, type GovernanceScenarioResult, runGovernanceScenario, type ScenarioProposal } from "./scenario";
export { governanceTrafficSteps, type TrafficProposal } from "./traffic";
export * from "./truth";
