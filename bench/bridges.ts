import type { Address, Hex } from "viem";
import { devnetAccount, TRAFFIC_SENDERS } from "../devnet/accounts";
import type { Apps } from "../devnet/apps";
import { mulberry32, pick, randomInt } from "../devnet/random";
import { nativeBridges } from "../devnet/rollups/traffic";

/**
 * Native-bridge traffic for the benchmark, in the generator's batched style: besides the N
 * messages, BRIDGE_SHARE × N transactions through the running rollups' bridges, built by the
 * devnet's own request builders (devnet/rollups/traffic.ts `nativeBridges`): ETH deposits on the
 * parent chains and withdrawals on the rollups (a gas-token rollup's in its gas token), in
 * turns over the rollups. None is relayed: the benchmark times their indexing.
 */
export const BRIDGE_SHARE = 0.05;

/**
 * At most this many bridge transactions a block: an OP Stack portal meters the deposits' gas per
 * block (EIP-1559 style, over a 2M-gas target), and a batch of full blocks raised its fee until
 * the deposits' fixed gas no longer paid for it (60 reverted on the settlement chain at 20,000
 * messages).
 */
export const BRIDGE_TX_PER_BLOCK = 5;

export type BridgeTx = { chain: string; direction: "deposit" | "withdrawal"; tx: { from: Address; to: Address; data: Hex; value: bigint; gas: bigint } };

export function planBridgeTraffic(apps: Apps, messages: number, seed: number): BridgeTx[] {
  const random = mulberry32(seed ^ 0xb41d9e);
  const bridges = nativeBridges(apps.rollups);
  const out: BridgeTx[] = [];
  for (let i = 0; bridges.length > 0 && i < Math.floor(messages * BRIDGE_SHARE); i++) {
    const bridge = bridges[i % bridges.length]!;
    const from = devnetAccount(pick(random, TRAFFIC_SENDERS)).address;
    const amount = BigInt(randomInt(random, 1, 999)) * 10n ** 12n;
    const deposit = Math.floor(i / bridges.length) % 2 === 0 ? bridge.deposit : undefined;
    out.push(
      deposit
        ? { chain: bridge.parent, direction: "deposit", tx: { from, ...deposit(from, amount) } }
        : { chain: bridge.rollup, direction: "withdrawal", tx: { from, ...bridge.withdraw(from, amount) } },
    );
  }
  return out;
}
