// The hand parser that lets popups and `docket status` skip yargs: plain command lines only;
// anything else (help, unknown flags, stray words) goes to yargs, which validates and explains.
import { describe, expect, it } from "vitest";
import { parseStatusArgs } from "../../src/cli/popup-fast.js";
import { parsePopupArgs } from "../../src/tmux/popup-args.js";

describe("parsePopupArgs", () => {
  it("takes the command lines the tmux bindings run", () => {
    expect(parsePopupArgs(["inbox", "--origin-pane", "%3", "--client", "/dev/pts/1"])).toEqual({
      verb: "inbox",
      all: false,
      pane: "%3",
      client: "/dev/pts/1",
    });
    expect(parsePopupArgs(["verdict", "w3", "--all"])).toEqual({ verb: "verdict", ref: "w3", all: true });
    expect(parsePopupArgs(["peek", "--origin-pane=%1"])).toEqual({ verb: "peek", all: false, pane: "%1" });
  });
  it("leaves everything else to yargs", () => {
    for (const argv of [
      ["inbox", "--help"],
      ["inbox", "--json"],
      ["inbox", "w3"],
      ["verdict", "w3", "--accept"],
      ["peek", "--origin-pane"],
      ["spawn", "x"],
      [],
    ]) {
      expect(parsePopupArgs(argv)).toBeUndefined();
    }
  });
});

describe("parseStatusArgs", () => {
  it("takes status with --json and/or --publish", () => {
    expect(parseStatusArgs(["status"])).toEqual({ json: false, publish: false });
    expect(parseStatusArgs(["status", "--json"])).toEqual({ json: true, publish: false });
    expect(parseStatusArgs(["status", "--publish", "--json"])).toEqual({ json: true, publish: true });
  });
  it("leaves everything else to yargs", () => {
    for (const argv of [
      ["status", "--help"],
      ["status", "--jsn"],
      ["status", "w1"],
      ["status", "--json=false"],
      ["inbox"],
      [],
    ]) {
      expect(parseStatusArgs(argv)).toBeUndefined();
    }
  });
});
