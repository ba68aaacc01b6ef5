// Pins the tmux surface's public names: changing one must be a deliberate act that updates the docs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OPTION_DEFAULTS, OUTPUT_OPTIONS, PLACEHOLDERS } from "../../src/tmux/options.js";
import { KEYS } from "../../src/tmux/bindings.js";
import { VERBS } from "../../src/cli/verbs.js";

const ROOT = join(import.meta.dirname, "..", "..");
const contract = readFileSync(join(ROOT, "docs", "contract.md"), "utf8");
const tmuxDoc = readFileSync(join(ROOT, "docs", "tmux.md"), "utf8");

describe("tmux contract", () => {
  it("keeps the option names and defaults", () => {
    expect(OPTION_DEFAULTS).toEqual({
      "@docket-key-inbox": "A",
      "@docket-key-verdict": "V",
      "@docket-key-peek": "W",
      "@docket-key-spawn": "N",
      "@docket-key-next": "J",
      "@docket-popup-width": "80%",
      "@docket-popup-height": "80%",
      "@docket-popup-x": "",
      "@docket-popup-y": "",
      "@docket-bin": "",
      "@docket-status-auto": "off",
      "@docket-status-format": "{waiting} {failed} {ready} {running} {warn}",
      "@docket-status-idle": "·",
      "@docket-icon-waiting": "?",
      "@docket-icon-failed": "✗",
      "@docket-icon-ready": "✓",
      "@docket-icon-running": "●",
      "@docket-icon-idle": "○",
      "@docket-style-waiting": "bold,reverse",
      "@docket-style-failed": "bold,reverse",
      "@docket-style-ready": "bold",
      "@docket-style-running": "none",
      "@docket-style-warn": "underscore",
      "@docket-notify-needs-input": "on",
      "@docket-notify-ready": "on",
      "@docket-notify-failed": "on",
      "@docket-notify-command": "",
      "@docket-notify-duration": "5000",
    });
    expect(OUTPUT_OPTIONS).toEqual({
      global: [
        "@docket_status",
        "@docket_waiting",
        "@docket_ready",
        "@docket_failed",
        "@docket_running",
        "@docket_cost",
        "@docket_plugin",
        "@docket_bound",
      ],
      window: ["@docket_state", "@docket_icon"],
    });
    // Readable on any bar (tmux's default green one, dark and light themes): the default styles use the
    // bar's own colours and only add attributes.
    for (const k of ["waiting", "failed", "ready", "running", "warn"] as const) {
      expect(OPTION_DEFAULTS[`@docket-style-${k}`], k).not.toMatch(/\b(fg|bg)=/);
    }
    expect(Object.keys(PLACEHOLDERS)).toEqual([
      "#{docket_status}",
      "#{docket_waiting}",
      "#{docket_ready}",
      "#{docket_failed}",
      "#{docket_running}",
      "#{docket_cost}",
      "#{docket_icon}",
    ]);
  });

  it("documents every option with its default in docs/tmux.md and names it in docs/contract.md", () => {
    for (const [name, def] of Object.entries(OPTION_DEFAULTS)) {
      const row = tmuxDoc.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      if (def) expect(row, name).toContain(`\`${def}\``);
      expect(contract, name).toContain(`\`${name.replace("@docket-", "")}\``);
    }
    for (const name of [...OUTPUT_OPTIONS.global, ...OUTPUT_OPTIONS.window, ...Object.keys(PLACEHOLDERS)]) {
      expect(contract, name).toContain(`\`${name}\``);
    }
  });

  it("binds the verbs the popups and the next key run, and registers the tmux-surface verbs", () => {
    expect(KEYS.map((k) => [k.name, k.args.join(" "), k.popup])).toEqual([
      ["inbox", "inbox", true],
      ["verdict", "verdict", true],
      ["peek", "peek", true],
      ["spawn", "spawn --prompt", true],
      ["next", "next", false],
    ]);
    for (const v of ["status", "next", "doctor"]) expect(VERBS[v], v).toBeDefined();
  });
});
