import { describe, expect, it } from "vitest";
import {
  formatSummary,
  summarize,
  DEFAULT_FORMAT,
  type SummaryWorker,
  type WarnThresholds,
} from "../../src/core/summary.js";
import { parseOptionValue, parseShowOptions, resolveOptions, OPTION_DEFAULTS } from "../../src/tmux/options.js";
import { bindCommand, KEYS, planPlugin, rewritePlaceholders, validKey } from "../../src/tmux/bindings.js";
import { displayCommands, notifyMessage, notifyOptionFor, pickClients } from "../../src/tmux/notify.js";
import { publishCommands, toPublishWorker } from "../../src/tmux/publish.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const ago = (min: number) => new Date(NOW - min * 60_000).toISOString();
const w = (label: string, state: string, extra: Partial<SummaryWorker> = {}): SummaryWorker => ({
  label,
  state,
  createdAt: ago(1),
  lastActivityAt: ago(1),
  ...extra,
});
const TH: WarnThresholds = { silentMinutes: 5, waitingMinutes: 30, dockIdleHideMinutes: 30 };

describe("fleet summary", () => {
  it("counts waiting, failed, ready and running, leaving reviewed and answered ones out", () => {
    const s = summarize(
      [
        w("w1", "needs_input", { question: { askedAt: ago(2) } }),
        w("w2", "needs_input", { question: { askedAt: ago(2), answeredAt: ago(1) } }),
        w("w3", "failed"),
        w("w4", "error"),
        w("w5", "ready"),
        w("w6", "ready", { reviewedAt: ago(1) }),
        w("w7", "active"),
        w("w8", "idle"),
        w("w9", "ended"), // exited without reporting: a failure, as the inbox ranks it
        w("w10", "ended", { reviewedAt: ago(1) }),
      ],
      NOW,
      TH,
    );
    expect(s).toMatchObject({ waiting: 1, failed: 3, ready: 1, running: 2, total: 10, warning: "" });
    expect(formatSummary(s)).toBe("? 1 ✗ 3 ✓ 1 ● 2");
  });

  it("omits parts at zero and shows the idle mark when nothing counts", () => {
    expect(formatSummary(summarize([w("w1", "ready")], NOW, TH))).toBe("✓ 1");
    expect(formatSummary(summarize([], NOW, TH))).toBe("·");
    expect(
      formatSummary(summarize([w("w1", "ready", { reviewedAt: ago(1) })], NOW, TH), { ...DEFAULT_FORMAT, idle: "" }),
    ).toBe("");
  });

  it("adds age warnings for long waits and silent workers", () => {
    const s = summarize(
      [w("w1", "needs_input", { question: { askedAt: ago(31) } }), w("w2", "active", { lastActivityAt: ago(6) })],
      NOW,
      TH,
    );
    expect(s.warning).toBe("w1 waiting 31m · w2 silent 6m");
    expect(formatSummary(s)).toBe("? 1 ● 1 w1 waiting 31m · w2 silent 6m");
  });

  it("wraps parts in the configured tmux styles and follows the template", () => {
    const s = summarize([w("w1", "failed"), w("w2", "active")], NOW, TH);
    const f = {
      ...DEFAULT_FORMAT,
      template: "[{running}|{failed}]",
      styles: { ...DEFAULT_FORMAT.styles, failed: "fg=red" },
    };
    expect(formatSummary(s, f)).toBe("[● 1|#[fg=red]✗ 1#[default]]");
  });
});

describe("reading tmux options", () => {
  it("undoes show-options quoting: double, single, bare, escapes and UTF-8 octal", () => {
    expect(parseOptionValue('"[#{session_name}] "')).toBe("[#{session_name}] ");
    expect(parseOptionValue('"#S:#I \\"#T\\" \\$HOME"')).toBe('#S:#I "#T" $HOME');
    expect(parseOptionValue("'a \"b\"'")).toBe('a "b"');
    expect(parseOptionValue("\\#")).toBe("#");
    expect(parseOptionValue("off")).toBe("off");
    expect(parseOptionValue('"\\342\\234\\223 ok"')).toBe("✓ ok");
    expect(parseOptionValue("✓")).toBe("✓");
  });

  it("maps show-options lines and overlays user values on the defaults", () => {
    const all = parseShowOptions(
      [
        'status-left "[#S] "',
        "@docket-key-inbox M-a",
        "@docket-status-auto on",
        "docket-key:A  docket: inbox",
        "",
      ].join("\n"),
    );
    expect(all.get("status-left")).toBe("[#S] ");
    expect(all.has("docket-key:A")).toBe(false);
    const o = resolveOptions(all);
    expect(o["@docket-key-inbox"]).toBe("M-a");
    expect(o["@docket-key-verdict"]).toBe(OPTION_DEFAULTS["@docket-key-verdict"]);
  });
});

