// Entry run by docket.tmux after its shell checks: read every option in one tmux call, apply the plan
// in one more, show problems with display-message (TPM discards output), then publish the summary.
import { existsSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { docketHome } from "../core/env.js";
import { packageRoot } from "../store/paths.js";
import { KEY_LINE_PREFIX, planPlugin, SKIP_WORDS } from "./bindings.js";
import { messageLiteral } from "./format.js";
import { commandList, tmuxSync } from "./runner.js";
import { parseShowOptions, placeholderCommands, resolveOptions } from "./options.js";
import { publishFleet } from "./publish.js";

export function onPath(cmd: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? "").split(delimiter).some((d) => d && existsSync(join(d, cmd)));
}

function show(messages: string[], env: NodeJS.ProcessEnv): void {
  if (!messages.length) return;
  const text = `docket: ${messages.join("; ")} (run: docket doctor)`;
  tmuxSync(["display-message", messageLiteral(text)], env);
  process.stderr.write(`${text}\n`);
}

export function runPlugin(env: NodeJS.ProcessEnv = process.env): number {
  const root = packageRoot();
  const read = tmuxSync(
    commandList(
      ["show-options", "-g"],
      ["show-options", "-gw"],
      ["list-keys", "-N", "-P", KEY_LINE_PREFIX, "-T", "prefix"],
      ["list-keys", "-T", "prefix"],
    ),
    env,
  );
  if (!read.ok) {
    process.stderr.write(`docket: cannot read tmux options: ${read.stderr.trim()}\n`);
    return 1;
  }
  const all = parseShowOptions(read.stdout);
  const lines = read.stdout.split("\n");
  const keyLines = lines.filter((l) => l.startsWith(KEY_LINE_PREFIX));
  const bindLines = lines.filter((l) => l.startsWith("bind-key"));
  const warnings = onPath("fzf", env) ? [] : ["fzf not found on PATH; the inbox and peek pickers need it"];
  const plan = planPlugin({ opts: resolveOptions(all), all, keyLines, bindLines, root, warnings });
  const applied = tmuxSync(commandList(...plan.cmds), env);
  if (!applied.ok) {
    const why = applied.stderr.trim().split("\n")[0] ?? "failed";
    tmuxSync(["set-option", "-g", "@docket_plugin", `error: ${why}`], env);
    show([...plan.messages, `could not apply settings: ${why}`], env);
    return 1;
  }
  // A skipped key is said once: not again on a reload that finds the same thing.
  const before = all.get("@docket_plugin") ?? "";
  show(
    plan.messages.filter((m) => !(m.includes(SKIP_WORDS) && before.includes(m))),
    env,
  );
  publishFleet(docketHome(env), env);
  return 0;
}

/** Rewrite placeholders set after the plugin loaded (run by docket's tmux hooks); nothing else. */
export function runPlaceholders(env: NodeJS.ProcessEnv = process.env): number {
  const read = tmuxSync(commandList(["show-options", "-g"], ["show-options", "-gw"]), env);
  if (!read.ok) return 1;
  const cmds = placeholderCommands(parseShowOptions(read.stdout));
  if (!cmds.length) return 0;
  return tmuxSync(commandList(...cmds), env).ok ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = { ...process.env };
  // Like docket.tmux: the server that runs us (run-shell sets $TMUX), whatever DOCKET_TMUX_SOCKET says.
  if (env.TMUX) {
    env.DOCKET_TMUX_SOCKET_PATH = env.TMUX.split(",")[0];
    delete env.DOCKET_TMUX_SOCKET;
  }
  process.exitCode = process.argv.includes("--placeholders") ? runPlaceholders(env) : runPlugin(env);
}
