import {
  encodeAbiParameters,
  keccak256,
  parseEventLogs,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
  type Account,
  type Chain,
  type Transport,
} from "viem";

type Wallet = WalletClient<Transport, Chain, Account>;

/**
 * Carries Axelar GMP contract calls between two local chains as the Axelar network does: it reads
 * `ContractCall` from the source gateway, approves the call on the destination gateway (Axelar's MockGateway
 * takes the approval command directly; in production the validators sign it), then calls `execute` on the
 * destination contract, which asks the gateway to validate the call before acting.
 */
export class AxelarRelay {
  #fromBlock = 0n;
  #command = 0n;

  constructor(
    readonly source: { publicClient: PublicClient; gateway: Address; chainName: string; gatewayAbi: Abi },
    readonly destination: { publicClient: PublicClient; wallet: Wallet; gateway: Address; gatewayAbi: Abi; executableAbi: Abi },
  ) {}

  async relay(): Promise<{ to: Address; ok: boolean; error?: string }[]> {
    const toBlock = await this.source.publicClient.getBlockNumber({ cacheTime: 0 });
    const logs = await this.source.publicClient.getLogs({ address: this.source.gateway, fromBlock: this.#fromBlock, toBlock });
    this.#fromBlock = toBlock + 1n;
    const out = [];
    for (const call of parseEventLogs({ abi: this.source.gatewayAbi, logs, eventName: "ContractCall" }) as unknown as {
      args: { sender: Address; destinationContractAddress: string; payloadHash: Hex; payload: Hex };
      transactionHash: Hex;
      logIndex: number;
    }[]) {
      const to = call.args.destinationContractAddress as Address;
      const commandId = keccak256(encodeAbiParameters([{ type: "string" }, { type: "uint256" }], [this.source.chainName, ++this.#command]));
      const params = encodeAbiParameters(
        [{ type: "string" }, { type: "string" }, { type: "address" }, { type: "bytes32" }, { type: "bytes32" }, { type: "uint256" }],
        [this.source.chainName, call.args.sender, to, call.args.payloadHash, call.transactionHash, BigInt(call.logIndex)],
      );
      const { wallet, publicClient } = this.destination;
      await publicClient.waitForTransactionReceipt({
        hash: await wallet.writeContract({
          address: this.destination.gateway,
          abi: this.destination.gatewayAbi,
          functionName: "approveContractCall",
          args: [params, commandId],
        }),
      });
      try {
        const hash = await wallet.writeContract({
          address: to,
          abi: this.destination.executableAbi,
          functionName: "execute",
          args: [commandId, this.source.chainName, call.args.sender, call.args.payload],
        });
        await publicClient.waitForTransactionReceipt({ hash });
        out.push({ to, ok: true });
      } catch (error) {
        out.push({ to, ok: false, error: (error as { shortMessage?: string }).shortMessage ?? String(error) });
      }
    }
    return out;
  }
}
