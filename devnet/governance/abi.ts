import { parseAbi } from "viem";
import { artifacts } from "../artifacts";
import { assertInArtifact, once } from "../hyperlane";
import { fixtureArtifact } from "../solc";
import { governanceArtifacts } from "./artifacts";

/**
 * The functions the devnet calls and reads on the governance contracts, typed. Deployment uses
 * the real artifacts; `checkGovernanceAbisOnce` checks every entry against them first.
 */
export const governanceAbi = {
  token: parseAbi([
    "function transfer(address to, uint256 value) returns (bool)",
    "function delegate(address delegatee)",
    "function delegates(address account) view returns (address)",
    "function balanceOf(address account) view returns (uint256)",
    "function totalSupply() view returns (uint256)",
    "function getVotes(address account) view returns (uint256)",
    "function getPastVotes(address account, uint256 timepoint) view returns (uint256)",
    "function getPastTotalSupply(uint256 timepoint) view returns (uint256)",
    "function clock() view returns (uint48)",
    "function CLOCK_MODE() view returns (string)",
  ]),
  governor: parseAbi([
    "function propose(address[] targets, uint256[] values, bytes[] calldatas, string description) returns (uint256)",
    "function hashProposal(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) pure returns (uint256)",
    "function castVote(uint256 proposalId, uint8 support) returns (uint256)",
    "function castVoteWithReason(uint256 proposalId, uint8 support, string reason) returns (uint256)",
    "function castVoteWithReasonAndParams(uint256 proposalId, uint8 support, string reason, bytes params) returns (uint256)",
    "function queue(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)",
    "function execute(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) payable returns (uint256)",
    "function cancel(address[] targets, uint256[] values, bytes[] calldatas, bytes32 descriptionHash) returns (uint256)",
    "function state(uint256 proposalId) view returns (uint8)",
    "function proposalSnapshot(uint256 proposalId) view returns (uint256)",
    "function proposalDeadline(uint256 proposalId) view returns (uint256)",
    "function proposalEta(uint256 proposalId) view returns (uint256)",
    "function proposalProposer(uint256 proposalId) view returns (address)",
    "function proposalVotes(uint256 proposalId) view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes)",
    "function hasVoted(uint256 proposalId, address account) view returns (bool)",
    "function quorum(uint256 timepoint) view returns (uint256)",
    "function votingDelay() view returns (uint256)",
    "function votingPeriod() view returns (uint256)",
    "function timelock() view returns (address)",
    "function token() view returns (address)",
    "function clock() view returns (uint48)",
    "function setVotingDelay(uint48 newVotingDelay)",
    "function setVotingPeriod(uint32 newVotingPeriod)",
    "function setProposalThreshold(uint256 newProposalThreshold)",
    "function updateQuorumNumerator(uint256 newQuorumNumerator)",
    "function quorumNumerator(uint256 timepoint) view returns (uint256)",
  ]),
  timelock: parseAbi([
    "function getMinDelay() view returns (uint256)",
    "function getOperationState(bytes32 id) view returns (uint8)",
    "function hashOperationBatch(address[] targets, uint256[] values, bytes[] payloads, bytes32 predecessor, bytes32 salt) pure returns (bytes32)",
    "function hasRole(bytes32 role, address account) view returns (bool)",
    "function grantRole(bytes32 role, address account)",
    "function renounceRole(bytes32 role, address callerConfirmation)",
    "function DEFAULT_ADMIN_ROLE() view returns (bytes32)",
    "function updateDelay(uint256 newDelay)",
    "function PROPOSER_ROLE() view returns (bytes32)",
    "function CANCELLER_ROLE() view returns (bytes32)",
    "function EXECUTOR_ROLE() view returns (bytes32)",
  ]),
  ownable: parseAbi(["function owner() view returns (address)", "function transferOwnership(address newOwner)"]),
  /** OpenZeppelin 5 ProxyAdmin: the admin of a TransparentUpgradeableProxy. */
  proxyAdmin: parseAbi(["function upgradeAndCall(address proxy, address implementation, bytes data) payable"]),
  interchainAccountRouter: parseAbi([
    "struct Call { bytes32 to; uint256 value; bytes data; }",
    "function enrollRemoteRouters(uint32[] _domains, bytes32[] _addresses)",
    "function routers(uint32 _domain) view returns (bytes32)",
    "function callRemote(uint32 _destination, Call[] _calls) payable returns (bytes32)",
    "function callRemote(uint32 _destination, Call[] _calls, bytes _hookMetadata) payable returns (bytes32)",
    "function quoteGasPayment(uint32 _destination) view returns (uint256)",
    "function getRemoteInterchainAccount(uint32 _destination, address _owner) view returns (address)",
    "function getLocalInterchainAccount(uint32 _origin, address _owner, address _router, address _ism) view returns (address)",
    "function hook() view returns (address)",
  ]),
  mailbox: parseAbi(["function defaultIsm() view returns (address)", "function setDefaultIsm(address _module)"]),
  /** A Hyperlane router's (MailboxClient's) hook setter, e.g. a warp route's. */
  mailboxClient: parseAbi(["function hook() view returns (address)", "function setHook(address _hook)"]),
} as const;

export const checkGovernanceAbisOnce = once(() => {
  assertInArtifact("EraToken", governanceAbi.token, fixtureArtifact("EraToken"));
  assertInArtifact("EraGovernor", governanceAbi.governor, fixtureArtifact("EraGovernor"));
  assertInArtifact("TimelockController", governanceAbi.timelock, governanceArtifacts.TimelockController());
  assertInArtifact("ProxyAdmin", governanceAbi.proxyAdmin, governanceArtifacts.ProxyAdmin());
  assertInArtifact("ProxyAdmin", governanceAbi.ownable, governanceArtifacts.ProxyAdmin());
  assertInArtifact("InterchainAccountRouter", governanceAbi.interchainAccountRouter, governanceArtifacts.InterchainAccountRouter());
  assertInArtifact("Mailbox", governanceAbi.mailbox, artifacts.Mailbox());
  assertInArtifact("Mailbox", governanceAbi.ownable, artifacts.Mailbox());
  assertInArtifact("HypERC20", governanceAbi.mailboxClient, artifacts.HypERC20());
  assertInArtifact("StorageGasOracle", governanceAbi.ownable, artifacts.StorageGasOracle());
});
