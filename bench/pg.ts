import pg from "pg";

/**
 * Each indexer run gets a database of its own. Ponder caches RPC results per chain id in the
 * database's ponder_sync schema, whatever --schema says: a second run on the same chains in
 * the same database would read the first run's cache instead of the chains.
 */

export const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/test";

export async function withClient<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export const databaseUrlFor = (baseUrl: string, database: string) => {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

const quoteIdent = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`expected a lower-case SQL identifier, got ${JSON.stringify(name)}`);
  return `"${name}"`;
};

export async function createDatabase(baseUrl: string, database: string): Promise<string> {
  await withClient(baseUrl, (c) => c.query(`CREATE DATABASE ${quoteIdent(database)}`));
  return databaseUrlFor(baseUrl, database);
}

export async function dropDatabase(baseUrl: string, database: string): Promise<void> {
  await withClient(baseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`));
}
