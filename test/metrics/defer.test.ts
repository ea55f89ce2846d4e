// MetricsStore.defer: series listed without their samples, made by one fill on the first read.
import { describe, expect, it } from "vitest";
import { TimeSeries } from "../../src/metrics/series.ts";
import { MetricsStore } from "../../src/metrics/store.ts";

function full(): MetricsStore {
  return MetricsStore.fromSamples({ $A: [[0, 1]], $B: [[0, 2], [30_000, 3]], $C: [[0, 4]] });
}

function deferred(): { store: MetricsStore; fills: () => number } {
  const store = new MetricsStore();
  for (const name of ["$A", "$B", "$C"]) store.ensure(name, 1);
  store.append("$A", 0, 1);
  let fills = 0;
  store.defer(["B", "$C", "$NotThere"], () => {
    fills++;
    return full();
  });
  return { store, fills: () => fills };
}

describe("MetricsStore.defer", () => {
  it("lists the deferred series in their place and makes them all on the first read, once", () => {
    const { store, fills } = deferred();
    expect(store.names()).toEqual(["$A", "$B", "$C"]);
    expect(store.has("$B")).toBe(true);
    expect(store.has("$NotThere")).toBe(false);
    expect([...store.get("$A").values]).toEqual([1]);
    expect(fills()).toBe(0);
    expect([...store.get("B").values]).toEqual([2, 3]);
    expect([...store.get("$C").values]).toEqual([4]);
    expect(fills()).toBe(1);
    expect(store.names()).toEqual(["$A", "$B", "$C"]);
  });

  it("appending to a deferred series appends to its made samples; replacing one drops it from the fill", () => {
    const { store, fills } = deferred();
    store.set("$C", TimeSeries.from([[5, 9]]));
    store.append("$B", 60_000, 5);
    expect(fills()).toBe(1);
    expect([...store.get("$B").values]).toEqual([2, 3, 5]);
    expect([...store.get("$C").values]).toEqual([9]);
    expect(store.names()).toEqual(["$A", "$B", "$C"]);
  });
});
