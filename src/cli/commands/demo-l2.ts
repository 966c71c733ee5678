import { startEmbeddedChain } from "../../chain/embedded.js";
import { runL2Demo } from "../../demo/l2-story.js";
import { connectProvider, QualifiedError, unlockedAccounts } from "../../sdk/index.js";

/** The L2's chain id in the demo (the home chain keeps the development default, 31337). */
const L2_CHAIN_ID = 31338;

/** `qualified demo --l2`: the cross-chain story on two embedded chains. */
export async function runL2DemoCommand(rpc?: string): Promise<void> {
  if (rpc) throw new QualifiedError("--l2 runs on two embedded chains: leave out --rpc");
  const started = Date.now();
  const homeChain = await startEmbeddedChain();
  const l2Chain = await startEmbeddedChain({ chainId: L2_CHAIN_ID });
  try {
    const home = await connectProvider(homeChain.provider);
    const l2 = await connectProvider(l2Chain.provider);
    const a = await unlockedAccounts(home);
    console.log("Qualified cross-chain demo on two embedded chains (Hardhat EDR, in process), LayerZero V2 between them");
    await runL2Demo(
      home,
      l2,
      { governance: a[0], issuer: a[4], qualifier: a[8], relayer: a[12], alice: a[14], bob: a[15], carol: a[16] },
      { log: (line) => console.log(line) },
    );
    console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } finally {
    await l2Chain.close();
    await homeChain.close();
  }
}
