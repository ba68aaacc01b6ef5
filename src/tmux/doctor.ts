// The checks behind `docket doctor`: each tool with its version, the build, and the tmux plugin's
// state as docket.tmux recorded it in @docket_plugin. Every failing line says what to do.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { piCommand } from "../core/env.js";
import { listPiModels, modelIn } from "../core/models.js";
import { ENTRIES } from "../store/paths.js";
import { tmuxSync } from "./runner.js";
import { parseShowOptions } from "./options.js";

export type CheckLevel = "ok" | "warn" | "fail" | "info";

export interface Check {
  name: string;
  level: CheckLevel;
  detail: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): { ok: boolean; out: string; missing: boolean } {
  const r = spawnSync(cmd, args, { env, encoding: "utf8", timeout: 15_000, stdio: ["ignore", "pipe", "pipe"] });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim(), missing };
}

const firstLine = (s: string) => s.split("\n")[0]?.trim() ?? "";

function tool(
  name: string,
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  fix: string,
  parse: (out: string) => string = firstLine,
): Check {
  const r = run(cmd, args, env);
  if (r.missing) return { name, level: "fail", detail: `not found on PATH: ${fix}` };
  if (!r.ok)
    return { name, level: "fail", detail: `\`${[cmd, ...args].join(" ")}\` failed (${firstLine(r.out)}): ${fix}` };
  return { name, level: "ok", detail: parse(r.out) };
}

export function checkTmux(env: NodeJS.ProcessEnv): Check {
  const v = tool("tmux", "tmux", ["-V"], env, "install tmux 3.2 or newer");
  if (v.level !== "ok") return v;
  // Feature check, like docket.tmux: tmux before 3.2 has no display-popup.
  if (!run("tmux", ["list-commands", "display-popup"], env).ok) {
    return { name: "tmux", level: "fail", detail: `${v.detail} has no display-popup; docket needs tmux 3.2 or newer` };
  }
  return v;
}

export function checkNode(): Check {
  const major = Number(process.versions.node.split(".")[0]);
  return major >= 20
    ? { name: "node", level: "ok", detail: `v${process.versions.node}` }
    : { name: "node", level: "fail", detail: `v${process.versions.node} is too old: install Node 20 or newer` };
}

/**
 * git, with the feature merging parallel work needs: `git merge-tree --write-tree --stdin` (2.39+)
 * grades overlapping change sets and merges an accepted one three-way. Older gits still work (accept
 * falls back to plain `git apply`, overlap stays path-only), so it is a warning, not a failure.
 */
export function checkGit(env: NodeJS.ProcessEnv): Check {
  const v = tool("git", "git", ["--version"], env, "install git (workspaces and change sets use it)");
  if (v.level !== "ok") return v;
  const usage = run("git", ["merge-tree", "-h"], env).out;
  if (!/--write-tree/.test(usage) || !/--stdin/.test(usage)) {
    return {
      name: "git",
      level: "warn",
      detail:
        `${v.detail}: git 2.39 or newer needed to merge parallel work (merge-tree --write-tree --stdin); ` +
        `until then accept uses plain git apply and overlap is path-only`,
    };
  }
  return v;
}

export function checkBuild(root: string): Check {
  const need = Object.values(ENTRIES).map((f) => `dist/${f}`);
  const missing = need.filter((f) => !existsSync(join(root, f)));
  return missing.length
    ? {
        name: "build",
        level: "fail",
        detail: `missing ${missing.join(", ")}: run \`npm install\` (or \`npm run build\`) in ${root}`,
      }
    : { name: "build", level: "ok", detail: join(root, "dist") };
}

