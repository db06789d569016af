import { describe, expect, it } from "vitest";
import { servedPort } from "../devnet/indexer";

describe("servedPort", () => {
  it("reads the port from Ponder's plain log line", () => {
    expect(servedPort("12:00:01.123 INFO  Created HTTP server port=42070 hostname=127.0.0.1 (5ms)")).toBe(42070);
  });

  it("reads it from the coloured line Ponder prints on a terminal or under CI", () => {
    const line = "\x1b[2m12:00:01.123\x1b[22m \x1b[32mINFO \x1b[39m \x1b[0mCreated HTTP server\x1b[0m\x1b[2m port=42071 hostname=127.0.0.1\x1b[22m \x1b[90m(5ms)\x1b[39m";
    expect(servedPort(line)).toBe(42071);
  });

  it("ignores every other line", () => {
    expect(servedPort("12:00:01.123 INFO  Started returning 200 responses endpoint=/health")).toBeUndefined();
  });
});
