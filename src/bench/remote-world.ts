// The "remote" end of a remote-worker world, for the tests (test/helpers/remote-world.ts) and the bench
// (src/bench/remote.ts): its own DOCKET_HOME, tmux socket and TMUX_TMPDIR and pi agent dir under `dir`,
// pointed at a scripted model, plus the `docket hosts add` that registers it on the local end as a host
// reached through the harness's sshd (src/bench/sshd.ts). Both ends run this checkout's dist/docket.cjs.
// Nothing touches ~/.ssh, ~/.pi or the person's tmux.
import { execa } from "execa";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { ModelServer } from "../demo/model-server.js";
import { packageRoot } from "../store/paths.js";

export interface RemoteEnd {
  /** The remote's store. */
  home: string;
  /** Its tmux socket name (-L) and TMUX_TMPDIR. */
  socket: string;
  tmuxTmp: string;
  /** The env its docket runs with (passed by `hosts add --env`). */
  env: Record<string, string>;
  /** tmux on the remote's private server; throws with tmux's message on failure. */
  tmux(...args: string[]): Promise<string>;
  /** Kill the remote's tmux server (its workers with it); never throws. */
  killServer(): Promise<void>;
  /** argv for the local `docket hosts add <name> <alias> --command … --env …` registering this end. */
  hostsAddArgs(name: string, sshAlias: string): string[];
}

/** Make the remote end's dirs under `dir` and point its pi at `model` (worker model `fake/fake-model`). */
export function makeRemoteEnd(dir: string, model: ModelServer, piBin: string): RemoteEnd {
  const home = join(dir, "docket-home");
  const agentDir = join(dir, "pi-agent");
  const tmuxTmp = join(dir, "tmux");
  for (const d of [home, agentDir, tmuxTmp]) mkdirSync(d, { recursive: true });
  model.writeModelsJson(agentDir);
  writeFileSync(join(agentDir, "docket.json"), JSON.stringify({ worker: { model: "fake/fake-model" } }));
  const socket = `docket-remote-${randomBytes(4).toString("hex")}`;
  const env: Record<string, string> = {
    DOCKET_HOME: home,
    DOCKET_TMUX_SOCKET: socket,
    TMUX_TMPDIR: tmuxTmp,
    PI_CODING_AGENT_DIR: agentDir,
    PI_OFFLINE: "1",
    DOCKET_PI: piBin,
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    LANG: "C.UTF-8",
  };
  const tenv = { ...process.env, TMUX_TMPDIR: tmuxTmp };
  return {
    home,
    socket,
    tmuxTmp,
    env,
    tmux: async (...args) => (await execa("tmux", ["-L", socket, ...args], { env: tenv, stdin: "ignore" })).stdout,
    killServer: async () => {
      await execa("tmux", ["-L", socket, "kill-server"], { env: tenv, reject: false, stdin: "ignore" });
    },
    hostsAddArgs: (name, sshAlias) => [
      "hosts",
      "add",
      name,
      sshAlias,
      "--command",
      `${process.execPath} ${join(packageRoot(), "dist", "docket.cjs")}`,
      ...Object.entries(env).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
    ],
  };
}
