import { z } from "zod";
import { addressSchema as address } from "./address-schema.js";

/** Everything a deployment put on chain, as written to (and read from) the deployment file. */
export const deploymentSchema = z.object({
  chainId: z.number().int().positive(),
  deployedAt: z.string(),
  safe: z.object({ singleton: address, proxyFactory: address, fallbackHandler: address }),
  governance: z.object({ safe: address, owners: z.array(address), threshold: z.number().int(), timelock: address, delay: z.number().int() }),
  registries: z.object({ credentials: address, contracts: address, issuers: address }),
  classes: z.record(z.string(), z.number().int()),
  tokens: z.array(z.object({ address, symbol: z.string(), issuer: address, verifier: address, acceptedClasses: z.string() })),
});
export type Deployment = z.infer<typeof deploymentSchema>;
