import type { Command } from "commander";
import { decodeFunctionData, encodeFunctionData, parseAbi, type Abi, type Address, type Hash, type Hex } from "viem";
import {
  caseReference,
  connectRpc,
  deployComposedToken,
  explainError,
  forcedTransferCall,
  issuerRegistryAbi,
  mintCall,
  QualifiedError,
  securityTokenAbi,
  send,
  setDisclosureCall,
  setFrozenTokensCall,
  setWalletFrozenCall,
  type Call,
  type Connection,
  type ContractPolicy,
  type Deployment,
  type Signer,
  type Actor,
  decodeRevert,
  describeHolder,
  explainRestriction,
  unlockedAccounts,
} from "../../sdk/index.js";
import { readDeployment, writeDeployment } from "../../sdk/node.js";
import { deploymentOption, jsonOption, operator, privateKeyOption, rpcOption, toJson, unlockedSigner } from "../options.js";
import { parseAddress, parseAmount, parseInteger } from "../parse.js";
import { proposeToSafe, VIA_SAFE_HELP } from "../safe/propose.js";

interface IssuerOptions {
  rpc: string;
  deployment: string;
  privateKey?: string;
  from?: string;
  safeOwners?: string;
  viaSafe?: boolean;
  token?: string;
  json?: boolean;
  dryRun?: boolean;
}

/** The context every issuer command needs: the chain, the deployment, the token and who signs. */
async function context(opts: IssuerOptions) {
  const deployment = readDeployment(opts.deployment);
  const token = resolveToken(deployment, opts.token);
  const connection = await connectRpc(opts.rpc);
  const signer = await signerFor(connection, opts);
  return { deployment, token, connection, signer };
}

/** `--from ADDRESS` (an account the node holds unlocked, such as a sandbox part), else `operator()`. */
async function signerFor(connection: Connection, opts: IssuerOptions): Promise<Signer> {
  if (!opts.from) return operator(connection, opts.privateKey);
  if (opts.privateKey) throw new QualifiedError("give either --from or --private-key, not both");
  return unlockedSigner(connection, parseAddress(opts.from, "--from"), "sign with --private-key instead");
}

/** `--token`, else the deployment's only token. */
function resolveToken(deployment: Deployment, given?: string): Address {
  if (given) return parseAddress(given, "token");
  if (deployment.tokens.length === 1) return deployment.tokens[0].address;
  if (deployment.tokens.length === 0) throw new QualifiedError("the deployment file records no token: give --token ADDRESS");
  throw new QualifiedError(`the deployment file records ${deployment.tokens.length} tokens: say which with --token ADDRESS`);
}

async function decimalsOf(connection: Connection, token: Address): Promise<number> {
  const code = await connection.publicClient.getCode({ address: token });
  if (!code || code === "0x") throw new QualifiedError(`${token} is not a contract on this chain`);
  return connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "decimals" });
}

const MAX_UINT256 = (1n << 256n) - 1n;

/** A decimal amount in base units, refused with a short sentence when it cannot fit a uint256 (enormous input is never echoed). */
function amountOf(text: string, decimals: number): bigint {
  if (text.length > 100) throw new QualifiedError(`amount is too large (${text.length} characters): the token counts in uint256 base units`);
  const value = parseAmount(text, decimals);
  if (value > MAX_UINT256) throw new QualifiedError(`amount is too large: the token counts in uint256 base units`);
  return value;
}

const verifierProbe = parseAbi([
  "function detectTransferRestriction(address from, address to, uint256 amount) view returns (uint8)",
  "function detectSendRestriction(address account) view returns (uint8)",
  "function detectReceiveRestriction(address account) view returns (uint8)",
  "function messageForTransferRestriction(uint8 code) view returns (string)",
]);

