import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { serveChain } from "../../src/chain/embedded.js";
import { startSourceCache, type SourceCache } from "../../src/stress/replay/source-cache.js";
import { countingProxy } from "../support/counting-proxy.js";

/** The relay between a fork and its source chain: a pinned block's state is asked of the source once. */
describe("stress replay: the fork's relay to the source", () => {
  let server: Awaited<ReturnType<typeof serveChain>>;
  let counter: Awaited<ReturnType<typeof countingProxy>>;
  let relay: SourceCache;
  const ACCOUNT = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
  const rpc = async (url: string, method: string, params: unknown[]) => {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 7, method, params }),
    });
    return { status: response.status, body: (await response.json()) as { id?: number; result?: unknown; error?: unknown } };
  };

  before(async () => {
    server = await serveChain("127.0.0.1", 0);
    counter = await countingProxy(server.url);
    relay = await startSourceCache(counter.url, 0n, 0n);
  });
  after(async () => {
    await relay?.close();
    await counter?.close();
    await server?.close();
  });

  it("answers a question about the fork block once from the source, then from memory, with the asker's id", async () => {
    counter.reset();
    const first = await rpc(relay.url, "eth_getBalance", [ACCOUNT, "0x0"]);
    const again = await rpc(relay.url, "eth_getTransactionCount", [ACCOUNT, "0x0"]);
    const third = await rpc(relay.url, "eth_getBalance", [ACCOUNT.toUpperCase().replace("0X", "0x"), "0x0"]);
    assert.equal(first.body.id, 7);
    assert.equal(first.body.result, (await rpc(server.url, "eth_getBalance", [ACCOUNT, "0x0"])).body.result);
    assert.equal(third.body.result, first.body.result);
    assert.equal(again.body.result, "0x0");
    // One batch to the source (the direct check above went around the relay), then nothing: the two later questions came from memory.
    assert.equal(counter.count(), 3, "balance, nonce and code in one batch");
    assert.equal(counter.repeated(), 0);
  });

  it("forwards what can change (the latest block) every time, and says the source's head is past the fork block", async () => {
    counter.reset();
    await rpc(relay.url, "eth_getBalance", [ACCOUNT, "latest"]);
    await rpc(relay.url, "eth_getBalance", [ACCOUNT, "latest"]);
    assert.equal(counter.count(), 2);
    const head = await rpc(relay.url, "eth_blockNumber", []);
    assert.ok(BigInt(head.body.result as string) >= 1_000n);
  });

  it("serves only who knows its path, refuses what is not JSON, and gives the code of accounts in one batch", async () => {
    const wrongPath = await fetch(new URL("/", relay.url), { method: "POST", body: "{}" });
    assert.equal(wrongPath.status, 404);
    const notJson = await fetch(relay.url, { method: "POST", body: "{not json" });
    assert.equal(notJson.status, 400);
    counter.reset();
    const others = Array.from({ length: 150 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}` as const);
    const codes = await relay.codeAt(others);
    assert.equal(codes.length, 150);
    assert.ok(codes.every((c) => c === "0x"));
    assert.equal(counter.count(), 450, "balance, nonce and code of each, in two batches");
  });

  it("keeps what a prestate trace of the coming reads says, so the fork asks the source nothing more about it", async () => {
    const reader = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    counter.reset();
    await relay.prefetch([{ to: reader, data: "0x" }]);
    assert.equal(counter.count(), 1, "one trace");
    const balance = await rpc(relay.url, "eth_getBalance", [reader, "0x0"]);
    assert.equal(balance.body.result, (await rpc(server.url, "eth_getBalance", [reader, "0x0"])).body.result);
    assert.equal(counter.count(), 1, "the balance came from the trace");
  });
});
