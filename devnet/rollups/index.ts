/** The rollup devnet's public surface: deploy, drive, relay, and read the truth back. */
export {
  deployRollups,
  type DeployRollupsOptions,
  l3ChainSpec,
  type OpStackRollupDeployment,
  type OrbitCreatorDeployment,
  type OrbitRollupDeployment,
  type RollupDeployment,
  type RollupsDeployment,
  runningRollups,
} from "./deploy";
export { type BridgeRelayer, type BridgeRelayerOptions, type RelayEvent, startBridgeRelayer, type WithdrawalFate } from "./relay";
export { type RollupTrafficSent, rollupTrafficSteps, systemConfigChange } from "./traffic";
export * from "./truth";
export { type RollupsManifest, rollupsManifestOf } from "./manifest";
