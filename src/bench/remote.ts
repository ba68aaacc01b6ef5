// Remote workers (issue 14) over loopback ssh: a real sshd on 127.0.0.1 (src/bench/sshd.ts), a "remote"
// end with its own store and tmux server (src/bench/remote-world.ts), the real pi on the scripted model.
// The remote worker asks a question (docket_wait) `reps` times, each after a quiet `sleep` so the local
// status line has dropped the previous one; the moment is the question's askedAt in the remote's record.
// Measured until the LOCAL bench server's @docket_status counts it (the follower applies the watch
// stream and republishes). Baseline: the same question on the remote's own @docket_status, i.e. what a
// local worker's status line costs. Then the whole exchange's ssh connections, counted by sshd's log.
import { execa } from "execa";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { WorkerStatus } from "../core/schema.js";
import { startModelServer, type ModelServer } from "../demo/model-server.js";
import { PI_BIN } from "../demo/world.js";
import { closeMaster } from "../remote/ssh.js";
import { getHost, hostDir } from "../store/hosts.js";
import { workerPaths } from "../store/layout.js";
import { listWorkers } from "../store/workers.js";
import { makeRemoteEnd, type RemoteEnd } from "./remote-world.js";
import { SSHD_BIN, sshdAvailable, startSshd, type SshWorld } from "./sshd.js";
import { median, type BenchContext, type BenchRow } from "./table.js";

const GOAL_MS = 2000;
const QUIET_S = 1.5;
const LATENCY = "remote: state change → local @docket_status";
const CONNECTIONS = "remote: ssh connections per host";
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const question = (i: number) => `REMOTE-BENCH-Q${i}: keep going?`;

/** The waiting count of a status line (styles stripped), as the remote-fleet test reads it. */
function waiting(line: string): boolean {
  const s = line.replace(/#\[[^\]]*\]/g, "");
  return /\?\s*\d|\d\s*\?/.test(s);
}

function readRecord(file: string): WorkerStatus | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as WorkerStatus;
  } catch {
    return undefined;
  }
}

