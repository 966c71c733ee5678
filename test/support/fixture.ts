import { network } from "hardhat";
import { getAddress, keccak256, toHex, zeroHash, type Address } from "viem";
import { roleHash } from "../../src/sdk/roles.js";

/** ISO 3166 alpha-2 code packed the way the contracts store it ("CH" -> 0x4348). */
export function alpha2(code: string): number {
  if (!/^[A-Z]{2}$/.test(code)) throw new Error(`not an ISO 3166 alpha-2 code: ${code}`);
  return (code.charCodeAt(0) << 8) | code.charCodeAt(1);
}

export const CLASS_PROFESSIONAL = 1;
export const CLASS_ENTITY = 2;
export const CLASS_RETAIL = 3;
export const ONE_YEAR = 365n * 24n * 60n * 60n;
export const caseRef = (label: string) => keccak256(toHex(label));

/** The restriction codes of contracts/libraries/RestrictionCodes.sol. */
export const Code = {
  SUCCESS: 0,
  PAUSED: 1,
  SENDER_WALLET_FROZEN: 2,
  RECIPIENT_WALLET_FROZEN: 3,
  INSUFFICIENT_UNFROZEN_BALANCE: 4,
  INSUFFICIENT_BALANCE: 5,
  INVALID_RECIPIENT: 6,
  SPENDER_WALLET_FROZEN: 7,
  VERIFIER_FAILED: 8,
  TRANSFERS_LOCKED: 16,
  SENDER_SANCTIONED: 18,
  RECIPIENT_SANCTIONED: 19,
  SENDER_NOT_ALLOWLISTED: 20,
  RECIPIENT_NOT_ALLOWLISTED: 21,
  SENDER_NOT_QUALIFIED: 22,
  RECIPIENT_NOT_QUALIFIED: 23,
  SENDER_CREDENTIAL_EXPIRED: 24,
  RECIPIENT_CREDENTIAL_EXPIRED: 25,
  SENDER_QUALIFIER_SUSPENDED: 26,
  RECIPIENT_QUALIFIER_SUSPENDED: 27,
  SENDER_CONTRACT_BLOCKED: 28,
  RECIPIENT_CONTRACT_BLOCKED: 29,
  SENDER_CONTRACT_IN_CHALLENGE_WINDOW: 30,
  RECIPIENT_CONTRACT_IN_CHALLENGE_WINDOW: 31,
  SENDER_CONTRACT_CODE_CHANGED: 32,
  RECIPIENT_CONTRACT_CODE_CHANGED: 33,
  SENDER_CONTRACT_CODE_NOT_VETTED: 34,
  RECIPIENT_CONTRACT_CODE_NOT_VETTED: 35,
  SENDER_CONTRACT_REGISTRANT_NOT_QUALIFIED: 36,
  RECIPIENT_CONTRACT_REGISTRANT_NOT_QUALIFIED: 37,
  SENDER_MIRROR_STALE: 38,
  RECIPIENT_MIRROR_STALE: 39,
  SPENDER_SANCTIONED: 40,
  SPENDER_BLOCKED: 41,
  SPENDER_MIRROR_STALE: 42,
} as const;

/** IContractRegistry.Status. */
export const ContractStatus = { Unregistered: 0, Registered: 1, Blocked: 2, InChallengeWindow: 3, CodeChanged: 4, CodeNotVetted: 5 } as const;
export const ONE_DAY = 24n * 60n * 60n;

export async function connect() {
  const connection = await network.create();
  const { viem, networkHelpers } = connection;
  const publicClient = await viem.getPublicClient();
  const wallets = await viem.getWalletClients();
  const [governance, qualifierA, qualifierB, regulator, issuer, alice, bob, carol, guardian, outsider, sanctions] = wallets;
  const actors = { governance, qualifierA, qualifierB, regulator, issuer, alice, bob, carol, guardian, outsider, sanctions };

  /**
   * The system as a real deployment has it: registries run by governance, two qualifiers, a regulator for
   * Switzerland that qualified the issuer, and a bond whose verifier asks for a professional or entity
   * credential (or an eligible registered contract), with sanctions and blocked flags read from the
   * credential registry. The contract registry holds the credential registry's BLOCKER_ROLE.
   * Alice and Bob hold credentials from qualifier A and 1,000 bond units each; Carol holds nothing.
   */
  async function deploySystem() {
    const credentials = await viem.deployContract("CredentialRegistry", [governance.account.address]);
    const issuers = await viem.deployContract("IssuerRegistry", [governance.account.address]);
    const contracts = await viem.deployContract("ContractRegistry", [governance.account.address, credentials.address, issuers.address]);
    const asGov = { account: governance.account };
    await credentials.write.grantRole([roleHash("BLOCKER_ROLE"), contracts.address], asGov);

    await credentials.write.defineClass([CLASS_PROFESSIONAL, "professional investor"], asGov);
    await credentials.write.defineClass([CLASS_ENTITY, "entity"], asGov);
    await credentials.write.defineClass([CLASS_RETAIL, "retail"], asGov);
    const professionalAndEntity = (1n << BigInt(CLASS_PROFESSIONAL)) | (1n << BigInt(CLASS_ENTITY));
    await credentials.write.admitQualifier([qualifierA.account.address, "Alpha KYB", professionalAndEntity], asGov);
    await credentials.write.admitQualifier([qualifierB.account.address, "Beta Exchange", professionalAndEntity | (1n << BigInt(CLASS_RETAIL))], asGov);
    await credentials.write.grantRole([await credentials.read.SANCTIONS_ROLE(), sanctions.account.address], asGov);
    await contracts.write.grantRole([await contracts.read.GUARDIAN_ROLE(), guardian.account.address], asGov);
    await issuers.write.admitRegulator([regulator.account.address, alpha2("CH"), "Swiss regulator"], asGov);
    await issuers.write.qualifyIssuer([issuer.account.address], { account: regulator.account });

    const verifier = await viem.deployContract("CredentialVerifier", [credentials.address, contracts.address, professionalAndEntity, false]);
    const token = await viem.deployContract(
      "SecurityToken",
      [
        "Helvetia Bond 2031",
        "HB31",
        18,
        issuer.account.address,
        verifier.address,
        {
          classification: "bond",
          jurisdiction: "CH",
          documentUri: "ipfs://bafy-offering-memorandum",
          documentHash: keccak256(toHex("offering memorandum v1")),
        },
      ],
      { client: { wallet: issuer } },
    );
    await issuers.write.listToken([token.address], { account: issuer.account });

    const now = BigInt((await publicClient.getBlock()).timestamp);
    const expiry = Number(now + ONE_YEAR);
    for (const holder of [alice, bob]) {
      await credentials.write.issue([{ holder: holder.account.address, classId: CLASS_PROFESSIONAL, jurisdiction: alpha2("CH"), expiresAt: expiry }], {
        account: qualifierA.account,
      });
    }
    await token.write.mint([alice.account.address, 1000n], { account: issuer.account });
    await token.write.mint([bob.account.address, 1000n], { account: issuer.account });

    return { credentials, contracts, issuers, verifier, token, expiry, professionalAndEntity };
  }

  return { connection, viem, networkHelpers, publicClient, actors, deploySystem };
}

export const addr = (a: { account: { address: Address } }) => getAddress(a.account.address);
export { zeroHash };