describe("plugin plan", () => {
  const base = { all: new Map<string, string>(), keyLines: [], root: "/opt/it's docket", warnings: [] };

  it("rewrites only the placeholders", () => {
    expect(rewritePlaceholders("#[bold]#{docket_status} %H #{docket_waiting}#{docket_statusx}")).toBe(
      "#[bold]#{E:@docket_status} %H #{E:@docket_waiting}#{docket_statusx}",
    );
  });

  it("bakes the binary, quoted for sh and tmux, with origin pane and client formats", () => {
    const o = resolveOptions(new Map());
    const cmd = bindCommand(KEYS[0]!, "A", "/opt/it's #1/bin/docket", o);
    expect(cmd.slice(0, 9)).toEqual([
      "bind-key",
      "-N",
      "docket: inbox of decisions waiting for you",
      "-T",
      "prefix",
      "A",
      "run-shell",
      "-C",
      cmd[8],
    ]);
    expect(cmd[8]).toBe(
      `display-popup -E -w "80%" -h "80%" -d "##{pane_current_path}" "'/opt/it'\\\\''s ##1/bin/docket' inbox --origin-pane '#{pane_id}' --client '#{client_tty}'"`,
    );
  });

  it("skips none and bad key names, and unbinds only keys still carrying docket's note", () => {
    const all = new Map([
      ["@docket-key-peek", "none"],
      ["@docket-key-spawn", "not a key"],
      ["@docket_bound", "A V W X"],
    ]);
    const keyLines = ["docket-key:W   docket: peek at a worker", "docket-key:X   my own thing"];
    const plan = planPlugin({ ...base, opts: resolveOptions(all), all, keyLines });
    expect(plan.bound).toEqual(["A", "V", "J"]);
    expect(plan.cmds).toContainEqual(["unbind-key", "-T", "prefix", "W"]);
    expect(plan.cmds.some((c) => c[0] === "unbind-key" && c[3] === "X")).toBe(false);
    expect(plan.messages[0]).toMatch(/@docket-key-spawn "not a key" is not a tmux key name/);
    expect(plan.cmds).toContainEqual(["set-option", "-g", "@docket_plugin", `warn: ${plan.messages[0]}`]);
  });

  it("leaves a default key the person bound, replaces docket's own, and lets an explicit option win", () => {
    const bindLines = [
      "bind-key -r -T prefix J       resize-pane -D 5",
      "bind-key    -T prefix A       display-message mine",
      'bind-key    -T prefix V       run-shell -C "display-popup …"',
    ];
    const keyLines = ["docket-key:V   docket: verdict on the top decision"];
    const plan = planPlugin({ ...base, opts: resolveOptions(base.all), all: base.all, keyLines, bindLines });
    expect(plan.bound).toEqual(["V", "W", "N"]);
    expect(plan.skipped).toEqual(["A", "J"]);
    expect(plan.messages).toContain(
      "prefix J is bound to something else (resize-pane -D 5); next not bound: set -g @docket-key-next <key>",
    );
    const all = new Map([["@docket-key-next", "J"]]);
    const explicit = planPlugin({ ...base, opts: resolveOptions(all), all, keyLines, bindLines });
    expect(explicit.bound).toEqual(["V", "W", "N", "J"]);
    expect(explicit.skipped).toEqual(["A"]);
  });

  it("installs the placeholder hooks at docket's own index", () => {
    const plan = planPlugin({ ...base, opts: resolveOptions(base.all), node: "/usr/bin/node" });
    const hooks = plan.cmds.filter((c) => c[0] === "set-hook").map((c) => c[2]);
    expect(hooks).toEqual(["session-created[4271]", "client-attached[4271]", "after-set-option[4271]"]);
  });

  it("status-auto puts the summary at the start of status-right once", () => {
    const all = new Map([
      ["status-right", "%H:%M"],
      ["@docket-status-auto", "on"],
    ]);
    const plan = planPlugin({ ...base, opts: resolveOptions(all), all });
    expect(plan.cmds).toContainEqual(["set-option", "-g", "status-right", "#{E:@docket_status} %H:%M"]);
    const again = new Map([
      ["status-right", "#{E:@docket_status} %H:%M"],
      ["@docket-status-auto", "on"],
    ]);
    expect(
      planPlugin({ ...base, opts: resolveOptions(again), all: again }).cmds.some((c) => c[2] === "status-right"),
    ).toBe(false);
  });

  it("accepts tmux key names", () => {
    for (const k of ["A", "M-a", "C-M-x", "F5", "Space", "BSpace", "/"]) expect(validKey(k)).toBe(true);
    for (const k of ["", "two words", "ab", "C-"]) expect(validKey(k)).toBe(false);
  });
});