export default async function remote(ctx: BenchContext): Promise<BenchRow[]> {
  if (!sshdAvailable()) {
    const note = `skipped: ${SSHD_BIN} not installed (openssh-server)`;
    return [
      { name: LATENCY, value: NaN, unit: "ms", goal: `≤ ${GOAL_MS} ms`, note },
      { name: CONNECTIONS, value: NaN, unit: "count", goal: "1", note },
    ];
  }
  const reps = Math.max(3, Math.min(ctx.reps, 5));
  const dir = join(ctx.tmp, "remote");
  const steps = [];
  for (let i = 1; i <= reps; i++) {
    steps.push({ tools: [{ name: "bash", args: { command: `sleep ${QUIET_S}` } }] });
    steps.push({ tools: [{ name: "docket_wait", args: { question: question(i), options: ["yes", "no"] } }] });
  }
  steps.push({
    tools: [{ name: "docket_done", args: { outcome: "completed", summary: "asked and was answered", evidence: [] } }],
  });
  let ssh: SshWorld | undefined;
  let model: ModelServer | undefined;
  let end: RemoteEnd | undefined;
  // A store of its own on the bench's tmux server: earlier modules' workers do not count on its line.
  const home = join(dir, "local-home");
  let env: NodeJS.ProcessEnv = { ...ctx.env, DOCKET_HOME: home };
  const localTmux = async (...args: string[]) =>
    String(
      (await execa("tmux", ["-L", ctx.env.DOCKET_TMUX_SOCKET ?? "", ...args], { env, extendEnv: false, reject: false }))
        .stdout ?? "",
    );
  try {
    ssh = await startSshd();
    env = { ...env, ...ssh.sshEnv };
    model = await startModelServer([{ match: "REMOTE-BENCH", steps, after: { text: "done" } }]);
    end = makeRemoteEnd(join(dir, "remote"), model, PI_BIN);
    model.writeModelsJson(ctx.env.PI_CODING_AGENT_DIR!);
    const repo = join(dir, "repo");
    mkdirSync(repo, { recursive: true });
    writeFileSync(join(repo, "README.md"), "# remote bench\n");
    const git = (...a: string[]) => execa("git", a, { cwd: repo, env, extendEnv: false, stdin: "ignore" });
    await git("init", "-q", "-b", "main");
    await git("add", "-A");
    await git("commit", "-q", "-m", "init");
    const docket = (args: string[]) =>
      execa(ctx.docketBin, args, { env, extendEnv: false, cwd: repo, stdin: "ignore", reject: false });
    const added = await docket(end.hostsAddArgs("loop", ssh.hostAlias));
    if (added.exitCode !== 0) throw new Error(`hosts add: ${String(added.stderr).split("\n")[0]}`);
    await localTmux("set-option", "-gu", "@docket_status");
    const spawned = await docket(["spawn", "--host", "loop", "--json", "--", "REMOTE-BENCH: ask, then finish"]);
    if (spawned.exitCode !== 0) throw new Error(`spawn --host: ${String(spawned.stderr).split("\n")[0]}`);
    const { id, label } = JSON.parse(String(spawned.stdout)) as { id: string; label: string };
    const remoteStatus = workerPaths(end.home, id).status;
    const localStatus = workerPaths(home, id).status;

    const local: number[] = [];
    const there: number[] = [];
    const mirrored: number[] = [];
    let invalid = 0;
    for (let i = 1; i <= reps; i++) {
      // The local line must have dropped the last question before this one is asked.
      let quietAt = NaN;
      let asked: number | undefined;
      const deadline = Date.now() + 60_000;
      let seenLocal = NaN;
      let seenThere = NaN;
      let mirrorAt = NaN;
      while (Date.now() < deadline && (Number.isNaN(seenLocal) || Number.isNaN(seenThere))) {
        const r = readRecord(remoteStatus);
        const q = r?.questions?.find((x) => x.text === question(i));
        if (q && asked === undefined) asked = Date.parse(q.askedAt);
        if (
          asked !== undefined &&
          Number.isNaN(mirrorAt) &&
          readRecord(localStatus)?.questions?.some((x) => x.text === question(i))
        )
          mirrorAt = statSync(localStatus).mtimeMs;
        const [l, t] = await Promise.all([
          localTmux("show-options", "-gqv", "@docket_status"),
          end.tmux("show-options", "-gqv", "@docket_status").catch(() => ""),
        ]);
        const now = Date.now();
        if (!waiting(l) && Number.isNaN(quietAt)) quietAt = now;
        if (asked !== undefined) {
          if (waiting(l) && !Number.isNaN(quietAt) && Number.isNaN(seenLocal)) seenLocal = now;
          if (waiting(t) && Number.isNaN(seenThere)) seenThere = now;
        }
        await sleep(5);
      }
      if (asked === undefined || Number.isNaN(seenLocal)) throw new Error(`question ${i} never reached the local line`);
      if (quietAt > asked) invalid++;
      else local.push(seenLocal - asked);
      if (!Number.isNaN(seenThere)) there.push(seenThere - asked);
      if (!Number.isNaN(mirrorAt)) mirrored.push(mirrorAt - asked);
      const told = await docket(["tell", label, "--", `answer ${i}`]);
      if (told.exitCode !== 0) throw new Error(`tell: ${String(told.stderr).split("\n")[0]}`);
    }
    const doneBy = Date.now() + 60_000;
    while (Date.now() < doneBy && listWorkers(home).workers.find((w) => w.id === id)?.state !== "ready")
      await sleep(100);
    const pulled = await docket(["hosts", "pull", "loop"]);
    if (pulled.exitCode !== 0) throw new Error(`hosts pull: ${String(pulled.stderr).split("\n")[0]}`);
    const finished = listWorkers(home).workers.find((w) => w.id === id)?.state === "ready";
    const connections = ssh.acceptedConnections();
    const worst = local.length ? Math.max(...local) : NaN;
    return [
      {
        name: LATENCY,
        value: median(local),
        unit: "ms",
        ...(there.length ? { baseline: median(there), baselineName: "the remote's own @docket_status" } : {}),
        goal: `≤ ${GOAL_MS} ms`,
        note:
          `${local.length} questions over loopback ssh, from askedAt, ` +
          `worst ${Number.isNaN(worst) ? "-" : worst.toFixed(0)} ms; ` +
          `the mirror's status.json written at ${median(mirrored).toFixed(0)} ms ` +
          "(the remote watch polls every 200 ms)" +
          (invalid ? `, ${invalid} dropped (line not quiet before the ask)` : "") +
          (worst > GOAL_MS ? " (over the goal)" : ""),
      },
      {
        name: CONNECTIONS,
        value: connections,
        unit: "count",
        goal: "1",
        note:
          `sshd's accepted logins for spawn, ${reps} questions and tells, ` +
          `${finished ? "done" : "(never finished)"}, pulls and the follower`,
      },
    ];
  } finally {
    // The follower (started by spawn) ends by its pid; the master, the remote's workers, then sshd.
    try {
      const pid = Number(readFileSync(join(hostDir(home, "loop"), "follow.pid"), "utf8").trim());
      if (pid > 0) process.kill(pid, "SIGTERM");
    } catch {
      /* not running */
    }
    try {
      await closeMaster(home, getHost(home, "loop"), env);
    } catch {
      /* no host, no master */
    }
    await end?.killServer();
    await model?.close();
    await ssh?.stop();
    await localTmux("set-option", "-gu", "@docket_status");
  }
}
