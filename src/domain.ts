import type { Hono } from "hono";
import type { Abi, AbiEvent, Address, Hex } from "viem";
import type { z } from "zod";
import type { LeanRoute } from "./api/http-server";

/**
 * The seam every domain plugs into: one object per domain (`src/<domain>/index.ts`), composed by
 * `src/domains.ts`. The object is read by the config (manifest, sources) and, lazily, by the API
 * (`api`), so it imports neither handlers nor tables: Ponder runs the handlers itself (every file
 * under src/), and each domain's tables are re-exported by ponder.schema.ts.
 */

/** A contract the manifest names, with what it is to the network. */
export type KnownContract = {
  chain: string;
  address: Address;
  startBlock: number;
  /** e.g. mailbox, warpRouter, metaERC20Hub */
  role: string;
  /** The Hyperlane deployment's name, the warp route's id, the MetaERC20 token's id, … */
  of: string;
  kind?: string;
};

/**
 * Contracts announced by an event rather than named: `contracts` are then the factories that emit
 * `event`, and the child's address is the event's `parameter` or, for an address inside a bytes
 * field, the data `location` (`offset<N>`: the 32-byte word at byte N), as Ponder's `factory()`
 * takes them. `role` is what the child is (`bridge`, `systemConfig`, …), as a KnownContract's.
 */
export type Announced = { event: AbiEvent; role: string } & ({ parameter: string; location?: never } | { location: `offset${number}`; parameter?: never });

/** One Ponder contract: an ABI watched at the addresses the manifest names, or that its factories announce. */
export type Source<A extends Abi = Abi> = {
  abi: A;
  contracts: KnownContract[];
  /** false for a second view of contracts another source already lists (search lists each once) */
  listed: boolean;
  announced?: Announced;
};

export const source = <const A extends Abi>(abi: A, contracts: KnownContract[], listed = true, announced?: Announced): Source<A> => ({
  abi,
  contracts,
  listed,
  ...(announced && { announced }),
});

/** Where a check found a problem: the manifest path and what was expected. */
export type Report = (path: (string | number)[], message: string) => void;

export type DomainManifest<M> = {
  /** Top-level manifest fields */
  fields?: z.ZodRawShape;
  /** Fields every chain of the manifest may carry */
  chain?: z.ZodRawShape;
  /** Checks across the parsed manifest, each problem reported with its path */
  check?: (manifest: M, report: Report) => void;
};

/** The read-only database the API reads (Ponder's `ponder:api` db). */
export type Db = typeof import("ponder:api").db;

/**
 * What a domain adds to the answers that cut across domains. Its module reads the database
 * through src/api/db.ts, inside request handlers only.
 */
export type DomainApi = {
  /** Its REST routers, mounted under /api at their paths; each route declared with `route` (src/api/route.ts) */
  routes?: Record<string, Hono>;
  /** Its hottest lookups, answered on PostgreSQL in front of the app with the same answer as its route (src/api/http-server.ts) */
  lean?: LeanRoute[];
  /** The zod schemas of what it adds to the composed answers below, for the API document */
  shapes?: {
    /** its keys of `/api/tx/:hash` */
    tx?: z.ZodRawShape;
    /** its keys of each chain of `/api/chains` */
    chain?: z.ZodRawShape;
    /** its kinds of `/api/search` match */
    matches?: z.ZodType[];
    /** its facts in the account match */
    account?: z.ZodRawShape;
  };
  /** A 32-byte value a user pasted: what it names in this domain (each match with `type` and `href`) */
  searchId?: (id: Hex) => Promise<object[]>;
  /** An address: what it did here, merged into one account match (none when every total is 0) */
  searchAccount?: (address: Hex) => Promise<{ total: number; facts: object; href: Record<string, string> }>;
  /** A transaction: how many rows of each kind it wrote (the search's transaction match) */
  countTx?: (hash: Hex) => Promise<Record<string, number>>;
  /** A transaction: its rows, presented (parts of `/api/tx/:hash`) */
  tx?: (hash: Hex) => Promise<Record<string, unknown[]>>;
  /** Per chain, what `/api/chains` shows of this domain */
  chainFacts?: () => Promise<(chainId: number) => object>;
  /** The kinds of object it puts on `/api/stream` */
  stream?: StreamPart[];
};

/** What a stream filter reads in an object; a filter whose field a kind lacks leaves that kind out. */
export type StreamFields = Partial<Record<"origin" | "destination", number | null> & Record<"status" | "sender" | "recipient", string | null>> & { id: string };

/**
 * One kind of object on `/api/stream` (src/api/stream.ts): the tables whose rows make up its
 * objects, each with the column (as stored) that names the object a changed row belongs to, and
 * its objects presented exactly as its GET endpoint serves them (`schema`, for the API document).
 */
export type StreamPart = {
  kind: string;
  tables: { table: string; key: string }[];
  schema: z.ZodType;
  /** The ids that still exist, presented (an id absent from the map was removed by a reorg) */
  present: (ids: string[]) => Promise<Map<string, object>>;
  /** Its status values, the `status` filter's */
  statuses: readonly string[];
  fields: (served: any) => StreamFields;
};

/** Declared with `satisfies Domain<View>`, so that the composed manifest and config keep its literal types. */
export type Domain<M = never> = {
  name: string;
  manifest?: DomainManifest<M>;
  /** Its Ponder contracts by name; the composed config prefixes each with `<domain>/` */
  sources?: (manifest: M) => Record<string, Source>;
  /** Contracts it knows that no Ponder source of its own watches (listed for search) */
  known?: (manifest: M) => KnownContract[];
  /**
   * Sources over the contracts the domains know (every listed source's and every `known`) and
   * those their factories announce (`announced`, by composed source name): for a domain that
   * watches what others name, as the audit trail does. Never listed themselves.
   */
  watch?: (manifest: M, known: KnownContract[], announced: Record<string, Source & { announced: Announced }>) => Record<string, Source>;
  api?: () => Promise<DomainApi>;
};
