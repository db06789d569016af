import { encodePacked, keccak256, pad, toHex } from "viem";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dispatchedMessage } from "../src/messaging/dispatch";
import { decodeMessage, messageId, toAccount } from "../src/messaging/message";

const sender = "0x1111111111111111111111111111111111111111" as const;
const recipient = pad("0x2222222222222222222222222222222222222222");

/** A message built with the layout of docs/protocols.md, independently of the decoder. */
const packed = (version: number, nonce: number, origin: number, destination: number, body: `0x${string}`) =>
  encodePacked(
    ["uint8", "uint32", "uint32", "bytes32", "uint32", "bytes32", "bytes"],
    [version, nonce, origin, pad(sender), destination, recipient, body],
  );

describe("decodeMessage", () => {
  it("decodes every field of a version-3 message and hashes it to its id", () => {
    const message = packed(3, 0xfffffffe, 1000012617, 900, "0xdeadbeef");
    expect(decodeMessage(message)).toEqual({
      ok: true,
      id: keccak256(message),
      version: 3,
      nonce: 0xfffffffe,
      originDomain: 1000012617,
      sender: pad(sender),
      destinationDomain: 900,
      recipient,
      body: "0xdeadbeef",
    });
  });

  it("decodes an empty body", () => {
    const decoded = decodeMessage(packed(3, 1, 1, 2, "0x"));
    expect(decoded.ok && decoded.body).toBe("0x");
  });

  it("reports a message shorter than the header as malformed, with its id", () => {
    const short = toHex(new Uint8Array(76).fill(3));
    expect(decodeMessage(short)).toEqual({ ok: false, id: keccak256(short), error: "message is 76 bytes, shorter than the 77-byte header" });
    expect(decodeMessage("0x")).toMatchObject({ ok: false, error: "message is 0 bytes, shorter than the 77-byte header" });
  });

  it("reports an unknown version as malformed", () => {
    expect(decodeMessage(packed(2, 1, 1, 2, "0x01"))).toMatchObject({ ok: false, error: "unknown message version 2, expected 3" });
  });
});

describe("messageId", () => {
  it("is viem's keccak256 of the bytes at every length, across the 136-byte block boundaries", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), (bytes) => {
        expect(messageId(toHex(bytes))).toBe(keccak256(bytes));
      }),
      { numRuns: 300 },
    );
    for (const length of [0, 135, 136, 137, 271, 272, 273]) {
      const bytes = new Uint8Array(length).fill(0xab);
      expect(messageId(toHex(bytes))).toBe(keccak256(bytes));
    }
  });
});

describe("dispatchedMessage", () => {
  const topics = { sender, destination: 900, recipient };

  it("takes the decoded fields when the bytes agree with the Dispatch topics", () => {
    const row = dispatchedMessage(packed(3, 5, 901, 900, "0xabcd"), topics, 901);
    expect(row).toMatchObject({ malformed: false, nonce: 5, originDomain: 901, sender, recipient: toAccount(recipient), body: "0xabcd" });
  });

  it("keeps the raw bytes and the topics' addressing when the bytes do not decode", () => {
    const raw = "0x0301";
    expect(dispatchedMessage(raw, topics, 901)).toMatchObject({
      id: keccak256(raw),
      malformed: true,
      raw,
      decodeError: "message is 2 bytes, shorter than the 77-byte header",
      originDomain: 901,
      destinationDomain: 900,
      sender,
      recipient: "0x2222222222222222222222222222222222222222",
    });
  });

  it("marks bytes that disagree with the topics or the chain's domain as malformed", () => {
    expect(dispatchedMessage(packed(3, 5, 902, 900, "0x"), topics, 901).decodeError).toBe(
      "origin domain 902 in the message, but the Mailbox is on domain 901",
    );
    expect(dispatchedMessage(packed(3, 5, 901, 903, "0x"), topics, 901).decodeError).toBe(
      "destination 903 in the message, but 900 in the Dispatch topics",
    );
  });
});

describe("toAccount", () => {
  it("shows a left-padded address as the address and other bytes32 in full", () => {
    expect(toAccount(pad("0xABCDEF0000000000000000000000000000000001"))).toBe("0xabcdef0000000000000000000000000000000001");
    const nonEvm = "0x00000000000000000000000100000000000000000000000000000000000000ff";
    expect(toAccount(nonEvm)).toBe(nonEvm);
  });
});
