import type { Address } from "viem";
import { endpointV2Abi, endpointV2Bytecode, simpleMessageLibAbi, simpleMessageLibBytecode } from "../sdk/abi/contracts.js";
import type { Connection, Signer } from "../sdk/clients.js";
import { waitForSuccess } from "../sdk/transactions.js";

/** LayerZero on a local chain: the real EndpointV2 and SimpleMessageLib, as LayerZero publishes them. */
export interface LocalLayerZero {
  eid: number;
  endpoint: Address;
  /** Send and receive library; its `validatePacket` (the whitelisted relayer only) verifies packets. */
  messageLib: Address;
}

export interface DeployLocalLayerZeroParameters {
  /** This chain's endpoint id. */
  eid: number;
  /** Endpoint ids of the chains it talks to. */
  remoteEids: number[];
  /** The only account allowed to verify packets here (the relayer, standing in for the DVNs). */
  relayer: Address;
}

/**
 * Deploys LayerZero's EndpointV2 and SimpleMessageLib (from the bytecode LayerZero ships in
 * `@layerzerolabs/lz-evm-protocol-v2`) and makes the library the default for every remote endpoint id.
 * In production the endpoint is LayerZero's own deployment and DVNs verify packets; locally the
 * relayer account does, through the library's `validatePacket`.
 */
export async function deployLocalLayerZero(connection: Connection, deployer: Signer, parameters: DeployLocalLayerZeroParameters): Promise<LocalLayerZero> {
  const me = deployer.account.address;
  const deploy = async (hash: `0x${string}`) => (await waitForSuccess(connection, { hash, what: "deploy LayerZero" })).contractAddress!;
  const endpoint = await deploy(await deployer.deployContract({ abi: endpointV2Abi, bytecode: endpointV2Bytecode, args: [parameters.eid, me] }));
  const messageLib = await deploy(await deployer.deployContract({ abi: simpleMessageLibAbi, bytecode: simpleMessageLibBytecode, args: [endpoint, me] }));
  const write = async (address: Address, abi: typeof endpointV2Abi | typeof simpleMessageLibAbi, functionName: string, args: unknown[]) =>
    waitForSuccess(connection, {
      hash: await deployer.writeContract({ address, abi, functionName, args } as never),
      what: `configure LayerZero (${functionName})`,
    });
  await write(endpoint, endpointV2Abi, "registerLibrary", [messageLib]);
  for (const remote of parameters.remoteEids) {
    await write(endpoint, endpointV2Abi, "setDefaultSendLibrary", [remote, messageLib]);
    await write(endpoint, endpointV2Abi, "setDefaultReceiveLibrary", [remote, messageLib, 0n]);
  }
  await write(messageLib, simpleMessageLibAbi, "setWhitelistCaller", [parameters.relayer]);
  return { eid: parameters.eid, endpoint, messageLib };
}
