import { concat, encodeErrorResult, type Hex, numberToHex, parseAbi, size } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Anvil, startAnvil } from "../devnet/anvil";
import { connect } from "../devnet/clients";
import { TransactionRevertedError, transact } from "../devnet/transact";

/** Code that copies `data` (appended after it) to memory and ends with `op` (0xf3 RETURN, 0xfd REVERT). */
const codeEnding = (op: "f3" | "fd", data: Hex): Hex => {
  const n = numberToHex(size(data), { size: 1 }).slice(2);
  // PUSH1 n, PUSH1 12 (this prefix's length), PUSH1 0, CODECOPY, PUSH1 n, PUSH1 0, op
  return concat([`0x60${n}600c60003960${n}6000${op}`, data]);
};

const reason = encodeErrorResult({ abi: parseAbi(["error Error(string)"]), errorName: "Error", args: ["nope"] });
const reverter = codeEnding("fd", reason);

let anvil: Anvil;
beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31_337_990 });
});
afterAll(() => anvil?.stop());

describe("transact", () => {
  it("names the call and the revert reason of a transaction that reverted", async () => {
    const clients = connect(anvil);
    const deployed = await transact(clients, 0, { data: codeEnding("f3", reverter) });
    const to = deployed.contractAddress as Hex;
    const error = await transact(clients, 0, { to, data: "0xdeadbeef00", gas: 100_000n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionRevertedError);
    const message = (error as Error).message;
    expect(message).toContain(`to ${to} (selector 0xdeadbeef)`);
    expect(message).toContain("nope");
    expect(message).toContain("of 100000");
  });
});
