// Qualified SDK: typed viem-style actions, `action(connection, parameters)`, and the calls governance and
// issuers send. Browser-safe: what reads and writes files lives in `qualified/node` (./node.ts).
export * from "./abi/contracts.js";
export * from "./redact.js";
export { safeAbi, safeProxyFactoryAbi, uniswapV2FactoryAbi, uniswapV2PairAbi, uniswapV2RouterAbi } from "./abi/external.js";
export { connectProvider, connectRpc, unlockedAccounts, type Connection, type Signer } from "./clients.js";
export { QualifiedError, decodeRevert, explainError, isContractRefusal, type DecodedRevert } from "./errors.js";
export { deploymentSchema, type Deployment } from "./deployment.js";
export { addressSchema } from "./address-schema.js";
export {
  deploySystem,
  deployToken,
  type ContractPolicy,
  type DeploySystemParameters,
  type DeploySystemReturnType,
  type DeployTokenParameters,
  type DeployTokenReturnType,
  type SystemConfig,
  type TokenConfig,
} from "./deploy.js";
export {
  createSafe,
  deploySafeInfrastructure,
  proposeSafeTransaction,
  confirmSafeTransaction,
  executeSafeTransaction,
  runSafeTransaction,
  signAsSafe,
  type ConfirmSafeTransactionParameters,
  type ConfirmSafeTransactionReturnType,
  type CreateSafeParameters,
  type CreateSafeReturnType,
  type DeploySafeInfrastructureParameters,
  type DeploySafeInfrastructureReturnType,
  type ExecuteSafeTransactionParameters,
  type ExecuteSafeTransactionReturnType,
  type ProposeSafeTransactionParameters,
  type ProposeSafeTransactionReturnType,
  type RunSafeTransactionParameters,
  type RunSafeTransactionReturnType,
  type SafeInfrastructure,
  type SafeTransaction,
  type SignAsSafeParameters,
  type SignAsSafeReturnType,
} from "./safe.js";
export {
  governViaTimelock,
  letTimePass,
  type GovernViaTimelockParameters,
  type GovernViaTimelockReturnType,
  type LetTimePassParameters,
} from "./timelock.js";
export {
  deployBytecode,
  deployContract,
  waitForSuccess,
  type DeployBytecodeParameters,
  type DeployBytecodeReturnType,
  type DeployContractParameters,
  type DeployContractReturnType,
  type WaitForSuccessParameters,
  type WaitForSuccessReturnType,
} from "./transactions.js";
export { send, actorAddress, type Actor, type Call, type SendParameters, type SendReturnType } from "./actor.js";
export { jurisdictionCode, jurisdictionText } from "./jurisdiction.js";
export { classMask, classesOf, hasClass, credentialId, credentialIdParts, type CredentialIdParts } from "./credentials.js";
export { DEFAULT_ADMIN_ROLE, ROLE_NAMES, roleHash, roleName, type RoleName } from "./roles.js";
export { admitQualifierCall, type AdmitQualifierCallParameters } from "./calls/admitQualifierCall.js";
export { admitRegulatorCall, type AdmitRegulatorCallParameters } from "./calls/admitRegulatorCall.js";
export { appointGuardianCall, type AppointGuardianCallParameters } from "./calls/appointGuardianCall.js";
export { appointSanctionsOperatorCall, type AppointSanctionsOperatorCallParameters } from "./calls/appointSanctionsOperatorCall.js";
export { caseReference } from "./calls/caseReference.js";
export { deregisterContractCall, type DeregisterContractCallParameters } from "./calls/deregisterContractCall.js";
export { forcedTransferCall, type ForcedTransferCallParameters } from "./calls/forcedTransferCall.js";
export { grantTokenRoleCall, type GrantTokenRoleCallParameters } from "./calls/grantTokenRoleCall.js";
export { mintCall, type MintCallParameters } from "./calls/mintCall.js";
export { reinstateQualifierCall, type ReinstateQualifierCallParameters } from "./calls/reinstateQualifierCall.js";
export { removeGuardianCall, type RemoveGuardianCallParameters } from "./calls/removeGuardianCall.js";
export { removeRegulatorCall, type RemoveRegulatorCallParameters } from "./calls/removeRegulatorCall.js";
export { removeSanctionsOperatorCall, type RemoveSanctionsOperatorCallParameters } from "./calls/removeSanctionsOperatorCall.js";
export { setChallengeWindowCall, type SetChallengeWindowCallParameters } from "./calls/setChallengeWindowCall.js";
export { setDisclosureCall, type SetDisclosureCallParameters } from "./calls/setDisclosureCall.js";
export { setFrozenTokensCall, type SetFrozenTokensCallParameters } from "./calls/setFrozenTokensCall.js";
export { setIssuerCall, type SetIssuerCallParameters } from "./calls/setIssuerCall.js";
export { setQualifierClassesCall, type SetQualifierClassesCallParameters } from "./calls/setQualifierClassesCall.js";
export { setWalletFrozenCall, type SetWalletFrozenCallParameters } from "./calls/setWalletFrozenCall.js";
export { suspendQualifierCall, type SuspendQualifierCallParameters } from "./calls/suspendQualifierCall.js";
export { vetCodeCall, type VetCodeCallParameters } from "./calls/vetCodeCall.js";
export { issueCredentials, type IssueCredentialsParameters, type IssueCredentialsReturnType, type CredentialRequest } from "./actions/issueCredentials.js";
export { revokeCredential, type RevokeCredentialParameters, type RevokeCredentialReturnType } from "./actions/revokeCredential.js";
export { renewCredential, type RenewCredentialParameters, type RenewCredentialReturnType } from "./actions/renewCredential.js";
export { qualifyIssuer, type QualifyIssuerParameters, type QualifyIssuerReturnType } from "./actions/qualifyIssuer.js";
export { disqualifyIssuer, type DisqualifyIssuerParameters, type DisqualifyIssuerReturnType } from "./actions/disqualifyIssuer.js";
export { listToken, type ListTokenParameters, type ListTokenReturnType } from "./actions/listToken.js";
export { claimTokenListing, type ClaimTokenListingParameters, type ClaimTokenListingReturnType } from "./actions/claimTokenListing.js";
export { registerContract, type RegisterContractParameters, type RegisterContractReturnType } from "./actions/registerContract.js";
export { blockContract, type BlockContractParameters, type BlockContractReturnType } from "./actions/blockContract.js";
export { unblockContract, type UnblockContractParameters, type UnblockContractReturnType } from "./actions/unblockContract.js";
export { codeHashOf, type CodeHashOfParameters, type CodeHashOfReturnType } from "./actions/codeHashOf.js";
export {
  contractRegistration,
  type ContractRegistrationParameters,
  type ContractRegistrationReturnType,
  type ContractRegistration,
  type ContractStatus,
  type RegistrantKind,
  CONTRACT_STATUS,
  REGISTRANT_KIND,
} from "./actions/contractRegistration.js";
export { setSanctioned, type SetSanctionedParameters, type SetSanctionedReturnType } from "./actions/setSanctioned.js";
export { checkTransfer, type CheckTransferParameters, type CheckTransferReturnType, type TransferCheck } from "./actions/checkTransfer.js";
export { explainRestriction, type ExplainRestrictionParameters, type ExplainRestrictionReturnType } from "./actions/explainRestriction.js";
export { tokenStatus, type TokenStatusParameters, type TokenStatusReturnType, type TokenStatus } from "./actions/tokenStatus.js";
export { accessMap, type AccessMapParameters, type AccessMapReturnType, type ContractAccess } from "./actions/accessMap.js";
export { describeHolder, type DescribeHolderParameters, type DescribeHolderReturnType, type Holder } from "./actions/describeHolder.js";
export { describeVerifier, type DescribeVerifierParameters, type DescribeVerifierReturnType, type VerifierNode } from "./actions/describeVerifier.js";
export { rolesOf, type RolesOfParameters, type RolesOfReturnType, type RoleEntry } from "./actions/rolesOf.js";
export { deployComposedToken, type DeployComposedTokenParameters, type DeployComposedTokenReturnType } from "./actions/deployComposedToken.js";
export {
  marketId,
  morphoCalls,
  morphoEventsAbi,
  maxBorrow,
  liquidationIncentiveFactor,
  seizedForShares,
  repaidForSeized,
  toAssetsUp,
  ORACLE_PRICE_SCALE,
  WAD,
  type MarketParams,
} from "./morpho.js";
export { deployMorphoMarket, type DeployMorphoMarketParameters, type DeployMorphoMarketReturnType } from "./actions/deployMorphoMarket.js";
export { deployNavOracle, type DeployNavOracleParameters, type DeployNavOracleReturnType } from "./actions/deployNavOracle.js";
export { publishNav, type PublishNavParameters, type PublishNavReturnType } from "./actions/publishNav.js";
export { morphoPosition, type MorphoPositionParameters, type MorphoPositionReturnType } from "./actions/morphoPosition.js";
export { deployUniswapRouter, type DeployUniswapRouterParameters, type DeployUniswapRouterReturnType } from "./actions/deployUniswapRouter.js";
