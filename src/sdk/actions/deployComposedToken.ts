import { getAddress, zeroAddress, type Address } from "viem";
import {
  allOfVerifierAbi,
  allOfVerifierBytecode,
  allowlistVerifierAbi,
  allowlistVerifierBytecode,
  blocklistVerifierAbi,
  blocklistVerifierBytecode,
  credentialVerifierAbi,
  credentialVerifierBytecode,
  noTransferVerifierAbi,
  noTransferVerifierBytecode,
  securityTokenAbi,
  securityTokenBytecode,
} from "../abi/contracts.js";
import type { Connection, Signer } from "../clients.js";
import type { TokenConfig } from "../deploy.js";
import type { Deployment } from "../deployment.js";
import { classMask } from "../credentials.js";
import { QualifiedError } from "../errors.js";
import { deployContract } from "../transactions.js";

export interface DeployComposedTokenParameters {
  deployer: Signer;
  deployment: Deployment;
  token: TokenConfig;
  /** Adds a blocklist the issuer keeps (it receives the list's roles), reading `oracle` too when given. */
  blocklist?: { oracle?: Address };
  /** Adds an allowlist the issuer keeps: only listed wallets may send or receive. */
  allowlist?: boolean;
  /** Adds the no-transfer rule: holders may move tokens only to `redemption`. */
  noTransfer?: { redemption: Address };
}

export interface DeployComposedTokenReturnType {
  address: Address;
  symbol: string;
  issuer: Address;
  /** The verifier the token asks: the credential verifier alone, or an all-of over it and the added rules. */
  verifier: Address;
  acceptedClasses: string;
  rules: Array<{ kind: "credential" | "blocklist" | "allowlist" | "no-transfer"; address: Address }>;
}

/**
 * Deploys a token whose verifier is composed of rules: the credential verifier (accepted classes, contract
 * policy), then optionally a blocklist, an allowlist and the no-transfer rule, all checked by an all-of
 * verifier (at most four rules); records the token in `deployment`.
 * @example
 * const t = await deployComposedToken(connection, { deployer, deployment, token: config, blocklist: {}, allowlist: true });
 */
export async function deployComposedToken(connection: Connection, parameters: DeployComposedTokenParameters): Promise<DeployComposedTokenReturnType> {
  const { deployer, deployment: d, token: config } = parameters;
  if (config.acceptedClasses.length === 0) throw new QualifiedError("a token must accept at least one credential class");
  const mask = classMask(config.acceptedClasses);
  const policy = config.contractPolicy ?? "registered";
  const issuer = getAddress(config.issuer);
  const rules: DeployComposedTokenReturnType["rules"] = [];
  rules.push({
    kind: "credential",
    address: await deployContract(connection, {
      deployer,
      abi: credentialVerifierAbi,
      bytecode: credentialVerifierBytecode,
      args: [d.registries.credentials, policy === "none" ? zeroAddress : d.registries.contracts, mask, policy === "vetted"],
    }),
  });
  if (parameters.blocklist) {
    const oracle = parameters.blocklist.oracle ?? zeroAddress;
    rules.push({
      kind: "blocklist",
      address: await deployContract(connection, { deployer, abi: blocklistVerifierAbi, bytecode: blocklistVerifierBytecode, args: [issuer, oracle] }),
    });
  }
  if (parameters.allowlist)
    rules.push({
      kind: "allowlist",
      address: await deployContract(connection, { deployer, abi: allowlistVerifierAbi, bytecode: allowlistVerifierBytecode, args: [issuer] }),
    });
  if (parameters.noTransfer) {
    rules.push({
      kind: "no-transfer",
      address: await deployContract(connection, {
        deployer,
        abi: noTransferVerifierAbi,
        bytecode: noTransferVerifierBytecode,
        args: [parameters.noTransfer.redemption],
      }),
    });
  }
  const verifier =
    rules.length === 1
      ? rules[0].address
      : await deployContract(connection, { deployer, abi: allOfVerifierAbi, bytecode: allOfVerifierBytecode, args: [rules.map((r) => r.address)] });
  const address = await deployContract(connection, {
    deployer,
    abi: securityTokenAbi,
    bytecode: securityTokenBytecode,
    args: [config.name, config.symbol, config.decimals ?? 18, issuer, verifier, config.disclosure],
  });
  const entry = { address, symbol: config.symbol, issuer, verifier, acceptedClasses: mask.toString() };
  d.tokens.push(entry);
  return { ...entry, rules };
}
