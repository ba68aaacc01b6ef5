// The one sanitiser for worker text (src/core/sanitize.ts) and the tmux message escaping (src/tmux/format.ts).
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { hasControls, jsonSafe, sanitizeDeep, sanitizeLine, sanitizeText } from "../../src/core/sanitize.js";
import { formatLiteral, messageLiteral } from "../../src/tmux/format.js";
import { c } from "../../src/ui/ansi.js";
import { renderCard } from "../../src/ui/card.js";
import { rowText, safeMarkers } from "../../src/ui/inbox-row.js";
import { renderChoices } from "../../src/ui/verdict-screen.js";
import { showText, workersTable } from "../../src/workers/render.js";
import { renderEpisodes, buildEpisodes } from "../../src/core/timeline.js";
import { ROOT } from "../helpers/sandbox.js";

/** Anything a terminal would act on: ESC, C1, other C0 except \n and \t, DEL. */
const TERMINAL_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/;
const CFG = { worker: { silentMinutes: 5, waitingMinutes: 30 } };

describe("sanitizeText", () => {
  it("shows every ESC sequence type escaped, keeping its text", () => {
    expect(sanitizeText("a\x1b[31mred\x1b[0m b")).toBe("a␛[31mred␛[0m b"); // CSI / SGR
    expect(sanitizeText("\x1b[2J\x1b[8mhidden")).toBe("␛[2J␛[8mhidden");
    expect(sanitizeText("\x1b]2;PWNED\x07q")).toBe("␛]2;PWNED␇q"); // OSC, BEL-terminated
    expect(sanitizeText("\x1b]0;PWNED\x1b\\q")).toBe("␛]0;PWNED␛\\q"); // OSC, ST-terminated
    expect(sanitizeText("\x1bPq#0;2;0;0;0\x1b\\")).toBe("␛Pq#0;2;0;0;0␛\\"); // DCS
    expect(sanitizeText("\x1b_apc\x1b\\ \x1b^pm\x1b\\ \x1bXsos\x1b\\")).toBe("␛_apc␛\\ ␛^pm␛\\ ␛Xsos␛\\"); // APC, PM, SOS
    expect(sanitizeText("\x1bc\x1b7\x1b8\x1b(B")).toBe("␛c␛7␛8␛(B"); // two-char and intermediate ESC sequences
  });

  it("neutralises unterminated sequences without swallowing the rest of the text", () => {
    expect(sanitizeText("before \x1b]2;the rest of the question")).toBe("before ␛]2;the rest of the question");
    expect(sanitizeText("x \x1bP unterminated dcs\nline two")).toBe("x ␛P unterminated dcs\nline two");
    expect(sanitizeText("\x1b[")).toBe("␛[");
    expect(sanitizeText("ends with ESC\x1b")).toBe("ends with ESC␛");
  });

  it("shows C1 controls (their UTF-8 forms in a string) as their 7-bit equivalents", () => {
    expect(sanitizeText("\u009b2J")).toBe("␛[2J"); // CSI
    expect(sanitizeText("\u009d0;PWNED\u009c")).toBe("␛]0;PWNED␛\\"); // OSC … ST
    expect(sanitizeText("\u0090dcs\u009c \u0085")).toBe("␛Pdcs␛\\ ␛E");
    expect(sanitizeText(Buffer.from([0x61, 0xc2, 0x9b, 0x32, 0x4a]).toString("utf8"))).toBe("a␛[2J");
    for (let code = 0x80; code <= 0x9f; code++)
      expect(TERMINAL_CONTROL.test(sanitizeText(String.fromCharCode(code)))).toBe(false);
  });

  it("keeps newline and tab, shows other C0 and DEL, and handles CR", () => {
    expect(sanitizeText("a\tb\nc")).toBe("a\tb\nc");
    expect(sanitizeText("bell\x07 nul\x00 bs\x08 vt\x0b ff\x0c del\x7f")).toBe("bell␇ nul␀ bs␈ vt␋ ff␌ del␡");
    expect(sanitizeText("windows\r\nlines\r\n")).toBe("windows\nlines\n");
    expect(sanitizeText("safe text\rEVIL")).toBe("safe text␍EVIL");
    for (let code = 0; code < 0x20; code++) {
      const out = sanitizeText(String.fromCharCode(code));
      if (code === 0x0a || code === 0x09) expect(out).toBe(String.fromCharCode(code));
      else expect(TERMINAL_CONTROL.test(out) || out === "\r").toBe(false);
    }
  });

  it("leaves ordinary Unicode alone and is idempotent", () => {
    const text = "café ✓ 日本語のテキスト 한국어 emoji 🚀 — “quotes” ⚠ · ●";
    expect(sanitizeText(text)).toBe(text);
    expect(sanitizeLine(text)).toBe(text);
    const once = sanitizeText("\x1b]2;x\x07\u009b\r");
    expect(sanitizeText(once)).toBe(once);
    expect(hasControls(once)).toBe(false);
    expect(hasControls("\x1b[0m")).toBe(true);
  });
});

