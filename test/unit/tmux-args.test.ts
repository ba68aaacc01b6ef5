import { describe, expect, it } from "vitest";
import { commandList, escapeArgs, socketArgs } from "../../src/tmux/runner.js";

describe("tmux argument handling", () => {
  it("keeps our own command separators and escapes a user's trailing semicolon", () => {
    const args = escapeArgs(commandList(["send-keys", "-l", "rm -rf /;"], ["send-keys", "Enter"]));
    expect(args).toEqual(["send-keys", "-l", "rm -rf /\\;", ";", "send-keys", "Enter"]);
  });

  it("leaves ordinary arguments untouched", () => {
    expect(escapeArgs(["display", "-p", "#{pane_id} $(x) `y` 'z'"])).toEqual([
      "display",
      "-p",
      "#{pane_id} $(x) `y` 'z'",
    ]);
  });

  it("chooses the socket from DOCKET_TMUX_SOCKET, then the hook's path, then $TMUX", () => {
    expect(socketArgs({ DOCKET_TMUX_SOCKET: "s1", TMUX: "/tmp/x,1,0" })).toEqual(["-L", "s1"]);
    expect(socketArgs({ DOCKET_TMUX_SOCKET_PATH: "/tmp/p" })).toEqual(["-S", "/tmp/p"]);
    expect(socketArgs({ TMUX: "/tmp/tmux-0/default,123,0" })).toEqual(["-S", "/tmp/tmux-0/default"]);
    expect(socketArgs({})).toEqual([]);
  });
});
