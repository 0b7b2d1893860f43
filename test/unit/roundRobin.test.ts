import { describe, expect, it } from "vitest";
import { roundRobin } from "../../server/socket/slowConsumers";

describe("the slow-consumer check's share of sockets (issue 14)", () => {
  it("B5: every socket is looked at once in each run of `rounds` calls, also while sockets come and go", () => {
    const sockets = new Map(Array.from({ length: 10 }, (_, i) => [`s${i}`, i]));
    const share = roundRobin(sockets, 4);
    const first = [share(), share(), share()];
    expect(first.map((s) => s.length)).toEqual([3, 3, 3]);
    expect(first.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // One joins and one leaves before the round ends: the newcomer is seen, the one gone is not.
    sockets.set("s10", 10);
    sockets.delete("s9");
    expect(share()).toEqual([10]);
    // The next round starts over from the first socket.
    expect(share()).toEqual([0, 1, 2]);
    const seen = [share(), share(), share()].flat();
    expect(seen).toEqual([3, 4, 5, 6, 7, 8, 10]);
  });

  it("B5: no sockets, no share; one socket is looked at every call of its round", () => {
    const sockets = new Map<string, number>();
    const share = roundRobin(sockets, 4);
    expect(share()).toEqual([]);
    sockets.set("only", 1);
    expect([share(), share()]).toEqual([[1], [1]]);
  });
});
