import { createConfig } from "ponder";
import { http, type Address } from "viem";
import { transferAbi } from "./transfer-abi";

// Everything comes from the environment bench/indexer.ts sets: the local node, the token, the database.
const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this through npm run bench:indexer`);
  return value;
};

export default createConfig({
  database: process.env.DATABASE_URL
    ? { kind: "postgres", connectionString: process.env.DATABASE_URL }
    : { kind: "pglite", directory: env("BENCH_PGLITE_DIR") },
  networks: {
    local: {
      chainId: 31337,
      // A local node answers dense ranges with responses over viem's default 10 MiB cap, and has no rate limit.
      transport: http(env("BENCH_RPC_URL"), { maxResponseBodySize: false }),
      maxRequestsPerSecond: 10_000,
      disableCache: true,
    },
  },
  contracts: {
    Token: {
      network: "local",
      abi: transferAbi,
      address: env("BENCH_TOKEN") as Address,
      startBlock: Number(env("BENCH_START_BLOCK")),
    },
  },
});
