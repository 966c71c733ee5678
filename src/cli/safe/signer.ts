import { QualifiedError, type Connection, type Signer } from "../../sdk/index.js";
import { operator, unlockedSigner } from "../options.js";
import { parseAddress } from "../parse.js";

/** The signer of a Safe owner's command: --from (held unlocked by the node), else --private-key / QUALIFIED_PRIVATE_KEY, else the node's first account. */
export async function ownerSigner(connection: Connection, opts: { from?: string; privateKey?: string }): Promise<Signer> {
  if (opts.from && opts.privateKey) throw new QualifiedError("give either --from or --private-key, not both");
  if (opts.from) return unlockedSigner(connection, parseAddress(opts.from, "--from"), "sign with --private-key instead");
  return operator(connection, opts.privateKey);
}
