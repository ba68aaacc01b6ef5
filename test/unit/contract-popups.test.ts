// Pins the popup part of docs/contract.md: verb names, flags, JSON groups, ledger verbs used.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VERBS } from "../../src/cli/verbs.js";
import { DECISION_VERBS } from "../../src/core/schema.js";
import { rankItems } from "../../src/core/ranking.js";
import { choicesFor } from "../../src/core/verdict.js";
import { fixtureWorker } from "../helpers/popup-fixtures.js";

const root = join(import.meta.dirname, "..", "..");
const contract = readFileSync(join(root, "docs", "contract.md"), "utf8");
const keys = readFileSync(join(root, "docs", "keys.md"), "utf8");

describe("popup contract", () => {
  it("verbs inbox, verdict, peek exist and are documented", () => {
    for (const v of ["inbox", "verdict", "peek"]) {
      expect(VERBS[v]).toBeDefined();
      expect(contract).toContain(`docket ${v}`);
    }
    expect(contract).toContain("docket spawn --prompt");
  });

  it("verdict flags and inbox options are the documented ones", async () => {
    const read = (f: string) => readFileSync(join(root, "src", "cli", f), "utf8");
    for (const flag of [
      "accept",
      "reject",
      "dismiss",
      "retry",
      "option",
      "chat",
      "steer",
      "reject-stop",
      "yes",
      "text",
    ]) {
      expect(read("verdict.ts")).toContain(`.option("${flag}"`);
      expect(contract).toContain(`--${flag}`);
    }
    for (const flag of ["all", "plain", "json", "origin-pane", "client"])
      expect(read("inbox.ts")).toContain(`.option("${flag}"`);
  });

  it("inbox groups and their order match the contract", () => {
    expect(contract).toContain(
      "`question failure changes findings evidence note mounted loaded running stopped reviewed`",
    );
    const items = rankItems({
      workers: [
        fixtureWorker({ state: "stopped" }),
        fixtureWorker({ state: "ready" }),
        fixtureWorker({ state: "active" }),
        fixtureWorker({ state: "needs_input", question: { text: "q", askedAt: "2026-01-01T00:00:00Z" } }),
      ],
    });
    expect(items.map((i) => i.group)).toEqual(["question", "findings", "running", "stopped"]);
  });

  it("every verb a verdict can record is a ledger verb", () => {
    const states = ["needs_input", "ready", "failed", "active"] as const;
    const verbs = new Set(
      states.flatMap((state) =>
        choicesFor(
          fixtureWorker({
            state,
            question:
              state === "needs_input" ? { text: "q", options: ["a", "b"], askedAt: "2026-01-01T00:00:00Z" } : undefined,
          }),
        ).map((c) => c.verb),
      ),
    );
    for (const v of verbs) expect(DECISION_VERBS).toContain(v);
  });

  it("docs/keys.md lists the inbox, verdict and peek keys", () => {
    for (const k of [
      "`Enter`",
      "`r`",
      "`p`",
      "`a`",
      "`y`",
      "`i`",
      "`I`",
      "`Space`",
      "`d`",
      "`b`",
      "`/`",
      "`?`",
      "`1`–`9`",
      "`n` / `p`",
    ])
      expect(keys).toContain(k);
  });

  it("every key the inbox reports from fzf is in its help and in docs/keys.md", async () => {
    const fzf = (await import("../../src/ui/inbox-fzf.js")).INBOX_KEYS;
    const help = (await import("../../src/ui/actions.js")).INBOX_KEYS.map(([k]) => k);
    expect(fzf).toContain("b");
    for (const k of fzf) {
      const name = k === "enter" ? "Enter" : k === "space" ? "Space" : k;
      expect(
        help.some((h) => h.split(" ").includes(name)),
        k,
      ).toBe(true);
      expect(keys).toContain(`\`${name}\``);
    }
  });
});
