import { describe, expect, it } from "vitest";
import { checkRef, resolveRef } from "../../src/core/refs.js";

const workers = [
  { id: "fix-auth-test-a1b2", label: "w1", index: 1 },
  { id: "fix-auth-docs-c3d4", label: "w2", index: 2 },
  { id: "map-callers-e5f6", label: "w12", index: 12 },
];

describe("worker refs", () => {
  it("checkRef passes valid syntax through unchanged, without a store", () => {
    for (const r of ["w1", "12", "fix-auth", "w-1", "fix-auth-test-a1b2"]) expect(checkRef(r)).toBe(r);
  });

  it("accepts wN, N, a full id and a unique id prefix", () => {
    expect(resolveRef("w1", workers).id).toBe("fix-auth-test-a1b2");
    expect(resolveRef("12", workers).label).toBe("w12");
    expect(resolveRef("fix-auth-docs-c3d4", workers).label).toBe("w2");
    expect(resolveRef("map", workers).label).toBe("w12");
  });

  it("names an ambiguous prefix's candidates", () => {
    expect(() => resolveRef("fix-auth", workers)).toThrow("ambiguous worker ref: fix-auth matches w1, w2");
  });

  it.each([
    ["w99999", "unknown worker: w99999"],
    ["w-1", "unknown worker: w-1"],
    ["nothing-here", "unknown worker: nothing-here"],
    ["../../etc/passwd", 'invalid worker ref: "../../etc/passwd" (use wN, N or an id)'],
    ["w1; rm -rf /", 'invalid worker ref: "w1; rm -rf /" (use wN, N or an id)'],
    ["$(id)", 'invalid worker ref: "$(id)" (use wN, N or an id)'],
    ["W1", 'invalid worker ref: "W1" (use wN, N or an id)'],
    ["", "empty worker ref"],
    [" w1", 'invalid worker ref: " w1" (use wN, N or an id)'],
    ["w1 ", 'invalid worker ref: "w1 " (use wN, N or an id)'],
    ["w01", 'invalid worker ref: "w01" (use wN, N or an id)'],
    ["01", 'invalid worker ref: "01" (use wN, N or an id)'],
    ["w0", 'invalid worker ref: "w0" (use wN, N or an id)'],
    ["-w1", 'invalid worker ref: "-w1" (use wN, N or an id)'],
    ["--dismiss", 'invalid worker ref: "--dismiss" (use wN, N or an id)'],
    ["w1\n", 'invalid worker ref: "w1\\n" (use wN, N or an id)'],
  ])("refuses %j", (ref, msg) => {
    expect(() => resolveRef(ref, workers)).toThrow(msg);
  });
});
