import { messaging } from "./messaging";
import { metalayer } from "./metalayer";
import { network } from "./network";
import { rollups } from "./rollups";
import { audit } from "./audit";
import { governance } from "./governance";
import { tokens } from "./tokens";

/**
 * Every domain, in the order their manifest fields, checks and answers compose. A new domain is
 * one folder, a line here and its schema's line in ponder.schema.ts.
 */
export const domains = [network, messaging, metalayer, tokens, rollups, governance, audit] as const;
