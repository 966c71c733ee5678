import { createRequire } from "node:module";
import { defineConfig } from "hardhat/config";
import hardhatViem from "@nomicfoundation/hardhat-viem";
import hardhatNodeTestRunner from "@nomicfoundation/hardhat-node-test-runner";
import hardhatNetworkHelpers from "@nomicfoundation/hardhat-network-helpers";
import hardhatViemAssertions from "@nomicfoundation/hardhat-viem-assertions";

// solc ships as a WebAssembly build inside the `solc` npm package, so compiling
// never needs a download. Hardhat wants an absolute path.
const require = createRequire(import.meta.url);
const soljson = require.resolve("solc/soljson.js");

export default defineConfig({
  plugins: [hardhatViem, hardhatNodeTestRunner, hardhatNetworkHelpers, hardhatViemAssertions],
  solidity: {
    version: "0.8.30",
    path: soljson,
    // Built from npm so the SDK can deploy it: the governance timelock.
    npmFilesToBuild: [
      "@openzeppelin/contracts/governance/TimelockController.sol",
      // Axelar's own gateway mock, for the Axelar messenger's local tests.
      "@axelar-network/axelar-gmp-sdk-solidity/contracts/test/mocks/MockGateway.sol",
    ],
    settings: {
      optimizer: { enabled: true, runs: 10_000 },
      evmVersion: "prague",
    },
  },
  paths: {
    sources: {
      solidity: ["contracts", "bench/contracts", "test/contracts"],
    },
    tests: {
      solidity: "test/solidity",
      nodejs: "test/ts",
    },
  },
  test: {
    solidity: {
      fuzz: { runs: 512 },
      invariant: { runs: 256, depth: 100 },
    },
  },
});
