import { type Hex, pad, parseAbi, parseEventLogs, toHex } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MailboxAbi } from "../abis/Mailbox";
import { type DevChain, freshChainIdOffset, type Network, startNetwork } from "../devnet/network";
import { decodeMessage } from "../src/messaging/message";

/** The decoder on vectors produced by the real Mailbox: dispatch on anvil, compare with the inputs. */

const mailbox = parseAbi([
  "function dispatch(uint32 destinationDomain, bytes32 recipientAddress, bytes messageBody) payable returns (bytes32)",
  "function quoteDispatch(uint32 destinationDomain, bytes32 recipientAddress, bytes messageBody) view returns (uint256)",
  "function nonce() view returns (uint32)",
  "function localDomain() view returns (uint32)",
  "function latestDispatchedId() view returns (bytes32)",
]);

let network: Network;
let origin: DevChain;
let destination: DevChain;

beforeAll(async () => {
  network = await startNetwork({
    chainIdOffset: freshChainIdOffset(),
    chains: [
      { name: "origin", chainId: 1, domainId: 1000000001, stack: "settlement" },
      { name: "destination", chainId: 2, domainId: 2, stack: "orbit", settlesOn: "origin" },
    ],
  });
  [origin, destination] = network.chains as [DevChain, DevChain];
});

afterAll(() => network?.stop());

const bodies: [string, Hex][] = [
  ["an empty body", "0x"],
  ["a one-byte body", "0x01"],
  ["a body of 2,049 bytes", toHex(new Uint8Array(2049).map((_, i) => i % 251))],
];

describe("decodeMessage on the real Mailbox's Dispatch", () => {
  for (const [label, body] of bodies) {
    it(`decodes ${label} to exactly what was dispatched`, async () => {
      const read = <F extends "nonce" | "localDomain" | "latestDispatchedId">(functionName: F) =>
        origin.publicClient.readContract({ address: origin.hyperlane.mailbox, abi: mailbox, functionName });
      const nonce = await read("nonce");
      const wallet = origin.walletClient(2);
      const recipient = pad(destination.hyperlane.testRecipient);
      const hash = await wallet.writeContract({
        address: origin.hyperlane.mailbox,
        abi: mailbox,
        functionName: "dispatch",
        args: [destination.domainId, recipient, body],
        value: await origin.publicClient.readContract({
          address: origin.hyperlane.mailbox,
          abi: mailbox,
          functionName: "quoteDispatch",
          args: [destination.domainId, recipient, body],
        }),
      });
      const receipt = await origin.publicClient.waitForTransactionReceipt({ hash });
      const [dispatch] = parseEventLogs({ abi: MailboxAbi, logs: receipt.logs, eventName: "Dispatch" });
      const [dispatchId] = parseEventLogs({ abi: MailboxAbi, logs: receipt.logs, eventName: "DispatchId" });

      expect(decodeMessage(dispatch!.args.message)).toEqual({
        ok: true,
        id: await read("latestDispatchedId"),
        version: 3,
        nonce,
        originDomain: await read("localDomain"),
        sender: pad(wallet.account.address).toLowerCase(),
        destinationDomain: destination.domainId,
        recipient: recipient.toLowerCase(),
        body,
      });
      expect(dispatchId!.args.messageId).toBe(await read("latestDispatchedId"));
    });
  }
});
