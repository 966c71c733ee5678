import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../../dist/sdk");
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every module `entry` reaches through static imports and re-exports: our own files, walked, and the packages and Node built-ins they name. */
function staticImports(entry: string): { files: string[]; external: Set<string> } {
  const files: string[] = [];
  const external = new Set<string>();
  const queue = [entry];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    files.push(file);
    // Static `import ... from`, `export ... from` and bare `import "x"`; dynamic import() is not followed.
    for (const { fileName } of ts.preProcessFile(readFileSync(file, "utf8"), true, false).importedFiles) {
      if (fileName.startsWith(".")) queue.push(resolve(dirname(file), fileName));
      else external.add(fileName);
    }
  }
  return { files, external };
}

describe("The SDK's entry points", () => {
  it("the main entry (dist/sdk/index.js) reaches no Node built-in, so it bundles for a browser", () => {
    const { files, external } = staticImports(resolve(dist, "index.js"));
    assert.ok(files.length > 20, `walked only ${files.length} files: is dist/ built?`);
    const reached = [...external].filter((m) => builtins.has(m));
    assert.deepEqual(reached, [], `the main entry reaches ${reached.join(", ")}`);
    assert.ok(external.has("viem"), "the walk follows the SDK's imports down to its packages");
  });

  it("the node entry (dist/sdk/node.js) has the file helpers, and the walk sees their node:fs", async () => {
    const { external } = staticImports(resolve(dist, "node.js"));
    assert.ok(external.has("node:fs"), "a walk that cannot see node:fs here would prove nothing above");
    const node = await import("qualified/node");
    assert.equal(typeof node.readDeployment, "function");
    assert.equal(typeof node.writeDeployment, "function");
    const main = await import("qualified");
    assert.equal("readDeployment" in main, false);
  });
});
