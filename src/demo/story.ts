import { encodeFunctionData, erc20Abi, formatUnits, getAddress, keccak256, parseUnits, toHex, type Address, type Hash } from "viem";
import {
  admitQualifierCall,
  admitRegulatorCall,
  appointGuardianCall,
  appointSanctionsOperatorCall,
  blockContract,
  checkTransfer,
  contractRegistration,
  createSafe,
  decodeRevert,
  demoStablecoinAbi,
  demoStablecoinBytecode,
  deploySystem,
  deployUniswapRouter,
  deployToken,
  explainError,
  explainRestriction,
  forcedTransferCall,
  governViaTimelock,
  grantTokenRoleCall,
  issueCredentials,
  listToken,
  mintCall,
  qualifyIssuer,
  registerContract,
  selfRegisteringVaultAbi,
  selfRegisteringVaultBytecode,
  send,
  setDisclosureCall,
  setSanctioned,
  suspendQualifierCall,
  type Connection,
  type Deployment,
  vetCodeCall,
  type Signer,
} from "../sdk/index.js";
import { waitForSuccess } from "../sdk/transactions.js";
import { deployUniswapPair } from "./uniswap.js";
import { addLiquidityViaRouter, swapViaRouter } from "./router.js";
import { runLendingChapter, type LendingResult } from "./lending.js";

const PROFESSIONAL = 1;
const ENTITY = 2;
const BOND = (n: string) => parseUnits(n, 18);
const USD = (n: string) => parseUnits(n, 6);

/** Who plays which part: the demo needs 20 accounts (a development node's unlocked ones). */
export interface Cast {
  deployer: Signer;
  governanceOwners: [Signer, Signer, Signer];
  issuerOwners: [Signer, Signer, Signer];
  issuerAgent: Signer;
  qualifierA: Signer;
  qualifierB: Signer;
  regulator: Signer;
  sanctionsOperator: Signer;
  guardian: Signer;
  developer: Signer;
  alice: Signer;
  bob: Signer;
  chen: Signer;
  dana: Signer;
  outsider: Signer; // a wallet with no credential
  attacker: Signer; // passed KYB, then deploys a vault that drains deposits
}

export function castFrom(signers: Signer[]): Cast {
  if (signers.length < 20) throw new Error(`the demo needs 20 unlocked accounts and the node has ${signers.length}`);
  const s = signers;
  return {
    deployer: s[0],
    governanceOwners: [s[1], s[2], s[3]],
    issuerOwners: [s[4], s[5], s[6]],
    issuerAgent: s[7],
    qualifierA: s[8],
    qualifierB: s[9],
    regulator: s[10],
    sanctionsOperator: s[11],
    guardian: s[12],
    developer: s[13],
    alice: s[14],
    bob: s[15],
    chen: s[16],
    dana: s[17],
    outsider: s[18],
    attacker: s[19],
  };
}

/** A transfer the rules refused: what the pre-flight said, and the code the transaction reverted with. */
export interface Refusal {
  from: Address;
  to: Address;
  preflightCode: number;
  revertCode: number;
  message: string;
}

export interface DemoResult {
  deployment: Deployment;
  issuerSafe: Address;
  token: Address;
  stablecoin: Address;
  pair: Address;
  router: Address;
  vault: Address;
  sanctionedAddress: Address;
  /** The sentence the registry's refusal of the vault's self-registration turned into. */
  anonymousRegistration: string;
  refusals: {
    unqualified: Refusal;
    sanctioned: Refusal;
    inChallengeWindow: Refusal;
    blockedContract: Refusal;
    suspendedQualifier: Refusal;
  };
  liquidity: { bond: bigint; usd: bigint; lpTokens: bigint };
  swap: { usdIn: bigint; bondOut: bigint };
  forced: { hash: Hash; caseRef: `0x${string}`; from: Address; to: Address; amount: bigint };
  lending: LendingResult;
}

