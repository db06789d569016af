import { Hono } from "hono";
import type { Address, Hex } from "viem";
import { z } from "zod";
import type { DomainApi } from "../domain";
import { toAccount } from "../messaging/message";
import { loadChains } from "../network/chains";
import { indexed } from "../network/indexed";
import { knownContracts } from "../network/manifest";
import { chainRow } from "./chains";
import { invalidParameter } from "./errors";
import { route } from "./route";
import { address as addressSchema, bytes32, int } from "./shapes";

const EXPECTED = "a message id, transfer id or transaction hash (32-byte 0x-hex), an address (20-byte 0x-hex), or a chain name or id";

/** Whatever a user pastes in an explorer's search box: what it is, and where to read more, from every domain. */
export function search(apis: DomainApi[]) {
  const contracts = knownContracts(indexed.manifest);

  /** A 32-byte value: whatever any domain knows under it, and the transaction it may be. */
  async function idMatches(id: Hex) {
    const [named, counts] = await Promise.all([
      Promise.all(apis.map((a) => a.searchId?.(id) ?? [])),
      Promise.all(apis.map((a) => a.countTx?.(id) ?? {})),
    ]);
    const inTx: Record<string, number> = Object.assign({}, ...counts);
    const total = Object.values(inTx).reduce((sum, n) => sum + n, 0);
    return [...named.flat(), ...(total > 0 ? [{ type: "transaction", hash: id, ...inTx, href: `/api/tx/${id}` }] : [])];
  }

  /** An account: what it did in every domain, one match; none when it did nothing. */
  async function accountMatch(address: Hex) {
    const parts = await Promise.all(apis.map((a) => a.searchAccount?.(address)));
    const found = parts.filter((p) => p !== undefined);
    if (found.every((p) => p.total === 0)) return [];
    return [{ type: "account", address, ...Object.assign({}, ...found.map((p) => p.facts)), href: Object.assign({}, ...found.map((p) => p.href)) }];
  }

  const response = z.lazy(() =>
    z.object({
      query: z.string(),
      matches: z.array(
        z.union([
          ...apis.flatMap((a) => a.shapes?.matches ?? []),
          z.object({ type: z.literal("transaction"), hash: bytes32, href: z.string() }).catchall(int).describe("with how many rows of each kind it wrote"),
          z.object({
            type: z.literal("account"),
            address: z.string(),
            ...Object.assign({}, ...apis.map((a) => a.shapes?.account ?? {})),
            href: z.record(z.string(), z.string()),
          }),
          z.object({
            type: z.literal("contract"),
            chain: z.string(),
            chainId: int,
            address: addressSchema,
            role: z.string(),
            of: z.string(),
            kind: z.string().optional(),
          }),
          z.object({ type: z.literal("chain"), ...chainRow, settlesOn: int.nullable(), href: z.string() }),
        ]),
      ),
    }),
  );
  const query = z.object({ q: z.string().optional().describe(EXPECTED) });

  return new Hono().get("/", route({ summary: "Whatever a user pastes, identified", query, response }, async ({ query: { q: raw } }) => {
    const q = raw?.trim() ?? "";
    if (/^0x[0-9a-fA-F]{64}$/.test(q)) {
      const id = q.toLowerCase() as Hex;
      // A bytes32 with 12 zero bytes in front is also an account, as Hyperlane writes recipients.
      const account = id.startsWith("0x000000000000000000000000") ? await accountMatch(toAccount(id)) : [];
      return { query: q, matches: [...(await idMatches(id)), ...account] };
    }
    if (/^0x[0-9a-fA-F]{40}$/.test(q)) {
      const address = q.toLowerCase() as Address;
      const known = contracts
        .filter((k) => k.address === address)
        .map(({ startBlock: _, ...k }) => ({ type: "contract" as const, ...k, chainId: indexed.chainIdOf(k.chain) }));
      return { query: q, matches: [...known, ...(await accountMatch(address))] };
    }
    const chain = (await loadChains()).find((ch) => ch.name === q || String(ch.chainId) === q);
    if (chain) return { query: q, matches: [{ type: "chain", ...chain, href: "/api/chains" }] };
    if (/^[a-z][a-z0-9_-]{0,63}$/.test(q) || /^\d{1,12}$/.test(q)) return { query: q, matches: [] };
    throw invalidParameter("q", EXPECTED, raw ?? null);
  }));
}