/** Refuses an address that does not answer the transfer verifier's questions: a token pointed at it would refuse every transfer. */
async function assertVerifier(connection: Connection, verifier: Address): Promise<void> {
  const ask = (functionName: string, args: readonly unknown[]) =>
    connection.publicClient.readContract({ address: verifier, abi: verifierProbe, functionName, args } as never);
  const code = await connection.publicClient.getCode({ address: verifier });
  try {
    if (!code || code === "0x") throw new Error("no code");
    await ask("detectTransferRestriction", [verifier, verifier, 0n]);
    await ask("detectSendRestriction", [verifier]);
    await ask("detectReceiveRestriction", [verifier]);
    await ask("messageForTransferRestriction", [0]);
  } catch {
    throw new QualifiedError(
      `${verifier} does not answer as a transfer verifier (detectTransferRestriction, detectSendRestriction, detectReceiveRestriction, messageForTransferRestriction): the token would refuse every transfer`,
    );
  }
}

/** A call decoded for people: target, function and named arguments. */
function describeCall(abi: Abi, call: Call) {
  const { functionName, args } = decodeFunctionData({ abi, data: call.data });
  const item = abi.find((x) => x.type === "function" && x.name === functionName);
  const inputs = item && item.type === "function" ? item.inputs : [];
  const named: Record<string, unknown> = {};
  (args ?? []).forEach((value, i) => {
    named[inputs[i]?.name || `arg${i}`] = value;
  });
  return { target: call.to, function: functionName, args: named };
}

/** A refusal as a sentence: a transfer restriction in the token's own words, anything else as explainError says. */
async function explainRefusal(connection: Connection, token: Address, error: unknown): Promise<string> {
  const revert = decodeRevert(error);
  if (revert?.name === "TransferRestricted") {
    const [code, from, to] = revert.args as [number, Address, Address];
    const reason = await explainRestriction(connection, { token, code: Number(code) }).catch(() => `restriction code ${code}`);
    return `the token refuses to move tokens from ${from} to ${to}: ${reason} (code ${code})`;
  }
  if (revert?.name === "AccessControlUnauthorizedAccount") {
    // The key lacks the role; say so when the token's issuer is a Safe, whose owners sign instead.
    const issuer = await connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "issuer" }).catch(() => undefined);
    const holder = issuer ? await describeHolder(connection, { address: issuer }) : undefined;
    if (holder?.kind === "safe" && revert.args[0] !== issuer)
      return `${explainError(error)}; the token's issuer is the Safe ${issuer} (${holder.threshold} of ${holder.owners.length}): have its owners sign with --safe-owners, or propose with --via-safe`;
  }
  return explainError(error);
}

/** Who sends: the signer's key, or (with --safe-owners) the token's issuer Safe, signed by those owners. */
async function actorFor(
  connection: Connection,
  token: Address,
  signer: Signer,
  opts: IssuerOptions,
): Promise<{ actor: Actor; sender: Address; signedBy: Address[] }> {
  if (!opts.safeOwners) return { actor: signer, sender: signer.account.address, signedBy: [signer.account.address] };
  const safe = await connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "issuer" });
  const holder = await describeHolder(connection, { address: safe });
  if (holder.kind !== "safe")
    throw new QualifiedError(`the token's issuer ${safe} is not a Safe: sign with its key (--from or --private-key) instead of --safe-owners`);
  const unlocked = new Set((await unlockedAccounts(connection)).map((a) => a.toLowerCase()));
  const owners = opts.safeOwners.split(",").map((o, i) => parseAddress(o.trim(), `Safe owner ${i + 1}`));
  for (const o of owners) {
    if (!holder.owners.some((x) => x.toLowerCase() === o.toLowerCase())) throw new QualifiedError(`${o} is not an owner of the Safe ${safe}`);
    if (!unlocked.has(o.toLowerCase())) throw new QualifiedError(`the node does not hold the Safe owner ${o} unlocked`);
  }
  if (new Set(owners.map((o) => o.toLowerCase())).size < holder.threshold)
    throw new QualifiedError(`the Safe ${safe} needs ${holder.threshold} owners' signatures and --safe-owners names ${owners.length}`);
  return { actor: { safe, signers: owners.map((o) => connection.signer(o)) }, sender: safe, signedBy: owners };
}

