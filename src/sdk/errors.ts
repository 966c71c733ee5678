import {
  AbiDecodingDataSizeTooSmallError,
  AbiDecodingZeroDataError,
  AbiErrorSignatureNotFoundError,
  BaseError,
  ContractFunctionRevertedError,
  ContractFunctionZeroDataError,
  decodeErrorResult,
  ExecutionRevertedError,
  type Abi,
  type Hex,
} from "viem";
import * as contracts from "./abi/contracts.js";
import { jurisdictionText } from "./jurisdiction.js";
import { redactSecrets } from "./redact.js";
import { roleName } from "./roles.js";

/** An error whose message a person can act on; the CLI prints it on one line. */
export class QualifiedError extends Error {
  override name = "QualifiedError";
}

/** What a revert said: the custom error's name and arguments, or the revert string. */
export interface DecodedRevert {
  name: string;
  args: readonly unknown[];
}

type AbiError = Extract<Abi[number], { type: "error" }>;

/** Every custom error any Qualified contract can revert with, to decode raw revert data. */
const ERRORS: Abi = (() => {
  const seen = new Map<string, AbiError>();
  for (const value of Object.values(contracts)) {
    if (!Array.isArray(value)) continue;
    for (const item of value as readonly { type: string }[]) {
      if (item.type !== "error") continue;
      const e = item as AbiError;
      seen.set(`${e.name}(${e.inputs.map((i) => i.type).join(",")})`, e);
    }
  }
  return [...seen.values()];
})();

/** Raw revert data somewhere in an error's chain of causes (nodes put it in different places). */
function revertData(error: unknown): Hex | undefined {
  for (let e = error as { data?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 10; e = e.cause as typeof e, depth++) {
    if (typeof e.data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(e.data)) return e.data as Hex;
    if (e.data && typeof e.data === "object" && typeof (e.data as { data?: unknown }).data === "string") {
      const inner = (e.data as { data: string }).data;
      if (/^0x[0-9a-fA-F]{8,}$/.test(inner)) return inner as Hex;
    }
  }
  return undefined;
}

/** The revert inside an error, if there is one: decoded by viem already, or from raw revert data. */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  if (error instanceof BaseError) {
    const revert = error.walk((e) => e instanceof ContractFunctionRevertedError);
    if (revert instanceof ContractFunctionRevertedError) {
      if (revert.data) return { name: revert.data.errorName, args: revert.data.args ?? [] };
      if (revert.reason) return { name: "Error", args: [revert.reason] };
    }
  }
  const data = revertData(error);
  if (!data) return undefined;
  try {
    const decoded = decodeErrorResult({ abi: ERRORS, data });
    return { name: decoded.errorName, args: decoded.args ?? [] };
  } catch (error) {
    // Revert data from a contract outside the system (a pool, a hostile verifier): nothing to decode.
    if (error instanceof AbiErrorSignatureNotFoundError) return undefined;
    throw error;
  }
}

/**
 * Whether `error` is the contract's own answer rather than a failure to reach it: a revert (with or without
 * data), no data where a value was expected (no code, no such function), or a value that does not decode.
 * A probe may treat these as "the contract does not do this"; anything else (the node is down) is a failure.
 */
export function isContractRefusal(error: unknown): boolean {
  if (!(error instanceof BaseError)) return false;
  return Boolean(
    error.walk(
      (e) =>
        e instanceof ContractFunctionRevertedError ||
        e instanceof ContractFunctionZeroDataError ||
        e instanceof ExecutionRevertedError ||
        e instanceof AbiDecodingZeroDataError ||
        e instanceof AbiDecodingDataSizeTooSmallError,
    ),
  );
}

