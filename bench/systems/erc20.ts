import { expectEqual } from "../lib.js";
import { addr, type BenchContext, type Wallet } from "./context.js";
import { measureCommonFlows } from "./flows.js";

/** The floor: OpenZeppelin's ERC-20 with no rules at all. */
export async function benchErc20(ctx: BenchContext): Promise<void> {
  const { recorder, viem, deployer, publicClient } = ctx;
  let token!: Awaited<ReturnType<typeof viem.deployContract<"PlainERC20">>>;
  await recorder.record(
    "erc20",
    "deploy.token",
    async () => {
      const d = await viem.sendDeploymentTransaction("PlainERC20", [addr(deployer)], { client: { wallet: deployer } });
      token = d.contract;
      return d.deploymentTransaction.hash;
    },
    async () => expectEqual(((await publicClient.getCode({ address: token.address })) ?? "0x").length > 2, true, "deployed code"),
  );
  const pool = await viem.deployContract("BenchPool");
  const as = (w: Wallet) => ({ account: w.account });
  await measureCommonFlows(
    ctx,
    "erc20",
    {
      balanceOf: (a) => token.read.balanceOf([a]),
      mint: (by, to, n) => token.write.mint([to, n], as(by)),
      burn: (by, from, n) => token.write.burn([from, n], as(by)),
      transfer: (by, to, n) => token.write.transfer([to, n], as(by)),
      approve: (by, spender, n) => token.write.approve([spender, n], as(by)),
      transferFrom: (by, from, to, n) => token.write.transferFrom([from, to, n], as(by)),
    },
    deployer,
    pool.address,
  );
}
