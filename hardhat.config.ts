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
// Morpho Blue 1.0.0 pins solc 0.8.19; its compiler comes from the `solc-0.8.19` alias of the same package.
const soljson0819 = require.resolve("solc-0.8.19/soljson.js");

export default defineConfig({
  plugins: [hardhatViem, hardhatNodeTestRunner, hardhatNetworkHelpers, hardhatViemAssertions],
  solidity: {
    compilers: [
      {
        version: "0.8.30",
        path: soljson,
        settings: {
          optimizer: { enabled: true, runs: 10_000 },
          evmVersion: "prague",
          // No metadata hash in the bytecode: the metadata lists the remappings of the whole compilation job, which
          // differ between a clean and an incremental build, so bytecode (and deployment gas) would too.
          metadata: { bytecodeHash: "none" },
        },
      },
      {
        // Morpho Blue (pragma 0.8.19), unmodified, with the settings of its repository's foundry.toml.
        version: "0.8.19",
        path: soljson0819,
        settings: {
          viaIR: true,
          optimizer: { enabled: true, runs: 999_999 },
          evmVersion: "paris",
          metadata: { bytecodeHash: "none" },
        },
      },
    ],
    // Built from npm so the SDK can deploy them: the governance timelock; Morpho Blue for the lending market.
    npmFilesToBuild: [
      "@openzeppelin/contracts/governance/TimelockController.sol",
      "@morpho-org/morpho-blue/src/Morpho.sol",
      // Axelar's own gateway mock, for the Axelar messenger's local tests.
      "@axelar-network/axelar-gmp-sdk-solidity/contracts/test/mocks/MockGateway.sol",
    ],
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
