import { createHardhatRuntimeEnvironment } from "hardhat/hre";
import type { EIP1193Provider } from "viem";

/**
 * An in-process chain (Hardhat's EDR simulator) with 20 funded, unlocked development accounts.
 * Nothing is downloaded and nothing listens on a port. `chainId` gives it another chain id (a second chain).
 */
export async function startEmbeddedChain(options: { chainId?: number } = {}): Promise<{ provider: EIP1193Provider; close: () => Promise<void> }> {
  const hre = await createHardhatRuntimeEnvironment({});
  const connection = await hre.network.create(options.chainId === undefined ? undefined : { override: { chainId: options.chainId } });
  return { provider: connection.provider as unknown as EIP1193Provider, close: () => connection.close() };
}

/**
 * The same chain served over JSON-RPC on `hostname:port`, for other processes (the qualifier service, the
 * monitor, a wallet) to attach to. Resolves once it listens.
 */
export async function serveChain(hostname: string, port: number) {
  const hre = await createHardhatRuntimeEnvironment({});
  const server = await hre.network.createServer("default", hostname, port);
  const { address, port: actualPort } = await server.listen();
  return { url: `http://${address}:${actualPort}`, close: () => server.close(), closed: () => server.afterClosed() };
}
