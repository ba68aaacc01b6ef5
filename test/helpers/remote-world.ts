// A person's machine and a "remote" one, joined by a real OpenSSH server on 127.0.0.1
// (src/bench/sshd.ts): the local sandbox (its own store and tmux), and for the remote its own
// DOCKET_HOME, tmux socket and pi agent dir (src/bench/remote-world.ts, shared with the bench), reached
// only through `ssh loop` as host `loop`. Both ends run this checkout's docket and the real pi against
// one scripted model server. Nothing touches ~/.ssh, ~/.pi or the person's tmux.
import { join } from "node:path";
import { makeRemoteEnd } from "../../src/bench/remote-world.js";
import { startModelServer, type ModelServer, type Script } from "../../src/demo/model-server.js";
import type { WorkerStatus } from "../../src/core/schema.js";
import { listWorkers } from "../../src/store/workers.js";
import { settleAndCleanup, spawnLabel, waitLabel } from "./drill.js";
import { makeRepo, makeSandbox, PI_BIN, type Sandbox } from "./sandbox.js";
import { startSshd, type SshWorld } from "./sshd.js";

export interface RemoteWorld {
  sb: Sandbox;
  ssh: SshWorld;
  model: ModelServer;
  repo: string;
  /** The remote end's store, tmux socket name and the env its docket runs with. */
  remoteHome: string;
  remoteSocket: string;
  remoteEnv: Record<string, string>;
  /** tmux on the remote's private server. */
  remoteTmux(...args: string[]): Promise<string>;
  spawn(task: string, extra?: string[]): Promise<{ label: string; id: string }>;
  worker(label: string): WorkerStatus | undefined;
  remoteWorker(id: string): WorkerStatus | undefined;
  waitState(label: string, pred: (s: WorkerStatus) => boolean, what: string, ms?: number): Promise<WorkerStatus>;
  cleanup(): Promise<void>;
}

export async function makeRemoteWorld(scripts: Script[]): Promise<RemoteWorld> {
  const ssh = await startSshd();
  const sb = makeSandbox(ssh.sshEnv);
  const model = await startModelServer(scripts);
  const remote = makeRemoteEnd(join(sb.dir, "remote"), model, PI_BIN);
  // The local end has the model too (nothing local runs pi here, but doctor and model checks read it).
  model.writeModelsJson(sb.agentDir);
  const { home: remoteHome, socket: remoteSocket, env: remoteEnv } = remote;
  const repo = await makeRepo(join(sb.dir, "repo"), { "README.md": "# remote\n", "src/a.txt": "one\ntwo\n" });
  await sb.startServer();
  const added = await sb.docket(remote.hostsAddArgs("loop", ssh.hostAlias));
  if (added.exitCode !== 0) throw new Error(`hosts add failed: ${added.stderr}`);
  const rw: RemoteWorld = {
    sb,
    ssh,
    model,
    repo,
    remoteHome,
    remoteSocket,
    remoteEnv,
    remoteTmux: remote.tmux,
    spawn: (task, extra = []) => spawnLabel(sb, ["spawn", "--host", "loop", ...extra, "--", task], repo),
    worker: (label) => listWorkers(sb.home).workers.find((w) => w.label === label),
    remoteWorker: (id) => listWorkers(remoteHome).workers.find((w) => w.id === id),
    waitState: (label, pred, what, ms = 45_000) => waitLabel(sb.home, label, pred, what, ms),
    cleanup: async () => {
      // Followers end with their host's connection; stop both ends' servers, then sshd.
      await remote.killServer();
      await model.close();
      await ssh.stop();
      await settleAndCleanup(sb);
    },
  };
  return rw;
}
