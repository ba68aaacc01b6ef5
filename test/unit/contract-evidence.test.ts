// Pins the decision-record/evidence names in docs/contract.md: a rename must be deliberate.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DECISION_VERBS } from "../../src/core/schema.js";
import { ARTIFACT_PREFIX, ITEM_ID } from "../../src/store/artifacts.js";
import { bundleFiles, BUNDLE_ID } from "../../src/store/bundles.js";
import { loadsPath } from "../../src/evidence/mounted.js";
import { ledgerPath } from "../../src/store/layout.js";
import { VERBS } from "../../src/cli/verbs.js";

const doc = readFileSync(join(import.meta.dirname, "..", "..", "docs", "contract.md"), "utf8");

describe("evidence contract", () => {
  it("keeps the store file names", () => {
    expect(ledgerPath("/h")).toBe("/h/decisions.ndjson");
    expect(loadsPath("/h")).toBe("/h/loads.json");
    expect(bundleFiles("/h", "b7")).toEqual({ md: "/h/bundles/b7.md", json: "/h/bundles/b7.artifacts.json" });
    for (const name of [
      "decisions.ndjson",
      "loads.json",
      "bundles/b<N>.md",
      "bundles/b<N>.artifacts.json",
      "prune-stamp",
      "artifacts.json",
    ])
      expect(doc).toContain(name);
  });

  it("keeps the ledger verbs and artifact prefixes", () => {
    expect([...DECISION_VERBS]).toEqual([
      "accept",
      "reject",
      "reject_stop",
      "chat",
      "option",
      "steer",
      "retry",
      "dismiss",
      "worker_evicted_unreviewed",
      "combine",
      "send_review",
      "broadcast",
      "implement",
    ]);
    expect(doc).toContain(DECISION_VERBS.join(" "));
    expect(ARTIFACT_PREFIX).toEqual({
      command: "c",
      error: "e",
      edit: "f",
      answer: "a",
      question: "q",
      summary: "s",
      note: "n",
      terminal: "t",
    });
    expect(ITEM_ID.test("t12") && !ITEM_ID.test("x1")).toBe(true);
    expect(BUNDLE_ID.test("b2") && !BUNDLE_ID.test("b0")).toBe(true);
  });

  it("keeps the CLI verbs, with `decisions` as an alias of `log`", () => {
    for (const v of [
      "log",
      "answers",
      "search",
      "save",
      "load",
      "list",
      "unload",
      "clear",
      "ref",
      "inject-full",
      "copy",
      "delete",
    ]) {
      expect(VERBS[v], v).toBeDefined();
      expect(doc).toContain(`docket ${v}`);
    }
    expect(VERBS.log!.aliases).toEqual(["decisions"]);
    expect(doc).toContain("docket decisions");
  });
});
