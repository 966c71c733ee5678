// Qualified SDK: typed viem actions and deploy routines for every contract of the system.
export * from "./abi/contracts.js";
export * from "./redact.js";
export { safeAbi, safeProxyFactoryAbi, uniswapV2FactoryAbi, uniswapV2PairAbi, uniswapV2RouterAbi } from "./abi/external.js";
export { connectProvider, connectRpc, unlockedAccounts, type Connection, type Signer } from "./clients.js";
export { QualifiedError, decodeRevert, explainError, type DecodedRevert } from "./errors.js";
export { deploymentSchema, readDeployment, writeDeployment, type Deployment } from "./deployment.js";
export { deploySystem, deployToken, type ContractPolicy, type SystemConfig, type TokenConfig } from "./deploy.js";
export {
  createSafe,
  deploySafeInfrastructure,
  proposeSafeTransaction,
  confirmSafeTransaction,
  executeSafeTransaction,
  runSafeTransaction,
  signAsSafe,
  type SafeInfrastructure,
  type SafeTransaction,
} from "./safe.js";
export { governViaTimelock, letTimePass } from "./timelock.js";
export { send, actorAddress, type Actor, type Call } from "./actor.js";
export { jurisdictionCode, jurisdictionText } from "./jurisdiction.js";
export * from "./actions/governance.js";
export * from "./actions/tokenCalls.js";
export { issueCredentials, type CredentialRequest } from "./actions/issueCredentials.js";
export { revokeCredential } from "./actions/revokeCredential.js";
export { renewCredential } from "./actions/renewCredential.js";
export { qualifyIssuer } from "./actions/qualifyIssuer.js";
export { disqualifyIssuer } from "./actions/disqualifyIssuer.js";
export { listToken, claimTokenListing } from "./actions/listToken.js";
export {
  registerContract,
  blockContract,
  unblockContract,
  codeHashOf,
  contractRegistration,
  CONTRACT_STATUS,
  REGISTRANT_KIND,
  type RegistrantKind,
  type ContractRegistration,
  type ContractStatus,
} from "./actions/contractRegistry.js";
export { setSanctioned } from "./actions/setSanctioned.js";
export { checkTransfer, explainRestriction, type TransferCheck } from "./actions/checkTransfer.js";
export { tokenStatus, type TokenStatus } from "./actions/tokenStatus.js";
export { accessMap, describeHolder, describeVerifier, rolesOf, type AccessMapParameters, type AccessMapReturnType, type ContractAccess, type Holder, type RoleEntry, type VerifierNode } from "./actions/accessMap.js";
export { deployComposedToken, type DeployComposedTokenParameters, type DeployComposedTokenReturnType } from "./actions/deployComposedToken.js";
export { marketId, morphoCalls, morphoEventsAbi, maxBorrow, liquidationIncentiveFactor, seizedForShares, repaidForSeized, toAssetsUp, ORACLE_PRICE_SCALE, WAD, type MarketParams } from "./morpho.js";
export { deployMorphoMarket, type DeployMorphoMarketParameters, type DeployMorphoMarketReturnType } from "./actions/deployMorphoMarket.js";
export { deployNavOracle, type DeployNavOracleParameters } from "./actions/deployNavOracle.js";
export { publishNav, type PublishNavParameters } from "./actions/publishNav.js";
export { morphoPosition, type MorphoPositionParameters, type MorphoPositionReturnType } from "./actions/morphoPosition.js";
export { deployUniswapRouter, type DeployUniswapRouterParameters, type DeployUniswapRouterReturnType } from "./actions/deployUniswapRouter.js";