describe("notifications", () => {
  const t = {
    id: "fix-1234",
    label: "w3",
    task: "fix it",
    from: "active",
    to: "needs_input",
    text: "run migrations now?",
  };

  it("says who and why in one short line", () => {
    expect(notifyMessage(t)).toBe("w3 asks: run migrations now?");
    expect(notifyMessage({ ...t, to: "ready", text: "done\nwith details" })).toBe("w3 ready: done with details");
    expect(notifyMessage({ ...t, to: "failed", text: "x".repeat(300) })).toHaveLength("w3 failed: ".length + 100);
    expect(notifyMessage({ ...t, text: "ok\x1b]2;PWNED\x07 \u009b2J" })).toBe("w3 asks: ok␛]2;PWNED␇ ␛[2J");
  });

  it("gates by state, escapes formats and picks the origin session's clients", () => {
    expect(notifyOptionFor("error")).toBe("@docket-notify-failed");
    expect(notifyOptionFor("active")).toBeUndefined();
    const listing = "/dev/pts/1\tmain\n/dev/pts/2\tother\n";
    expect(pickClients(listing, "other")).toEqual(["/dev/pts/2"]);
    expect(pickClients(listing, "gone")).toEqual(["/dev/pts/1", "/dev/pts/2"]);
    // Readable by default (tmux's own display-time is 750 ms); empty leaves it to display-time.
    expect(displayCommands(["c"], "m", resolveOptions(new Map()))[0]).toEqual([
      "display-message",
      "-c",
      "c",
      "-d",
      "5000",
      "m",
    ]);
    expect(displayCommands(["c"], "m", resolveOptions(new Map([["@docket-notify-duration", ""]])))[0]).toEqual([
      "display-message",
      "-c",
      "c",
      "m",
    ]);
    const o = resolveOptions(new Map([["@docket-notify-duration", "4000"]]));
    expect(displayCommands(["/dev/pts/1"], "w3 asks: 50% #1", o)).toEqual([
      ["display-message", "-c", "/dev/pts/1", "-d", "4000", "w3 asks: 50%% ####1"],
    ]);
  });
});

describe("publish", () => {
  it("reads status files defensively", () => {
    expect(toPublishWorker(null)).toBeUndefined();
    expect(toPublishWorker({ label: 3, state: "active" })).toBeUndefined();
    expect(
      toPublishWorker({ label: "w1", state: "active", tmux: { windowId: "@7; kill-server" } })?.windowId,
    ).toBeUndefined();
  });

  it("sets the global outputs, then window states with -q, then refreshes", () => {
    const workers = [{ ...w("w1", "needs_input", { question: { askedAt: ago(1) } }), windowId: "@4" }];
    const cmds = publishCommands(workers, summarize(workers, NOW, TH), resolveOptions(new Map()), undefined);
    expect(cmds.slice(0, 5).map((c) => c[2])).toEqual([
      "@docket_status",
      "@docket_waiting",
      "@docket_ready",
      "@docket_failed",
      "@docket_running",
    ]);
    expect(cmds[0]![3]).toBe("#[bold,reverse]? 1#[default]");
    expect(cmds).toContainEqual(["set-option", "-wq", "-t", "@4", "@docket_state", "needs_input"]);
    expect(cmds).toContainEqual(["set-option", "-wq", "-t", "@4", "@docket_icon", "?"]);
    expect(cmds.at(-1)).toEqual(["refresh-client", "-S"]);
  });
});
