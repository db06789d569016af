import {
  type Account,
  type Chain,
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  type TestClient,
  type Transport,
  type WalletClient,
} from "viem";
import { devnetAccount } from "./accounts";

export type ChainEndpoint = { rpcUrl: string; chainId: number };

export type DevnetWalletClient = WalletClient<Transport, Chain, Account>;

export type ChainClients = {
  chain: Chain;
  publicClient: PublicClient<Transport, Chain>;
  testClient: TestClient<"anvil", Transport, Chain>;
  /** A wallet of one of anvil's funded accounts (see accounts.ts for the roles). */
  walletClient(accountIndex: number): DevnetWalletClient;
};

/**
 * Automine answers a receipt as soon as the transaction is sent; with interval mining a
 * receipt takes up to a block, and polling faster only loads anvil.
 */
export const receiptPollingIntervalMs = (blockTimeSeconds?: number) => (blockTimeSeconds ? 200 : 25);

export function connect(endpoint: ChainEndpoint, options: { blockTimeSeconds?: number; name?: string } = {}): ChainClients {
  const chain = defineChain({
    id: endpoint.chainId,
    name: options.name ?? `devnet-${endpoint.chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [endpoint.rpcUrl] } },
  });
  const pollingInterval = receiptPollingIntervalMs(options.blockTimeSeconds);
  // cacheTime 0: a cached block number would make a freshly mined receipt look not yet there.
  const transport = http(endpoint.rpcUrl, { retryCount: 2 });
  const publicClient = createPublicClient({ chain, transport, pollingInterval, cacheTime: 0 });
  const testClient = createTestClient({ chain, transport, mode: "anvil", pollingInterval, cacheTime: 0 });
  const wallets = new Map<number, DevnetWalletClient>();
  const walletClient = (accountIndex: number) => {
    let wallet = wallets.get(accountIndex);
    if (!wallet) {
      wallet = createWalletClient({ chain, transport, account: devnetAccount(accountIndex), pollingInterval, cacheTime: 0 });
      wallets.set(accountIndex, wallet);
    }
    return wallet;
  };
  return { chain, publicClient, testClient, walletClient };
}
