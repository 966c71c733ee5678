import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";

/** Questions about an account or a slot at a block: asking one twice is a wasted round trip. */
const STATE = new Set(["eth_getBalance", "eth_getTransactionCount", "eth_getCode", "eth_getStorageAt"]);

/**
 * A pass-through to `target` that counts the JSON-RPC requests it carries (each item of a batch), and the
 * questions about the state that were asked before.
 */
export async function countingProxy(target: string) {
  let count = 0;
  const asked = new Set<string>();
  let repeated = 0;
  const to = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      try {
        const parsed = JSON.parse(body.toString("utf8"));
        const items = (Array.isArray(parsed) ? parsed : [parsed]) as { method?: string; params?: unknown[] }[];
        count += items.length;
        for (const item of items) {
          if (!STATE.has(item.method ?? "")) continue;
          const key = `${item.method}:${JSON.stringify(item.params).toLowerCase()}`;
          if (asked.has(key)) repeated++;
          asked.add(key);
        }
      } catch {
        count += 1;
      }
      const forward = request(
        { host: to.hostname, port: to.port, path: to.pathname, method: "POST", headers: { "content-type": "application/json" } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, { "content-type": "application/json" });
          answer.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => count,
    repeated: () => repeated,
    reset: () => {
      count = 0;
      repeated = 0;
      asked.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