describe("sanitizeLine", () => {
  it("makes newlines, tabs and CRs spaces and escapes the rest", () => {
    expect(sanitizeLine("one\ntwo\tthree\r\nfour\rfive")).toBe("one two three four five");
    expect(sanitizeLine("a\x1b]2;T\x07b")).toBe("a␛]2;T␇b");
    expect(sanitizeLine("x\u009b2Jy")).toBe("x␛[2Jy");
  });
});

describe("sanitizeDeep and jsonSafe", () => {
  it("sanitises every string of a record, leaving other values", () => {
    const rec = { a: "x\x1b[2J", n: 3, ok: true, none: null, list: ["\u009d0;T\u009c", { deep: "\x07" }] };
    expect(sanitizeDeep(rec)).toEqual({ a: "x␛[2J", n: 3, ok: true, none: null, list: ["␛]0;T␛\\", { deep: "␇" }] });
    expect(rec.a).toBe("x\x1b[2J"); // a copy
  });

  it("escapes DEL and C1 in JSON text without changing the value", () => {
    const v = { q: "a\x1b]2;T\x07 \u009b2J \x7f é" };
    const json = jsonSafe(JSON.stringify(v));
    expect(TERMINAL_CONTROL.test(json)).toBe(false);
    expect(JSON.parse(json)).toEqual(v);
  });
});

describe("tmux message escaping", () => {
  it("formatLiteral doubles # for one expansion", () => {
    expect(formatLiteral("#{pane_id} #(rm)")).toBe("##{pane_id} ##(rm)");
  });

  it("messageLiteral survives strftime, format expansion and format_draw", () => {
    expect(messageLiteral("##(")).toBe("########(");
    expect(messageLiteral("#(touch /tmp/x)")).toBe("####(touch /tmp/x)");
    expect(messageLiteral("#{pane_id}")).toBe("####{pane_id}");
    expect(messageLiteral("#[fg=red]")).toBe("##[fg=red]");
    expect(messageLiteral("##[x] ###[y]")).toBe("####[x] ######[y]");
    expect(messageLiteral("50% %H")).toBe("50%% %%H");
    expect(messageLiteral("plain é ✓")).toBe("plain é ✓");
  });
});

// Worker text through the renderers: the output carries none of the worker's control characters,
// and docket's own colours still work.
const EVIL = "\x1b]2;PWNED\x07\x1b]0;PWNED\x1b\\\x1b[2J\x1b[8m\u009b2J\u009d0;PWNED\u009c";

function evilWorker(overrides: Record<string, unknown> = {}) {
  const at = "2024-01-01T00:00:00.000Z";
  return {
    version: 1,
    id: "evil-1234",
    label: "w1",
    task: `evil task ${EVIL}`,
    kind: "general",
    state: "needs_input",
    project: "/tmp/p",
    workspace: { type: "copy", path: "/tmp/p/ws" },
    tmux: { session: "docket-workers", windowName: "w1" },
    createdAt: at,
    updatedAt: at,
    depth: 0,
    todos: [{ id: "t1", text: `todo ${EVIL}`, state: "in_progress" }],
    questions: [],
    question: {
      text: `QUESTION-TEXT ${EVIL}`,
      options: [`OPT-A ${EVIL}`, "OPT-B"],
      recommend: "OPT-B",
      risk: `RISK ${EVIL}`,
      askedAt: at,
    },
    ...overrides,
  } as never;
}

