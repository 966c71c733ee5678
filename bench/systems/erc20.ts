import { expectEqual } from "../lib.js";
import { addr, AMOUNTS, type BenchContext } from "./context.js";

/** The floor: OpenZeppelin's ERC-20 with no rules at all. */
export async function benchErc20(ctx: BenchContext): Promise<void> {
  const { recorder, viem, deployer, alice, bob, carol, dave, publicClient } = ctx;
  const S = "erc20" as const;
  const { start, move } = AMOUNTS;

  let token!: Awaited<ReturnType<typeof viem.deployContract<"PlainERC20">>>;
  await recorder.record(
    S,
    "deploy.token",
    async () => {
      const d = await viem.sendDeploymentTransaction("PlainERC20", [addr(deployer)], { client: { wallet: deployer } });
      token = d.contract;
      return d.deploymentTransaction.hash;
    },
    async () => expectEqual(((await publicClient.getCode({ address: token.address })) ?? "0x").length > 2, true, "deployed code"),
  );
  const pool = await viem.deployContract("BenchPool");
  const as = (w: typeof alice) => ({ account: w.account });
  const balance = (a: `0x${string}`) => token.read.balanceOf([a]);

  await token.write.mint([addr(alice), start], as(deployer));
  await recorder.record(S, "mint", () => token.write.mint([addr(bob), start], as(deployer)), async () =>
    expectEqual(await balance(addr(bob)), start, "bob after mint"),
  );
  await recorder.record(S, "transfer.existing", () => token.write.transfer([addr(bob), move], as(alice)), async () =>
    expectEqual(await balance(addr(bob)), start + move, "bob after transfer"),
  );
  await recorder.record(S, "transfer.new", () => token.write.transfer([addr(carol), move], as(alice)), async () =>
    expectEqual(await balance(addr(carol)), move, "carol after transfer"),
  );
  await token.write.approve([addr(dave), AMOUNTS.allowance], as(bob));
  await recorder.record(
    S,
    "transferFrom.existing",
    () => token.write.transferFrom([addr(bob), addr(alice), move], as(dave)),
    async () => expectEqual(await balance(addr(bob)), start, "bob after transferFrom"),
  );
  await token.write.transfer([pool.address, move], as(alice));
  await recorder.record(S, "transfer.contract", () => token.write.transfer([pool.address, move], as(alice)), async () =>
    expectEqual(await balance(pool.address), 2n * move, "pool after transfer"),
  );
  await recorder.record(S, "burn", () => token.write.burn([addr(alice), move], as(deployer)), async () =>
    expectEqual(await balance(addr(alice)), start - 4n * move, "alice after burn"),
  );
}
