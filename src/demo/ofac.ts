import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { getAddress, isAddress, type Address } from "viem";

/** The OFAC SDN Ethereum addresses shipped in data/ofac (a dated snapshot of the official list). */
export function loadOfacAddresses(): Address[] {
  const file = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "data", "ofac", "sanctioned_addresses_ETH.txt");
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => isAddress(l, { strict: false }))
    .map((l) => getAddress(l));
}
