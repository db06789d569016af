import { type Address, type Hex, pad } from "viem";
import { decodeMessage, toAccount } from "./message";

/** The Dispatch log's topics: what the Mailbox says it dispatched, beside the message bytes. */
export type DispatchTopics = { sender: Address; destination: number; recipient: Hex };

/**
 * The message columns of a Dispatch log. The bytes are checked against the topics and the
 * dispatching chain's domain; bytes that do not decode or disagree are kept raw and marked
 * malformed, with the addressing taken from the topics, so indexing goes on.
 */
export function dispatchedMessage(message: Hex, topics: DispatchTopics, localDomain: number) {
  const decoded = decodeMessage(message);
  const error = decoded.ok ? disagreement(decoded, topics, localDomain) : decoded.error;
  if (decoded.ok && error === undefined) {
    return {
      id: decoded.id,
      version: decoded.version,
      nonce: decoded.nonce,
      originDomain: decoded.originDomain,
      sender: toAccount(decoded.sender),
      destinationDomain: decoded.destinationDomain,
      recipient: toAccount(decoded.recipient),
      body: decoded.body,
      malformed: false,
      decodeError: null,
      raw: null,
    };
  }
  return {
    id: decoded.id,
    version: null,
    nonce: null,
    originDomain: localDomain,
    sender: toAccount(topics.sender),
    destinationDomain: topics.destination,
    recipient: toAccount(topics.recipient),
    body: null,
    malformed: true,
    decodeError: error ?? null,
    raw: message,
  };
}

function disagreement(
  decoded: { originDomain: number; sender: Hex; destinationDomain: number; recipient: Hex },
  topics: DispatchTopics,
  localDomain: number,
): string | undefined {
  if (decoded.originDomain !== localDomain) {
    return `origin domain ${decoded.originDomain} in the message, but the Mailbox is on domain ${localDomain}`;
  }
  if (decoded.sender.toLowerCase() !== pad(topics.sender).toLowerCase()) {
    return `sender ${decoded.sender} in the message, but ${topics.sender} in the Dispatch topics`;
  }
  if (decoded.destinationDomain !== topics.destination) {
    return `destination ${decoded.destinationDomain} in the message, but ${topics.destination} in the Dispatch topics`;
  }
  if (decoded.recipient.toLowerCase() !== topics.recipient.toLowerCase()) {
    return `recipient ${decoded.recipient} in the message, but ${topics.recipient} in the Dispatch topics`;
  }
  return undefined;
}