const SENTENCES: Record<string, (args: readonly unknown[]) => string> = {
  AccessControlUnauthorizedAccount: ([account, role]) => `${account} lacks the role ${roleName(String(role) as Hex)} for this action`,
  NotAnActiveQualifier: ([account]) => `${account} is not an admitted, unsuspended qualifier`,
  NotARegulator: ([account]) => `${account} is not a sitting regulator`,
  IssuerAlreadyQualified: ([i, j]) => `${i} is already qualified in ${jurisdictionText(Number(j))}`,
  IssuerNotQualified: ([i, j]) => `${i} is not qualified in ${jurisdictionText(Number(j))}`,
  NotBlocked: ([t]) => `${t} is not blocked`,
  EmptyReason: () => "the reason is empty: say why, it is recorded on chain",
  NotIssuingQualifier: ([id, caller]) => `${caller} did not issue credential ${id}: only the qualifier that issued it (or governance, to revoke) can change it`,
  ERC721NonexistentToken: ([id]) => `no credential ${id} exists: it was never issued, or it was revoked`,
  QualifierAlreadyInState: ([id, suspended]) => `qualifier ${id} is already ${suspended ? "suspended" : "active (not suspended)"}`,
  AlreadyQualifier: ([account, id]) => `${account} is already qualifier ${id}`,
  UnknownQualifier: ([id]) => `there is no qualifier ${id}`,
  UndefinedClasses: ([mask]) => `class mask ${mask} names a class the registry does not define`,
  ClassNotPermitted: ([q, c]) => `qualifier ${q} may not issue class ${c}`,
  CredentialAlreadyIssued: ([id]) => `credential ${id} already exists: renew it instead`,
  TooManyCredentials: ([holder]) => `${holder} already holds four live credentials: one must be revoked or expire first`,
  QualifierShareFull: ([holder, q]) => `qualifier ${q} already holds two of ${holder}'s four credential places: revoke one of them first`,
  IssuerNotAdmin: ([a]) => `${a} does not hold the token's admin role: grant it before naming it issuer`,
  IssuerKeepsAdminRole: ([a]) => `${a} is the token's named issuer and keeps the admin role: name another issuer first`,
  IssuerUnchanged: ([t, i]) => `the listing of ${t} already names its issuer ${i}`,
  HolderSanctioned: ([holder]) => `${holder} is flagged as sanctioned and cannot be qualified`,
  InvalidExpiry: ([e]) => `expiry ${e} must be in the future and before 2106`,
  InvalidJurisdiction: ([j]) => `jurisdiction ${j} is not an ISO 3166 code (numeric 1-999 or two letters)`,
  NotAContract: ([t]) => `${t} has no code: only deployed contracts can be registered`,
  DelegatedAccount: ([t]) => `${t} is an EIP-7702 delegated account: only contracts can be registered`,
  AlreadyRegistered: ([t, r]) => `${t} is already registered (by ${r})`,
  ContractIsBlocked: ([t]) => `${t} is blocked by a guardian: it cannot be registered until a guardian lifts the block`,
  RegistrantNotIdentifiable: ([r]) =>
    `${r} is not identifiable: registering code that governance has not vetted needs a live credential (from a qualifier), governance or a qualified issuer; on an L2, a live credential mirrored from home (sync it there first)`,
  ChallengeWindowTooLong: ([w, max]) => `a challenge window of ${w} s is longer than the maximum of ${max} s`,
  ChallengeWindowOutOfRange: ([w, min, max]) => `a challenge window of ${w} s is outside ${min}-${max} s`,
  ZeroCodeHash: () => "the code hash is zero: give the keccak256 of a deployed contract's code",
  ForbiddenOpcode: ([t, offset, op]) =>
    `${t} can run other code in its own context or destroy itself (opcode 0x${Number(op).toString(16)} at byte ${offset}): proxies, clones and self-destructing code are never eligible`,
  NotRegistered: ([t]) => `${t} is not registered`,
  SameWallet: ([a]) => `${a} is both sides: a forced transfer needs two different wallets`,
  SupplyCapExceeded: () => "the mint would exceed the maximum supply",
  ERC20InsufficientBalance: ([a, bal, need]) => `${a} holds ${bal}, which is less than ${need}`,
  ERC20InsufficientAllowance: ([s, have, need]) => `${s} may spend ${have}, which is less than ${need}`,
  Error: ([reason]) => String(reason),
};

/**
 * One sentence for a failed call: the decoded custom error in words when the SDK knows it, its name and
 * arguments otherwise, and viem's short message for anything else (network, nonce, gas), with any endpoint's
 * credentials redacted.
 * TransferRestricted carries a code: use `explainRestriction` to get the token's own sentence for it.
 */
export function explainError(error: unknown): string {
  if (error instanceof QualifiedError) return error.message;
  const revert = decodeRevert(error);
  if (revert) {
    const sentence = SENTENCES[revert.name];
    if (sentence) return sentence(revert.args);
    return `${revert.name}(${revert.args.map(String).join(", ")})`;
  }
  // Transport errors quote the endpoint, credentials and all.
  if (error instanceof BaseError) return redactSecrets(error.shortMessage);
  return redactSecrets(error instanceof Error ? error.message : String(error));
}