export interface DemoOptions {
  sanctionedAddresses: Address[];
  log?: (line: string) => void;
}

/** Runs the whole story on `connection` and returns what happened, for the CLI to show and tests to check. */
export async function runDemo(connection: Connection, cast: Cast, options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => {});
  const step = (n: number, title: string) => log(`\n[${n}/9] ${title}`);
  const done = (line: string) => log(`  ✓ ${line}`);
  const a = (s: Signer) => s.account.address;
  const gov = cast.governanceOwners.slice(0, 2); // 2 of 3 sign
  const issuerSigners = cast.issuerOwners.slice(0, 2);
  const { alice, bob, chen, dana } = cast;

  /** Tries a holder transfer the rules should refuse; returns the pre-flight and the revert codes. */
  const refused = async (from: Signer, to: Address, amount: bigint): Promise<Refusal> => {
    const pre = await checkTransfer(connection, { token, from: a(from), to, amount });
    let revertCode = -1;
    try {
      await send(connection, { actor: from, ...transferCall(to, amount), what: "transfer" });
    } catch (error) {
      const revert = decodeRevert(error);
      if (revert?.name !== "TransferRestricted") throw new Error(`expected a refusal, got: ${explainError(error)}`);
      revertCode = Number(revert.args[0]);
    }
    if (revertCode < 0) throw new Error("the transfer went through but the rules should have refused it");
    return { from: a(from), to, preflightCode: pre.code, revertCode, message: await explainRestriction(connection, { token, code: revertCode }) };
  };
  const transferCall = (to: Address, amount: bigint) => ({
    to: token,
    data: encodeFunctionData({ abi: erc20Abi, functionName: "transfer", args: [to, amount] }),
  });
  const bondsOf = async (w: Address) => connection.publicClient.readContract({ address: token, abi: erc20Abi, functionName: "balanceOf", args: [w] });
  let token: Address = "0x";

  // 1 ---------------------------------------------------------------------------------------------
  step(1, "Governance (a 2-of-3 Safe behind a timelock) admits two qualifiers and a regulator for Switzerland");
  const deployment = await deploySystem(connection, {
    deployer: cast.deployer,
    governanceOwners: cast.governanceOwners.map(a),
    governanceThreshold: 2,
    timelockDelay: 3600,
    classes: { "professional investor": PROFESSIONAL, entity: ENTITY },
    onProgress: (line) => done(line),
  });
  await governViaTimelock(connection, {
    deployment,
    calls: [
      admitQualifierCall({ deployment, account: a(cast.qualifierA), name: "Alpha KYB", classes: [PROFESSIONAL, ENTITY] }),
      admitQualifierCall({ deployment, account: a(cast.qualifierB), name: "Beta Exchange", classes: [PROFESSIONAL, ENTITY] }),
      admitRegulatorCall({ deployment, account: a(cast.regulator), jurisdiction: "CH", name: "Swiss regulator" }),
      appointGuardianCall({ deployment, account: a(cast.guardian) }),
      appointSanctionsOperatorCall({ deployment, account: a(cast.sanctionsOperator) }),
    ],
    signers: gov,
    label: "admit the federation",
  });
  done(
    "scheduled on the timelock, 1 hour passed, executed: qualifiers Alpha KYB (1) and Beta Exchange (2), the Swiss regulator, a guardian, a sanctions operator",
  );
  const issuerSafe = await createSafe(connection, { deployer: cast.deployer, infrastructure: deployment.safe, owners: cast.issuerOwners.map(a), threshold: 2 });
  await qualifyIssuer(connection, { deployment, actor: cast.regulator, issuer: issuerSafe });
  done(`the regulator qualified the issuer, whose admin is the 2-of-3 Safe ${issuerSafe}`);

  // 2 ---------------------------------------------------------------------------------------------
  step(2, "The issuer deploys a tokenized bond with the credential and sanctions verifier and publishes its disclosure");
  const bond = await deployToken(connection, {
    deployer: cast.issuerAgent,
    deployment,
    token: {
      name: "Helvetia Bond 2031",
      symbol: "HB31",
      decimals: 18,
      issuer: issuerSafe,
      acceptedClasses: [PROFESSIONAL, ENTITY],
      disclosure: { classification: "", jurisdiction: "", documentUri: "", documentHash: `0x${"00".repeat(32)}` },
    },
  });
  token = bond.address;
  done(`bond HB31 at ${token}, verifier ${bond.verifier}`);
  const issuerSafeActor = { safe: issuerSafe, signers: issuerSigners };
  await send(connection, {
    actor: issuerSafeActor,
    ...setDisclosureCall({
      token,
      classification: "senior unsecured bond, 3.25% 2031",
      jurisdiction: "CH",
      documentUri: "ipfs://bafybeihelvetiabond2031prospectus",
      documentHash: keccak256(toHex("Helvetia Bond 2031 prospectus, final terms")),
    }),
    what: "publish the disclosure",
  });
  await listToken(connection, { deployment, actor: issuerSafeActor, token });
  await send(connection, {
    actor: issuerSafeActor,
    ...grantTokenRoleCall({ token, role: "MINTER_ROLE", account: a(cast.issuerAgent) }),
    what: "appoint the minting agent",
  });
  done("the issuer's Safe published the prospectus hash, listed the bond (DeFi-ready under the Swiss regulator) and appointed a minting agent");
  await setSanctioned(connection, {
    deployment,
    actor: cast.sanctionsOperator,
    accounts: options.sanctionedAddresses,
    sanctioned: true,
    source: "OFAC SDN, Digital Currency Address - ETH, 2024-09-27",
  });
  done(`the sanctions operator flagged ${options.sanctionedAddresses.length} addresses from the OFAC SDN list`);

  // 3 ---------------------------------------------------------------------------------------------
  step(3, "Qualifiers issue credentials to investor wallets; the issuer mints to them");
  const expiresAt = Number((await connection.publicClient.getBlock()).timestamp) + 365 * 24 * 3600;
  await issueCredentials(connection, {
    deployment,
    actor: cast.qualifierA,
    requests: [
      { holder: a(alice), classId: PROFESSIONAL, jurisdiction: "CH", expiresAt },
      { holder: a(bob), classId: PROFESSIONAL, jurisdiction: "DE", expiresAt },
      { holder: a(dana), classId: ENTITY, jurisdiction: "LU", expiresAt },
    ],
  });
  await issueCredentials(connection, { deployment, actor: cast.qualifierB, requests: [{ holder: a(chen), classId: ENTITY, jurisdiction: "SG", expiresAt }] });
  done("Alpha KYB qualified Alice, Bob and Dana; Beta Exchange qualified Chen (soulbound, one year)");
  for (const w of [alice, bob, chen, dana])
    await send(connection, { actor: cast.issuerAgent, ...mintCall({ token, to: a(w), amount: BOND("10000") }), what: "mint" });
  done("minted 10,000 HB31 to each of the four investors");

  // 4 ---------------------------------------------------------------------------------------------
  step(4, "Investors trade; transfers to an unqualified wallet and to a sanctioned address are refused");
  await send(connection, { actor: alice, ...transferCall(a(bob), BOND("500")), what: "transfer" });
  done("Alice sent 500 HB31 to Bob");
  const unqualified = await refused(alice, a(cast.outsider), BOND("100"));
  done(`Alice -> unqualified wallet refused, code ${unqualified.revertCode}: ${unqualified.message}`);
  const sanctionedAddress = options.sanctionedAddresses[0];
  const sanctioned = await refused(alice, sanctionedAddress, BOND("100"));
  done(`Alice -> ${sanctionedAddress} (OFAC SDN) refused, code ${sanctioned.revertCode}: ${sanctioned.message}`);

  // 5 ---------------------------------------------------------------------------------------------
  step(
    5,
    "Governance vets the Uniswap V2 pair's and Router02's code; a developer registers them (eligible at once); investors add liquidity and swap through the router",
  );
  const stableHash = await cast.developer.deployContract({ abi: demoStablecoinAbi, bytecode: demoStablecoinBytecode, args: [a(cast.developer)] });
  const stablecoin = getAddress((await waitForSuccess(connection, { hash: stableHash, what: "deploy the stablecoin" })).contractAddress!);
  for (const w of [alice, bob]) {
    await waitForSuccess(connection, {
      hash: await cast.developer.writeContract({ address: stablecoin, abi: demoStablecoinAbi, functionName: "mint", args: [a(w), USD("50000")] }),
      what: "mint stablecoins",
    });
  }
  const { pair, factory } = await deployUniswapPair(connection, cast.developer, token, stablecoin);
  const { router } = await deployUniswapRouter(connection, { deployer: cast.developer, factory });
  await governViaTimelock(connection, {
    deployment,
    calls: [
      vetCodeCall({ deployment, exemplar: pair, label: "Uniswap V2 pair (v2-core 1.0.1)" }),
      vetCodeCall({ deployment, exemplar: router, label: "Uniswap V2 Router02 (v2-periphery 1.1.0-beta.0)" }),
    ],
    signers: gov,
    label: "vet the Uniswap V2 pair and router",
  });
  done("governance vetted the Uniswap V2 pair's and Router02's code hashes (code no single key controls), through the Safe and the timelock");
  await registerContract(connection, { deployment, actor: cast.developer, target: pair });
  await registerContract(connection, { deployment, actor: cast.developer, target: router });
  done(`Uniswap V2 pair ${pair} and Router02 ${router} registered by the developer: vetted code, eligible at once`);
  const liquidity = { bond: BOND("2000"), usd: USD("2050") };
  const lpTokens = await addLiquidityViaRouter(connection, alice, router, {
    tokenA: token,
    tokenB: stablecoin,
    amountA: liquidity.bond,
    amountB: liquidity.usd,
  });
  done(`Alice added 2,000 HB31 and 2,050 dUSD through the router, received ${formatUnits(lpTokens, 18)} LP tokens`);
  const usdIn = USD("102.5");
  const bondOut = await swapViaRouter(connection, bob, router, { tokenIn: stablecoin, tokenOut: token, amountIn: usdIn });
  done(`Bob swapped 102.5 dUSD for ${formatUnits(bondOut, 18)} HB31 through the router`);

  // 6 ---------------------------------------------------------------------------------------------
  step(6, "Registration is accountable: an anonymous vault is refused; a developer's vault waits out its window and a guardian blocks it");
  const vaultHash = await cast.attacker.deployContract({ abi: selfRegisteringVaultAbi, bytecode: selfRegisteringVaultBytecode });
  const vault = getAddress((await waitForSuccess(connection, { hash: vaultHash, what: "deploy the vault" })).contractAddress!);
  let anonymousRegistration = "";
  try {
    await send(connection, {
      actor: cast.attacker,
      to: vault,
      data: encodeFunctionData({ abi: selfRegisteringVaultAbi, functionName: "registerSelf", args: [deployment.registries.contracts] }),
      what: "register the vault",
    });
  } catch (error) {
    anonymousRegistration = explainError(error);
  }
  if (!anonymousRegistration) throw new Error("the vault registered itself, but unvetted code needs an identifiable registrant");
  done(`the vault at ${vault} tried to register itself: refused, ${anonymousRegistration}`);
  await issueCredentials(connection, {
    deployment,
    actor: cast.qualifierA,
    requests: [{ holder: a(cast.attacker), classId: PROFESSIONAL, jurisdiction: "CH", expiresAt }],
  });
  await registerContract(connection, { deployment, actor: cast.attacker, target: vault });
  const filed = await contractRegistration(connection, { deployment, target: vault });
  done(
    `Alpha KYB qualified its developer, who registered it: on record as ${filed.registrant}, ${filed.status} until ${new Date(filed.windowEndsAt * 1000).toISOString()}`,
  );
  const inChallengeWindow = await refused(dana, vault, BOND("1"));
  done(`Dana -> vault refused, code ${inChallengeWindow.revertCode}: ${inChallengeWindow.message}`);
  await blockContract(connection, { deployment, actor: cast.guardian, target: vault, reason: "drains deposits: withdraw() sends to its deployer" });
  const blockedContract = await refused(dana, vault, BOND("1"));
  done(`the guardian reviewed it inside the window and blocked it; Dana -> vault refused, code ${blockedContract.revertCode}: ${blockedContract.message}`);

  // 7 ---------------------------------------------------------------------------------------------
  step(7, "Governance suspends a qualifier: its investors cannot trade until another qualifier vouches for them");
  await governViaTimelock(connection, {
    deployment,
    calls: [suspendQualifierCall({ deployment, id: 2, reason: "KYB process failed its audit" })],
    signers: gov,
    label: "suspend Beta",
  });
  const suspendedQualifier = await refused(chen, a(alice), BOND("10"));
  done(`Beta Exchange suspended; Chen -> Alice refused, code ${suspendedQualifier.revertCode}: ${suspendedQualifier.message}`);
  await issueCredentials(connection, { deployment, actor: cast.qualifierA, requests: [{ holder: a(chen), classId: ENTITY, jurisdiction: "SG", expiresAt }] });
  await send(connection, { actor: chen, ...transferCall(a(alice), BOND("10")), what: "transfer" });
  done("Alpha KYB qualified Chen; Chen sent 10 HB31 to Alice");

  // 8 ---------------------------------------------------------------------------------------------
  step(8, "A mistaken transfer is resolved by a forced transfer with a case reference, through the issuer's Safe");
  const mistaken = BOND("300");
  await send(connection, { actor: dana, ...transferCall(a(bob), mistaken), what: "transfer" });
  done("Dana sent 300 HB31 to Bob by mistake and filed case CASE-2026-0117");
  const caseRef = keccak256(toHex("CASE-2026-0117"));
  const forcedHash = await send(connection, {
    actor: issuerSafeActor,
    ...forcedTransferCall({ token, from: a(bob), to: a(dana), amount: mistaken, caseRef }),
    what: "force the transfer back",
  });
  done(`two of the issuer's three Safe owners signed; 300 HB31 moved back from Bob to Dana under case ${caseRef.slice(0, 10)}...`);

  // 9 ---------------------------------------------------------------------------------------------
  step(9, "Lending: the bond is collateral on Morpho Blue; its NAV falls; only a qualified liquidator can absorb the liquidation");
  const lending = await runLendingChapter(connection, { cast, deployment, token, stablecoin, issuerSafe, governanceSigners: gov, done });

  const balances = await Promise.all([alice, bob, chen, dana].map(async (w) => formatUnits(await bondsOf(a(w)), 18)));
  log("\nSummary");
  log(`  bond HB31 ${token}, DeFi-ready under the Swiss regulator`);
  log(`  balances: Alice ${balances[0]}, Bob ${balances[1]}, Chen ${balances[2]}, Dana ${balances[3]}`);
  log(`  pool ${pair}: ${formatUnits(await bondsOf(pair), 18)} HB31`);
  const r = { unqualified, sanctioned, inChallengeWindow, blockedContract, suspendedQualifier };
  log(
    `  refused: ${Object.entries(r)
      .map(([k, v]) => `${k} (code ${v.revertCode})`)
      .join(", ")}`,
  );

  return {
    deployment,
    issuerSafe,
    token,
    stablecoin,
    pair,
    router,
    vault,
    sanctionedAddress,
    anonymousRegistration,
    refusals: r,
    liquidity: { ...liquidity, lpTokens },
    swap: { usdIn, bondOut },
    forced: { hash: forcedHash, caseRef, from: a(bob), to: a(dana), amount: mistaken },
    lending,
  };
}