describe("renderers sanitise worker text before colouring it", () => {
  it("card: no control from the worker; docket's SGR intact", () => {
    const card = renderCard({
      worker: evilWorker(),
      paneTail: `tail ${EVIL}`,
      width: 100,
      now: Date.parse("2024-01-01T00:01:00Z"),
    });
    const withoutOwnSgr = card.replace(/\x1b\[[0-9;]*m/g, "");
    expect(TERMINAL_CONTROL.test(withoutOwnSgr)).toBe(false);
    expect(card).toContain("QUESTION-TEXT ␛]2;PWNED␇");
    expect(card).toContain("␛[2J");
    expect(card).not.toContain("\x1b[2J");
    if (c.bold("x") !== "x") expect(card).toContain("\x1b[1m"); // colours on: docket's own codes survive
  });

  it("failure, summary and pane tail on a failed/ready card", () => {
    const at = "2024-01-01T00:00:00.000Z";
    const failed = renderCard({
      worker: evilWorker({ state: "failed", question: undefined, failure: { reason: `REASON ${EVIL}`, at } }),
      paneTail: `TAIL ${EVIL}`,
      width: 100,
    });
    expect(TERMINAL_CONTROL.test(failed.replace(/\x1b\[[0-9;]*m/g, ""))).toBe(false);
    expect(failed).toContain("REASON ␛]2;PWNED␇");
    expect(failed).toContain("TAIL ␛]2;PWNED␇");
    const ready = renderCard({
      worker: evilWorker({
        state: "ready",
        question: undefined,
        result: { outcome: "completed", summary: `SUMMARY ${EVIL}`, evidence: [`EV ${EVIL}`], recommended: [], at },
      }),
      width: 100,
    });
    expect(TERMINAL_CONTROL.test(ready.replace(/\x1b\[[0-9;]*m/g, ""))).toBe(false);
    expect(ready).toContain("SUMMARY ␛]2;PWNED␇");
  });

  it("inbox row and verdict choices", () => {
    const row = rowText(
      {
        key: "w1",
        workerId: "evil-1234",
        group: "question",
        state: "needs_input",
        kind: "general",
        since: "2024-01-01T00:00:00Z",
        subject: `SUBJ\n${EVIL}`,
        markers: [`m ${EVIL}`],
        dim: false,
      } as never,
      Date.now(),
    );
    expect(TERMINAL_CONTROL.test(row.replace(/\x1b\[[0-9;]*m/g, ""))).toBe(false);
    expect(row).not.toContain("\n");
    const choices = renderChoices([{ verb: "option", label: `OPT ${EVIL}`, hint: "" } as never], 0).join("\n");
    expect(TERMINAL_CONTROL.test(choices.replace(/\x1b\[[0-9;]*m/g, ""))).toBe(false);
    expect(choices).toContain("OPT ␛]2;PWNED␇");
  });

  it("markers: the workers' part sanitised, docket's time tokens kept for fillTimes", () => {
    expect(safeMarkers(["overlaps w2 on a\x1b[2J.ts", "waiting \x1d900000:0\x1d"])).toBe(
      "overlaps w2 on a␛[2J.ts · waiting \x1d900000:0\x1d",
    );
    expect(safeMarkers(["fake \x1d\x1b]2;T\x07\x1d"])).toBe("fake ␝␛]2;T␇␝");
  });

  it("docket show / workers / log text", () => {
    const w = evilWorker({ failure: { reason: `REASON ${EVIL}`, at: "2024-01-01T00:00:00.000Z" } });
    for (const text of [
      showText(w, { paneTail: `TAIL ${EVIL}`, inbox: [] }, Date.now(), CFG),
      workersTable([w], Date.now(), CFG),
      renderEpisodes(buildEpisodes([w], new Map(), [])),
    ]) {
      expect(TERMINAL_CONTROL.test(text)).toBe(false);
      expect(text).toContain("␛]2;PWNED␇");
    }
  });
});

describe("one sanitiser", () => {
  it("sanitize.ts imports nothing (the extension and the fast path may load it)", () => {
    const src = readFileSync(join(ROOT, "src", "core", "sanitize.ts"), "utf8");
    expect(src).not.toMatch(/^\s*import\s/m);
    expect(src).not.toMatch(/\brequire\(/);
    expect(readFileSync(join(ROOT, "src", "tmux", "format.ts"), "utf8")).not.toMatch(/^\s*import\s/m);
  });
});