/** What the plugin recorded on the tmux server we are attached to (or that DOCKET_TMUX_SOCKET names). */
export function checkPlugin(root: string, env: NodeJS.ProcessEnv): Check[] {
  const r = tmuxSync(["show-options", "-g"], env);
  if (!r.ok) {
    return [
      {
        name: "plugin",
        level: "info",
        detail: "no tmux server to ask (run `docket doctor` inside tmux to check the plugin)",
      },
    ];
  }
  const all = parseShowOptions(r.stdout);
  const state = all.get("@docket_plugin");
  const load =
    `add \`set -g @plugin '<owner>/docket'\` (TPM, then prefix I) ` +
    `or \`run-shell ${join(root, "docket.tmux")}\` to tmux.conf`;
  if (state === undefined) return [{ name: "plugin", level: "warn", detail: `not loaded on this server: ${load}` }];
  const out: Check[] = [];
  if (state.startsWith("error:")) out.push({ name: "plugin", level: "fail", detail: state.slice(6).trim() });
  else if (state.startsWith("warn:"))
    out.push({
      name: "plugin",
      level: "warn",
      detail: `loaded; keys (prefix +): ${all.get("@docket_bound") || "none"}; ${state.slice(5).trim()}`,
    });
  else
    out.push({ name: "plugin", level: "ok", detail: `loaded; keys (prefix +): ${all.get("@docket_bound") || "none"}` });
  const shown = ["status-left", "status-right"].some((o) => (all.get(o) ?? "").includes("@docket_status"));
  const raw = ["status-left", "status-right"].filter((o) => (all.get(o) ?? "").includes("#{docket_status}"));
  if (raw.length) {
    out.push({
      name: "status line",
      level: "warn",
      detail:
        `${raw.join(" and ")} has #{docket_status} but the plugin has not rewritten it yet ` +
        `(set after the plugin loaded; it is rewritten on the next attach or publish): ` +
        `run \`tmux run-shell ${join(root, "docket.tmux")}\` now, ` +
        `or put the plugin line after the status-right line in tmux.conf`,
    });
  } else {
    out.push(
      shown
        ? { name: "status line", level: "ok", detail: "shows #{docket_status}" }
        : {
            name: "status line",
            level: "info",
            detail:
              "no summary shown: put #{docket_status} in status-right, " +
              "or `set -g @docket-status-auto on`, then reload the plugin",
          },
    );
  }
  return out;
}

/**
 * Whether pi can run a model for docket's workers: `pi --list-models` lists only models it has auth
 * for; the configured `worker.model` (if any) must be one of them.
 */
export function checkModel(pi: string[], configured: string | undefined, env: NodeJS.ProcessEnv): Check {
  const r = listPiModels(pi, env);
  if (!r.ok && r.missing) return { name: "model", level: "fail", detail: "pi not found (see the pi line)" };
  if (!r.ok) return { name: "model", level: "fail", detail: `\`pi --list-models\` failed (${r.why})` };
  const models = r.models;
  const fix =
    "log in with `pi` then /login, or set the provider's API key (e.g. ANTHROPIC_API_KEY), or add one in models.json";
  if (!models.length)
    return { name: "model", level: "fail", detail: `pi has no model it can use (no provider has a key): ${fix}` };
  if (configured) {
    if (!modelIn(models, configured))
      return {
        name: "model",
        level: "fail",
        detail:
          `worker.model "${configured}" is not one pi can use ` +
          `(it can: ${models.slice(0, 5).join(", ")}${models.length > 5 ? ", …" : ""}): ` +
          `set worker.model in docket.json, or ${fix}`,
      };
    return { name: "model", level: "ok", detail: `${configured} (worker.model)` };
  }
  return {
    name: "model",
    level: "ok",
    detail: `${models.length} usable; workers use pi's default model (set worker.model in docket.json to choose)`,
  };
}

export function runChecks(root: string, env: NodeJS.ProcessEnv = process.env, configuredModel?: string): Check[] {
  const pi = piCommand(env);
  const piCheck = tool(
    "pi",
    pi[0]!,
    [...pi.slice(1), "--version"],
    env,
    "install pi (`npm i -g @mariozechner/pi-coding-agent`) or set DOCKET_PI",
  );
  return [
    checkTmux(env),
    checkNode(),
    tool("fzf", "fzf", ["--version"], env, "install fzf (the inbox and peek pickers use it)"),
    checkGit(env),
    piCheck,
    ...(piCheck.level === "ok" ? [checkModel(pi, configuredModel, env)] : []),
    checkBuild(root),
    ...checkPlugin(root, env),
  ];
}

/** The checks `docket remote hello` answers with: what a host needs to run workers (no fzf, no plugin). */
export function runRemoteChecks(root: string, env: NodeJS.ProcessEnv = process.env): Check[] {
  return runChecks(root, env).filter((c) => !["fzf", "plugin", "status line"].includes(c.name));
}
