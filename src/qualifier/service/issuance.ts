import { actorAddress, credentialRegistryAbi, decodeRevert, explainError, hasClass } from "../../sdk/index.js";
import { ServiceError, type ServiceContext } from "./context.js";

/** The qualifier's standing on chain: refuses, with a sentence, what the registry would revert on. */
export async function requireIssuable(ctx: ServiceContext, classId: number): Promise<number> {
  const { connection, deployment } = ctx.d;
  const account = actorAddress(ctx.d.issuer);
  const read = { address: deployment.registries.credentials, abi: credentialRegistryAbi } as const;
  const id = await connection.publicClient.readContract({ ...read, functionName: "qualifierIdOf", args: [account] });
  if (id === 0) throw new ServiceError(422, `this service issues as ${account}, which is not an admitted qualifier: governance must admit it first`);
  if (!(await connection.publicClient.readContract({ ...read, functionName: "isQualifierActive", args: [id] }))) {
    throw new ServiceError(422, `qualifier ${id} (${account}) is suspended: no credentials can be issued`);
  }
  const { classMask } = await connection.publicClient.readContract({ ...read, functionName: "qualifier", args: [id] });
  if (!hasClass(classMask, classId)) throw new ServiceError(422, `this qualifier may not issue class ${classId}: apply for a class it is admitted for`);
  return id;
}

/** Reverts that are the applicant's or the reviewer's to fix, not the server's. */
const CALLER_FAULTS = new Set([
  "ClassNotPermitted",
  "NotAnActiveQualifier",
  "CredentialAlreadyIssued",
  "TooManyCredentials",
  "HolderSanctioned",
  "InvalidExpiry",
  "InvalidJurisdiction",
]);

/** Runs a registry call; a revert that is the caller's fault becomes a 409 with the decoded reason. */
export async function onChain<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    const revert = decodeRevert(e);
    if (revert && CALLER_FAULTS.has(revert.name)) throw new ServiceError(409, `${what} was refused on chain: ${explainError(e)}`);
    throw e;
  }
}
