// Pins the fleet's public names (docs/contract.md, "Fleet" section) so a rename fails loudly.
import { describe, expect, it } from "vitest";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { VERBS } from "../../src/cli/verbs.js";
import { WORKER_SESSION } from "../../src/core/env.js";
import { BUILTIN_KINDS } from "../../src/core/builtin-kinds.js";
import { firstPrompt } from "../../src/workers/brief.js";
import { EXTENSION_PATH, piArgv, RUN_WRAPPER, CLI_MAIN } from "../../src/workers/launch.js";
import { paneDiedHook } from "../../src/workers/window.js";
import { workerEnv } from "../../src/workers/spawn.js";
import { applyDeath } from "../../src/workers/harvest.js";
import type { WorkerStatus } from "../../src/core/schema.js";

const ROOT = join(import.meta.dirname, "..", "..");
const doc = readFileSync(join(ROOT, "docs", "contract.md"), "utf8");

describe("fleet contract", () => {
  it("keeps its verbs, session name and built-in kinds", () => {
    for (const v of ["spawn", "tell", "workers", "show", "kinds", "respawn", "stop", "delete", "hook", "broadcast"]) {
      expect(VERBS[v], v).toBeDefined();
      expect(doc).toContain(`docket ${v} `);
    }
    expect(WORKER_SESSION).toBe("docket-workers");
    expect(BUILTIN_KINDS.map((k) => k.name)).toEqual(["default", "scout", "patcher", "architect", "implementer"]);
  });

  it("installs the documented pane-died hook with everything quoted", () => {
    const hook = paneDiedHook("/h o m'e/#x", "w1-abcd", "/usr/bin/node", "/r/dist/docket.js");
    expect(hook).toBe(
      `run-shell -b "DOCKET_HOME='/h o m'\\\\''e/##x' DOCKET_TMUX_SOCKET= DOCKET_TMUX_SOCKET_PATH='#{socket_path}' '/usr/bin/node' '/r/dist/docket.js' hook pane-died 'w1-abcd' '#{hook_pane}' '#{pane_dead_status}' >/dev/null 2>&1"`,
    );
    expect(paneDiedHook('/h$HOME"x', "i")).toContain(`DOCKET_HOME='/h\\$HOME\\"x'`);
    expect(CLI_MAIN.endsWith(join("dist", "docket.cjs"))).toBe(true);
    expect(RUN_WRAPPER.endsWith(join("dist", "run.js"))).toBe(true);
    expect(EXTENSION_PATH.endsWith(join("dist", "extension.js"))).toBe(true);
    // The build writes every entry point under the name the code launches.
    for (const f of [CLI_MAIN, RUN_WRAPPER, EXTENSION_PATH]) expect(existsSync(f), f).toBe(true);
  });

  it("launches pi hermetically with the documented argv", () => {
    expect(piArgv({ pi: ["/bin/pi"], sessionDir: "/w/session", model: "fake/fake-model", prompt: "P" })).toEqual([
      "/bin/pi",
      "--no-extensions",
      "-e",
      EXTENSION_PATH,
      "--session-dir",
      "/w/session",
      "--provider",
      "fake",
      "--model",
      "fake-model",
      "P",
    ]);
    expect(
      piArgv({ pi: ["pi"], sessionDir: "s", session: { mode: "fork", file: "f.jsonl" }, prompt: "P" }).slice(-3),
    ).toEqual(["--fork", "f.jsonl", "P"]);
    expect(
      piArgv({ pi: ["pi"], sessionDir: "s", session: { mode: "resume", file: "f.jsonl" }, prompt: "P" }).slice(-3),
    ).toEqual(["--session", "f.jsonl", "P"]);
    expect(firstPrompt("--help @x", "/t.md")).toBe(
      "[docket task]\n--help @x\n\n[docket] Your task and pre-flight brief are in /t.md. Report with the docket_* tools.",
    );
  });

  it("passes the documented env to worker windows", () => {
    const env = workerEnv("x-1234", "/h", {
      DOCKET_TMUX_SOCKET: "s",
      PI_CODING_AGENT_DIR: "/a",
      PI_OFFLINE: "1",
      DOCKET_PI: "/p",
      SECRET: "no",
    });
    expect(env).toEqual({
      DOCKET_WORKER_ID: "x-1234",
      DOCKET_HOME: "/h",
      DOCKET_TMUX_SOCKET: "s",
      DOCKET_PI: "/p",
      PI_CODING_AGENT_DIR: "/a",
      PI_OFFLINE: "1",
    });
  });

  it("maps a process death to ended/failed with the documented reason, keeping terminal states", () => {
    const base = { state: "active", todos: [], questions: [] } as unknown as WorkerStatus;
    expect(applyDeath(base, 0, "T")).toMatchObject({ state: "ended", exitCode: 0, endedAt: "T" });
    expect(applyDeath(base, 137, "T")).toMatchObject({
      state: "failed",
      exitCode: 137,
      failure: { reason: "worker process exited (exit 137)", at: "T" },
    });
    expect(applyDeath({ ...base, state: "ready", endedAt: "E" }, 0, "T")).toMatchObject({
      state: "ready",
      exitCode: 0,
      endedAt: "E",
    });
    expect(applyDeath(base, undefined, "T").failure?.reason).toBe("worker process exited (exit unknown)");
  });
});
