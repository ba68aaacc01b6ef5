// The demo's first window: a short key hint, the live status line value and the ranked inbox,
// refreshed every 2 s. Single keys act directly, so the demo works even nested in another tmux.
import { execa } from "execa";
import { DOCKET_BIN, ROOT } from "./world.js";

const KEYS: Array<[string, string, string[] | "quit" | "shell"]> = [
  ["i", "inbox popup", ["display-popup", "-E", "-w", "90%", "-h", "85%", DOCKET_BIN, "inbox", "--all"]],
  [
    "v",
    "verdict on the top decision",
    ["display-popup", "-E", "-w", "90%", "-h", "85%", DOCKET_BIN, "verdict", "--all"],
  ],
  ["p", "peek at a worker", ["display-popup", "-E", "-w", "90%", "-h", "85%", DOCKET_BIN, "peek"]],
  ["w", "go to the workers' session", ["switch-client", "-t", "docket-workers"]],
  ["s", "a shell here (docket is on PATH)", "shell"],
  ["q", "quit the demo (stops everything)", "quit"],
];

const run = (cmd: string, args: string[]) => execa(cmd, args, { reject: false, stdin: "ignore" });

async function pluginKeys(): Promise<string[]> {
  const r = await run("tmux", ["list-keys", "-N"]);
  return String(r.stdout ?? "")
    .split("\n")
    .filter((l) => /docket/i.test(l))
    .map((l) => "  " + l.trim());
}

/** Move into the demo repo once it exists: tmux derives #{pane_current_path} (and so the
 *  project of popups opened with the prefix keys) from this process's cwd. */
async function enterDemoRepo(): Promise<void> {
  if (process.cwd() === process.env.DOCKET_DEMO_REPO) return;
  const r = await run("tmux", ["show-environment", "-g", "DOCKET_DEMO_REPO"]);
  const dir = /^DOCKET_DEMO_REPO=(.+)$/m.exec(String(r.stdout ?? ""))?.[1];
  if (!dir) return;
  process.env.DOCKET_DEMO_REPO = dir;
  try {
    process.chdir(dir);
  } catch {
    /* repo not there (yet): try on the next paint */
  }
}

async function paint(): Promise<void> {
  await enterDemoRepo();
  const status = await run("tmux", ["show-options", "-gqv", "@docket_status"]);
  const inbox = await run(DOCKET_BIN, ["inbox", "--plain", "--all"]);
  const keys = await pluginKeys();
  const out = [
    "\x1b[1mdocket demo\x1b[0m: a private tmux server with five scripted pi workers (no API key, no network).",
    "",
    "Keys in this window:",
    ...KEYS.map(([k, what]) => `  ${k}  ${what}`),
    "  (a task you spawn here has no script behind it: its worker starts, gets a canned answer and idles)",
    "",
    keys.length
      ? "docket's tmux bindings (after the prefix, C-b here):"
      : "docket.tmux bound no keys (plugin not available yet).",
    ...keys,
    "",
    `status line: ${
      String(status.stdout ?? "")
        .replace(/#\[[^\]]*\]/g, "")
        .trim() || "(empty)"
    }`,
    "",
    "inbox (docket inbox --plain):",
    inbox.exitCode === 0 ? String(inbox.stdout) : `  (not available yet: ${String(inbox.stderr ?? "").trim()})`,
  ];
  process.stdout.write("\x1b[H\x1b[2J" + out.join("\n") + "\n");
}

async function main(): Promise<void> {
  await paint();
  const timer = setInterval(() => void paint(), 2000);
  if (!process.stdin.isTTY) return;
  process.stdin.setRawMode(true);
  process.stdin.resume();
  process.stdin.on("data", async (buf: Buffer) => {
    const key = buf.toString("utf8");
    const hit = KEYS.find(([k]) => k === key);
    if (key === "\x03" || hit?.[2] === "quit") {
      clearInterval(timer);
      await run("tmux", ["kill-server"]);
      process.exit(0);
    }
    if (!hit) return;
    if (hit[2] === "shell") {
      // A new window, so this hint stays available.
      await run("tmux", ["new-window", "-c", process.env.DOCKET_DEMO_REPO || ROOT, process.env.SHELL || "/bin/sh"]);
      return;
    }
    await run("tmux", hit[2]);
    await paint();
  });
}

void main();
