import type { Address, Hash } from "viem";
import { expectEqual, type SystemName } from "../lib.js";
import { addr, AMOUNTS, type BenchContext, type Wallet } from "./context.js";

/** The ERC-20 surface every system exposes, bound to the right caller. */
export interface TokenUnderTest {
  balanceOf(account: Address): Promise<bigint>;
  mint(by: Wallet, to: Address, amount: bigint): Promise<Hash>;
  burn(by: Wallet, from: Address, amount: bigint): Promise<Hash>;
  transfer(by: Wallet, to: Address, amount: bigint): Promise<Hash>;
  approve(by: Wallet, spender: Address, amount: bigint): Promise<Hash>;
  transferFrom(by: Wallet, from: Address, to: Address, amount: bigint): Promise<Hash>;
}

/**
 * The flows measured identically for every system, in the same order and with the same amounts:
 * mint, transfer between existing holders, to a new holder, transferFrom, to a pool contract, burn.
 * `issuer` mints and burns. Afterwards: alice = start - 4 x move, bob = start, carol = move, pool = 2 x move.
 */
export async function measureCommonFlows(ctx: BenchContext, system: SystemName, token: TokenUnderTest, issuer: Wallet, pool: Address): Promise<void> {
  const { recorder, alice, bob, carol, dave } = ctx;
  const { start, move } = AMOUNTS;
  const check = (a: Address, expected: bigint, what: string) => async () => expectEqual(await token.balanceOf(a), expected, what);

  await token.mint(issuer, addr(alice), start);
  await recorder.record(system, "mint", () => token.mint(issuer, addr(bob), start), check(addr(bob), start, "bob after mint"));
  await recorder.record(system, "transfer.existing", () => token.transfer(alice, addr(bob), move), check(addr(bob), start + move, "bob after transfer"));
  await recorder.record(system, "transfer.new", () => token.transfer(alice, addr(carol), move), check(addr(carol), move, "carol after transfer"));
  await token.approve(bob, addr(dave), AMOUNTS.allowance);
  await recorder.record(
    system,
    "transferFrom.existing",
    () => token.transferFrom(dave, addr(bob), addr(alice), move),
    check(addr(bob), start, "bob after transferFrom"),
  );
  await token.transfer(alice, pool, move);
  await recorder.record(system, "transfer.contract", () => token.transfer(alice, pool, move), check(pool, 2n * move, "pool after transfer"));
  await recorder.record(system, "burn", () => token.burn(issuer, addr(alice), move), check(addr(alice), start - 4n * move, "alice after burn"));
}
