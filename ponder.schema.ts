/**
 * Every domain's tables (src/<domain>/schema.ts), one line each: a new domain adds its line here
 * and in src/domains.ts.
 */
export * from "./src/network/schema";
export * from "./src/messaging/schema";
export * from "./src/metalayer/schema";
export * from "./src/tokens/schema";
export * from "./src/rollups/schema";
export * from "./src/governance/schema";
export * from "./src/audit/schema";