/** Sends `call` as the issuer (or, with --dry-run, prints what would be sent and whether it would succeed), then reports. */
async function run(opts: IssuerOptions, abi: Abi, build: (token: Address, decimals: () => Promise<number>) => Promise<Call> | Call, what: string) {
  const { token, connection, signer } = await context(opts);
  const call = await build(token, () => decimalsOf(connection, token));
  if (opts.viaSafe) {
    if (opts.safeOwners) throw new QualifiedError("give either --via-safe (owners sign over time) or --safe-owners (all sign now), not both");
    const safe = await connection.publicClient.readContract({ address: token, abi: securityTokenAbi, functionName: "issuer" });
    return proposeToSafe({
      connection,
      deploymentFile: opts.deployment,
      safe,
      proposer: signer,
      action: what.split(" ")[0],
      summary: what,
      call,
      explain: (e) => explainRefusal(connection, token, e),
      json: opts.json,
      dryRun: opts.dryRun,
    });
  }
  const { actor, sender, signedBy } = await actorFor(connection, token, signer, opts);
  const described = { action: what, token, ...describeCall(abi, call), signer: sender, ...(opts.safeOwners ? { safeOwners: signedBy } : {}) };
  if (opts.dryRun) {
    // Simulate as the sender (the key, or the Safe) so a dry run says whether the call would be refused; nothing is sent.
    let wouldSucceed = true;
    let refusal: string | undefined;
    try {
      await connection.publicClient.call({ account: sender, to: call.to, data: call.data });
    } catch (error) {
      wouldSucceed = false;
      refusal = await explainRefusal(connection, token, error);
    }
    const result = { dryRun: true, ...described, wouldSucceed, ...(refusal ? { refusal } : {}) };
    if (opts.json) console.log(toJson(result));
    else {
      console.log(`dry run: ${what} (nothing sent)`);
      console.log(`  target    ${call.to}`);
      console.log(`  function  ${described.function}`);
      for (const [k, v] of Object.entries(described.args)) console.log(`  ${k.padEnd(9)} ${String(v)}`);
      console.log(`  signer    ${sender}${opts.safeOwners ? ` (Safe, signed by ${signedBy.join(", ")})` : ""}`);
      console.log(wouldSucceed ? "  would succeed" : `  would be refused: ${refusal}`);
    }
    return;
  }
  let transaction: Hash;
  try {
    // Simulated as the sender first (the Safe reports an inner revert only as ExecutionFailure), then sent.
    if (opts.safeOwners) await connection.publicClient.call({ account: sender, to: call.to, data: call.data });
    transaction = await send(connection, { actor, ...call, what });
  } catch (error) {
    throw new QualifiedError(await explainRefusal(connection, token, error));
  }
  if (opts.json) console.log(toJson({ ...described, transaction }));
  else console.log(`${what}: done (transaction ${transaction})`);
}

const fromOption = (c: Command) => c.option("--from <address>", "sign as an account the node holds unlocked (e.g. the sandbox's issuer)");

function common(command: Command, sends = true): Command {
  let c = fromOption(privateKeyOption(deploymentOption(rpcOption(command)), "issuer (a holder of the token role the command needs)"));
  c = c.option("--token <address>", "the token (default: the deployment's only token)");
  c = jsonOption(c);
  c = c.option(
    "--safe-owners <addresses>",
    "when the token's issuer is a Safe: the owners (unlocked on the node, comma separated, at least the threshold) who sign; the Safe sends",
  );
  c = c.option("--via-safe", `when the token's issuer is a Safe: ${VIA_SAFE_HELP}`);
  if (sends) c = c.option("--dry-run", "print what would be sent (target, function, arguments, signer) and whether it would succeed; send nothing");
  return c;
}

const tokenCall = (token: Address, functionName: string, args: readonly unknown[]): Call => ({
  to: token,
  data: encodeFunctionData({ abi: securityTokenAbi, functionName, args } as never) as Hex,
});

const CASE = ["--case <reference>", "the case this enforcement answers to: a bytes32, or a case name (hashed with keccak-256)"] as const;

