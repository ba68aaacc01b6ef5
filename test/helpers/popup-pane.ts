// Run a popup program (bin/docket …) in a window of the sandbox's private tmux server, drive it
// with send-keys and read it with capture-pane, the way a person sees it in display-popup.
import { DOCKET_BIN, waitFor, type Sandbox } from "./sandbox.js";

export interface PopupPane {
  pane: string;
  screen(): Promise<string>;
  keys(...keys: string[]): Promise<void>;
  /** Wait until the screen matches; returns the screen. */
  waitFor(re: RegExp, what: string, ms?: number): Promise<string>;
  /** Whether the program is still running in the pane. */
  alive(): Promise<boolean>;
}

/** `size`: run it in a session of its own that many columns × rows (a small popup), else in a window of `main`. */
export async function openPopup(
  sb: Sandbox,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string>; name?: string; size?: [number, number] } = {},
): Promise<PopupPane> {
  const envArgs = Object.entries(opts.env ?? {}).flatMap(([k, v]) => ["-e", `${k}=${v}`]);
  const name = opts.name ?? "popup";
  const where = opts.size
    ? [
        "new-session",
        "-d",
        "-P",
        "-F",
        "#{pane_id}",
        "-s",
        name,
        "-x",
        String(opts.size[0]),
        "-y",
        String(opts.size[1]),
      ]
    : ["new-window", "-d", "-P", "-F", "#{pane_id}", "-t", "main:", "-n", name];
  const pane = (await sb.tmux(...where, "-c", opts.cwd ?? sb.dir, ...envArgs, DOCKET_BIN, ...args)).trim();
  await sb.tmux("set-option", "-w", "-t", pane, "remain-on-exit", "on");
  const screen = () => sb.tmux("capture-pane", "-p", "-t", pane);
  return {
    pane,
    screen,
    keys: async (...keys) => {
      await sb.tmux("send-keys", "-t", pane, ...keys);
    },
    waitFor: async (re, what, ms = 15_000) => {
      let last = "";
      try {
        return await waitFor(
          async () => {
            last = await screen();
            return re.test(last) ? last : "";
          },
          ms,
          what,
        );
      } catch (err) {
        // What the person would have seen: the first thing to read when a popup test times out.
        throw new Error(`${(err as Error).message}\n--- screen ---\n${last.trimEnd()}\n--------------`);
      }
    },
    alive: async () => (await sb.tmux("display-message", "-p", "-t", pane, "#{pane_dead}")).trim() === "0",
  };
}
