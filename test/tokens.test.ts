import { encodePacked, pad } from "viem";
import { describe, expect, it } from "vitest";
import { bucketsOf } from "../src/tokens/bucket";
import { decodeMetalayerMessage } from "../src/metalayer/message";
import { decodeTokenMessage, normalise, rescale } from "../src/tokens/tokenMessage";

const recipient = pad("0x00000000000000000000000000000000000000aa");

describe("decodeTokenMessage", () => {
  it("reads recipient, amount and metadata as TokenMessage.format lays them out", () => {
    const body = encodePacked(["bytes32", "uint256", "bytes"], [recipient, 10n ** 24n + 7n, "0xfeed"]);
    expect(decodeTokenMessage(body)).toEqual({ ok: true, recipient, amount: 10n ** 24n + 7n, metadata: "0xfeed" });
  });
  it("records a body shorter than recipient and amount as malformed", () => {
    expect(decodeTokenMessage(recipient)).toEqual({
      ok: false,
      error: "token message is 32 bytes, shorter than the 64-byte recipient and amount",
    });
  });
});

describe("decimal scaling", () => {
  it("rounds down into fewer decimals, as the router's _inboundAmount does, and scales back exactly", () => {
    expect(rescale(1_234_567_890_123_456_789n, 18, 6)).toBe(1_234_567n);
    expect(rescale(1_234_567n, 6, 18)).toBe(1_234_567_000_000_000_000n);
    expect(rescale(42n, 18, 18)).toBe(42n);
    expect(normalise(1_500_000n, 6)).toBe(1_500_000_000_000_000_000n);
  });
});

describe("decodeMetalayerMessage", () => {
  const app = "0x00000000000000000000000000000000000000a1";
  const target = "0x00000000000000000000000000000000000000b2";
  const header = (finality: number) =>
    encodePacked(
      ["uint8", "uint8", "uint32", "uint32", "bytes32", "uint32", "bytes32"],
      [1, finality, 9, 900, pad(app), 1000903, recipient],
    );
  const read = (domain: number, callData: `0x${string}`) =>
    encodePacked(["uint32", "address", "uint32", "bytes"], [domain, target, (callData.length - 2) / 2, callData]);

  it("decodes the header, every read and the write call data", () => {
    const body = `${header(2)}${encodePacked(["uint32"], [2]).slice(2)}${read(901, "0x12345678").slice(2)}${read(902, "0x").slice(2)}c0ffee` as const;
    expect(decodeMetalayerMessage(body)).toEqual({
      ok: true,
      version: 1,
      finality: "espresso",
      nonce: 9,
      originDomain: 900,
      sender: app,
      destinationDomain: 1000903,
      recipient: "0x00000000000000000000000000000000000000aa",
      reads: [
        { domain: 901, target, callData: "0x12345678" },
        { domain: 902, target, callData: "0x" },
      ],
      writeCallData: "0xc0ffee",
    });
  });

  it("decodes a message with no reads and no write", () => {
    const decoded = decodeMetalayerMessage(`${header(0)}00000000`);
    expect(decoded).toMatchObject({ ok: true, finality: "instant", reads: [], writeCallData: "0x" });
  });

  it("records short bodies, unknown finality and reads past the end as malformed", () => {
    expect(decodeMetalayerMessage("0x01")).toMatchObject({ ok: false, error: expect.stringMatching(/shorter than the 78-byte header/) });
    expect(decodeMetalayerMessage(`${header(3)}00000000`)).toMatchObject({ ok: false, error: expect.stringMatching(/unknown finality 3/) });
    expect(decodeMetalayerMessage(`${header(1)}00000002${read(901, "0x01").slice(2)}`)).toMatchObject({
      ok: false,
      error: "read 1 of 2 runs past the end of the message",
    });
    expect(decodeMetalayerMessage(`${header(1)}00000001${read(901, "0x0102").slice(2, -2)}`)).toMatchObject({
      ok: false,
      error: "read 0 call data runs past the end of the message",
    });
  });
});

describe("bucketsOf", () => {
  it("places a transfer in its hour and day, for its route, its chain pair and its asset", () => {
    const at = Date.UTC(2026, 10, 21, 13, 47, 5) / 1000;
    const ids = bucketsOf({ route: "ERA", symbol: "ERA", originChainId: 900, destinationChainId: 903, timestamp: at }).map((b) => b.id);
    const hour = Date.UTC(2026, 10, 21, 13) / 1000;
    const day = Date.UTC(2026, 10, 21) / 1000;
    expect(ids).toEqual([
      `hour:${hour}:route:ERA`,
      `hour:${hour}:pair:900>903`,
      `hour:${hour}:asset:ERA`,
      `day:${day}:route:ERA`,
      `day:${day}:pair:900>903`,
      `day:${day}:asset:ERA`,
    ]);
  });
});