/** `qualified issuer ...`: the token issuer's operations, signed with a key that holds the token's roles. */
export function addIssuerCommands(program: Command): void {
  const issuer = program.command("issuer").description("the issuer's token operations: deploy, mint, burn, freeze, pause, enforce, disclose, list");

  common(
    issuer
      .command("mint")
      .description("create tokens for a qualified holder (MINTER_ROLE)")
      .argument("<to>", "holder")
      .argument("<amount>", "amount in whole tokens, e.g. 100 or 12.5"),
  ).action((to: string, amount: string, opts: IssuerOptions) => {
    const holder = parseAddress(to, "holder");
    return run(opts, securityTokenAbi, async (t, d) => mintCall({ token: t, to: holder, amount: amountOf(amount, await d()) }), `mint ${amount} to ${holder}`);
  });

  common(
    issuer
      .command("burn")
      .description("destroy a holder's tokens, frozen ones first (MINTER_ROLE)")
      .argument("<from>", "holder")
      .argument("<amount>", "amount in whole tokens"),
  ).action((from: string, amount: string, opts: IssuerOptions) => {
    const holder = parseAddress(from, "holder");
    return run(opts, securityTokenAbi, async (t, d) => tokenCall(t, "burn", [holder, amountOf(amount, await d())]), `burn ${amount} from ${holder}`);
  });

  common(issuer.command("freeze").description("freeze a wallet: it can neither send nor receive (FREEZER_ROLE)").argument("<account>", "wallet")).action(
    (account: string, opts: IssuerOptions) => {
      const wallet = parseAddress(account, "wallet");
      return run(opts, securityTokenAbi, (t) => setWalletFrozenCall({ token: t, account: wallet, frozen: true }), `freeze ${wallet}`);
    },
  );

  common(issuer.command("unfreeze").description("unfreeze a wallet (FREEZER_ROLE)").argument("<account>", "wallet")).action(
    (account: string, opts: IssuerOptions) => {
      const wallet = parseAddress(account, "wallet");
      return run(opts, securityTokenAbi, (t) => setWalletFrozenCall({ token: t, account: wallet, frozen: false }), `unfreeze ${wallet}`);
    },
  );

  common(
    issuer
      .command("set-frozen")
      .description("set how many of a holder's tokens are frozen (0 releases them) (FREEZER_ROLE)")
      .argument("<account>", "holder")
      .argument("<amount>", "frozen amount in whole tokens"),
  ).action((account: string, amount: string, opts: IssuerOptions) => {
    const wallet = parseAddress(account, "holder");
    return run(
      opts,
      securityTokenAbi,
      async (t, d) => setFrozenTokensCall({ token: t, account: wallet, amount: amountOf(amount, await d()) }),
      `freeze ${amount} of ${wallet}`,
    );
  });

  common(issuer.command("pause").description("stop every transfer of the token (PAUSER_ROLE)")).action((opts: IssuerOptions) =>
    run(opts, securityTokenAbi, (t) => tokenCall(t, "pause", []), "pause the token"),
  );
  common(issuer.command("unpause").description("let transfers resume (PAUSER_ROLE)")).action((opts: IssuerOptions) =>
    run(opts, securityTokenAbi, (t) => tokenCall(t, "unpause", []), "unpause the token"),
  );

  common(
    issuer
      .command("force")
      .description("move tokens without the holder's consent, under a case reference (ENFORCER_ROLE)")
      .argument("<from>", "holder")
      .argument("<to>", "recipient")
      .argument("<amount>", "amount in whole tokens")
      .requiredOption(...CASE),
  ).action((from: string, to: string, amount: string, opts: IssuerOptions & { case: string }) => {
    const a = parseAddress(from, "holder");
    const b = parseAddress(to, "recipient");
    if (!opts.case.trim()) throw new QualifiedError("--case needs a case reference");
    return run(
      opts,
      securityTokenAbi,
      async (t, d) => forcedTransferCall({ token: t, from: a, to: b, amount: amountOf(amount, await d()), caseRef: opts.case }),
      `force ${amount} from ${a} to ${b}`,
    );
  });

  common(
    issuer
      .command("recover")
      .description("move a lost wallet's tokens and frozen state to a new wallet, under a case reference (ENFORCER_ROLE)")
      .argument("<lost>", "lost wallet")
      .argument("<new>", "new wallet")
      .requiredOption(...CASE),
  ).action((lost: string, fresh: string, opts: IssuerOptions & { case: string }) => {
    const a = parseAddress(lost, "lost wallet");
    const b = parseAddress(fresh, "new wallet");
    if (!opts.case.trim()) throw new QualifiedError("--case needs a case reference");
    return run(opts, securityTokenAbi, (t) => tokenCall(t, "recoverWallet", [a, b, caseReference(opts.case)]), `recover ${a} to ${b}`);
  });

  common(
    issuer
      .command("disclose")
      .description("publish the token's disclosure: classification, jurisdiction, offering document (admin)")
      .requiredOption("--classification <text>", "e.g. 'equity security'")
      .requiredOption("--jurisdiction <code>", "two-letter country code, e.g. CH")
      .requiredOption("--document-uri <uri>", "where the offering document is published")
      .requiredOption("--document-hash <bytes32>", "keccak-256 of the offering document"),
  ).action((opts: IssuerOptions & { classification: string; jurisdiction: string; documentUri: string; documentHash: string }) => {
    if (!/^0x[0-9a-fA-F]{64}$/.test(opts.documentHash)) throw new QualifiedError("--document-hash must be 32 bytes of hex (0x and 64 hex digits)");
    if (!/^[A-Za-z]{2}$/.test(opts.jurisdiction)) throw new QualifiedError(`--jurisdiction "${opts.jurisdiction}" is not a two-letter country code`);
    const p = {
      classification: opts.classification,
      jurisdiction: opts.jurisdiction.toUpperCase(),
      documentUri: opts.documentUri,
      documentHash: opts.documentHash as Hex,
    };
    return run(opts, securityTokenAbi, (t) => setDisclosureCall({ token: t, ...p }), "publish the disclosure");
  });

  common(issuer.command("set-verifier").description("replace the token's transfer verifier (admin)").argument("<verifier>", "verifier contract")).action(
    async (verifierArg: string, opts: IssuerOptions) => {
      const verifier = parseAddress(verifierArg, "verifier");
      const connection = await connectRpc(opts.rpc);
      await assertVerifier(connection, verifier);
      return run(opts, securityTokenAbi, async (t) => tokenCall(t, "setVerifier", [verifier]), `set the verifier to ${verifier}`);
    },
  );

  for (const [name, fn, text] of [
    ["list", "listToken", "list the token in the issuer registry: DeFi-ready while the issuer is qualified"],
    ["delist", "delistToken", "remove the token from the issuer registry"],
  ] as const) {
    common(issuer.command(name).description(`${text} (the token's issuer)`)).action(async (opts: IssuerOptions) => {
      const deployment = readDeployment(opts.deployment);
      return run(
        opts,
        issuerRegistryAbi,
        (t) => ({ to: deployment.registries.issuers, data: encodeFunctionData({ abi: issuerRegistryAbi, functionName: fn, args: [t] }) }),
        `${name} the token`,
      );
    });
  }

  fromOption(
    privateKeyOption(
      deploymentOption(
        rpcOption(
          issuer
            .command("deploy-token")
            .description("deploy a token with its credential verifier and record it in the deployment file")
            .requiredOption("--name <name>", "token name")
            .requiredOption("--symbol <symbol>", "token symbol")
            .option("--decimals <n>", "decimals", "18")
            .requiredOption("--classes <ids>", "accepted credential class ids, comma separated (e.g. 1,2)")
            .option("--contract-policy <policy>", "which registered contracts may hold it: registered, vetted or none", "registered")
            .option("--issuer <address>", "the issuer that receives every role (default: the signer)")
            .option("--blocklist [oracle]", "add a blocklist the issuer keeps, reading a sanctions oracle too when its address is given")
            .option("--allowlist", "add an allowlist the issuer keeps: only listed wallets may send or receive")
            .option("--redeem-only <address>", "add the no-transfer rule: holders may move tokens only to this redemption address")
            .requiredOption("--classification <text>", "e.g. 'equity security'")
            .requiredOption("--jurisdiction <code>", "two-letter country code")
            .requiredOption("--document-uri <uri>", "offering document")
            .requiredOption("--document-hash <bytes32>", "keccak-256 of the offering document")
            .option("--dry-run", "print the token that would be deployed; send nothing"),
        ),
      ),
      "deployer",
    ),
  );
  jsonOption(issuer.commands.find((c) => c.name() === "deploy-token")!).action(
    async (
      opts: IssuerOptions & {
        name: string;
        symbol: string;
        decimals: string;
        classes: string;
        contractPolicy: string;
        issuer?: string;
        blocklist?: string | boolean;
        allowlist?: boolean;
        redeemOnly?: string;
        classification: string;
        jurisdiction: string;
        documentUri: string;
        documentHash: string;
      },
    ) => {
      const decimals = parseInteger(opts.decimals, "--decimals", 0, 36);
      const classes = opts.classes.split(",").map((c) => parseInteger(c.trim(), "class id", 0, 255));
      if (!["registered", "vetted", "none"].includes(opts.contractPolicy))
        throw new QualifiedError(`--contract-policy "${opts.contractPolicy}" must be registered, vetted or none`);
      if (!/^0x[0-9a-fA-F]{64}$/.test(opts.documentHash)) throw new QualifiedError("--document-hash must be 32 bytes of hex (0x and 64 hex digits)");
      if (!/^[A-Za-z]{2}$/.test(opts.jurisdiction)) throw new QualifiedError(`--jurisdiction "${opts.jurisdiction}" is not a two-letter country code`);
      const oracle = typeof opts.blocklist === "string" ? parseAddress(opts.blocklist, "--blocklist oracle") : undefined;
      const redemption = opts.redeemOnly ? parseAddress(opts.redeemOnly, "--redeem-only redemption address") : undefined;
      const deployment = readDeployment(opts.deployment);
      const connection = await connectRpc(opts.rpc);
      const signer = await signerFor(connection, opts);
      const issuerAddress = opts.issuer ? parseAddress(opts.issuer, "issuer") : signer.account.address;
      const config = {
        name: opts.name,
        symbol: opts.symbol,
        decimals,
        issuer: issuerAddress,
        acceptedClasses: classes,
        contractPolicy: opts.contractPolicy as ContractPolicy,
        disclosure: {
          classification: opts.classification,
          jurisdiction: opts.jurisdiction.toUpperCase(),
          documentUri: opts.documentUri,
          documentHash: opts.documentHash as Hex,
        },
      };
      const rules = [
        "CredentialVerifier",
        ...(opts.blocklist ? ["BlocklistVerifier"] : []),
        ...(opts.allowlist ? ["AllowlistVerifier"] : []),
        ...(redemption ? ["NoTransferVerifier"] : []),
      ];
      if (opts.dryRun) {
        const plan = {
          dryRun: true,
          deploy: [...rules, ...(rules.length > 1 ? ["AllOfVerifier"] : []), "SecurityToken"],
          signer: signer.account.address,
          ...config,
        };
        if (opts.json) console.log(toJson(plan));
        else
          console.log(
            `dry run: would deploy ${opts.symbol} (classes ${classes.join(",")}, contracts: ${opts.contractPolicy}) for issuer ${issuerAddress}, signed by ${signer.account.address}; nothing sent`,
          );
        return;
      }
      const entry = await deployComposedToken(connection, {
        deployer: signer,
        deployment,
        token: config,
        ...(opts.blocklist ? { blocklist: { oracle } } : {}),
        allowlist: Boolean(opts.allowlist),
        ...(redemption ? { noTransfer: { redemption } } : {}),
      });
      writeDeployment(opts.deployment, deployment);
      if (opts.json) console.log(toJson(entry));
      else console.log(`deployed ${entry.symbol} at ${entry.address} (verifier ${entry.verifier}); recorded in ${opts.deployment}`);
    },
  );
}
