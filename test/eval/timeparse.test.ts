import { describe, expect, it } from "vitest";
import { parseTime } from "../../src/base/timeparse.ts";

describe("time(\"…\") formats (spec §11.3)", () => {
  it.each([
    ["2016-10-13T19:18:47.805Z", Date.UTC(2016, 9, 13, 19, 18, 47, 805)],
    ["2023-04-14T10:20:30.123456Z", Date.UTC(2023, 3, 14, 10, 20, 30, 123) + 0.456],
    ["2023-04-14T10:20:30.1234567Z", Date.UTC(2023, 3, 14, 10, 20, 30, 123) + 0.4567],
    ["2016-10-13T19:18:47Z", Date.UTC(2016, 9, 13, 19, 18, 47)],
    ["2016-10-13T19:18Z", Date.UTC(2016, 9, 13, 19, 18)],
    ["2016-10-13T21:18:47+02:00", Date.UTC(2016, 9, 13, 19, 18, 47)],
    ["2016-10-13T19:18:47", Date.UTC(2016, 9, 13, 19, 18, 47)],
    ["2016-10-13", Date.UTC(2016, 9, 13)],
    ["2016-10", Date.UTC(2016, 9, 1)],
    ["2016", Date.UTC(2016, 0, 1)],
    ["Mon, 06 Oct 2014 10:20:00 GMT", Date.UTC(2014, 9, 6, 10, 20)],
    ["Thu, 13 Oct 2016 19:18:47 GMT", Date.UTC(2016, 9, 13, 19, 18, 47)],
    ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
  ])("%s", (text, ms) => expect(parseTime(text)).toBeCloseTo(ms, 3));
  it.each([
    ["2023-04-14T10:20:30.123456789Z"], // 9 fractional digits: nextflow#3866
    ["2023-04-14T10:20:30.12345678Z"],
    ["Tue, 06 Oct 2014 10:20:00 GMT"], // wrong weekday
    ["2023-02-29T00:00:00Z"],
    ["2023-13-01"],
    ["2023-01-01T24:00:00Z"],
    ["yesterday"],
    [""],
    ["0000-01-01"],
  ])("rejects %s", (text) => expect(parseTime(text)).toBeUndefined());
});
