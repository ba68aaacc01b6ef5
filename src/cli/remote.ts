// docket remote <op>: the remote end of remote workers (docs/remote.md), run over ssh by the person's
// docket, never by hand. One JSON request on stdin; JSON lines on stdout, the last `{"ok":true,…}` or
// `{"error":"…"}`. `remote attach <id>` is the exception: it runs with ssh's terminal and becomes tmux.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  op: string;
  id?: string;
}

const OPS = ["hello", "have", "spawn", "pull", "watch", "tell", "stop", "respawn", "delete", "capture", "attach"];

/** stdin up to its end: the request line and any bytes after it. */
async function readAll(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** The first line of stdin as soon as it arrives (watch keeps stdin open to notice the connection die). */
function firstLine(onClose: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    let got = false;
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (c: string) => {
      if (got) return;
      buf += c;
      const nl = buf.indexOf("\n");
      if (nl >= 0) {
        got = true;
        resolve(buf.slice(0, nl));
      }
    });
    process.stdin.on("end", () => {
      onClose();
      if (!got) reject(new Error("no request on stdin"));
    });
    process.stdin.on("error", () => onClose());
  });
}

const cmd: CommandModule<object, Args> = {
  command: "remote <op> [id]",
  describe: false,
  builder: (y) =>
    y.positional("op", { type: "string", demandOption: true, choices: OPS }).positional("id", { type: "string" }),
  handler: async (argv) => {
    const emit = (line: object) => out(`${JSON.stringify(line)}\n`);
    try {
      const serve = await import("../workers/serve.js");
      if (argv.op === "attach") {
        const t = serve.attachTarget(argv.id ?? "");
        const { spawnSync } = await import("node:child_process");
        const { socketArgs } = await import("../tmux/runner.js");
        const r = spawnSync("tmux", [...socketArgs(t.env), ...t.args], { stdio: "inherit", env: t.env });
        process.exitCode = r.status ?? 1;
        return;
      }
      if (argv.op === "watch") {
        let closed = false;
        const line = await firstLine(() => {
          closed = true;
        });
        await serve.watch((await import("../core/env.js")).docketHome(), JSON.parse(line), emit, () => closed);
        process.exit(0); // stdin is still open: do not wait for it
      }
      const all = await readAll();
      const nl = all.indexOf(0x0a);
      if (nl < 0) throw new Error("no request on stdin");
      const request = JSON.parse(all.subarray(0, nl).toString("utf8")) as unknown;
      await serve.serveOp(argv.op, request, all.subarray(nl + 1), emit);
    } catch (err) {
      emit({ error: (err as Error).message.split("\n")[0] });
      process.exitCode = 1;
    }
  },
};
export default cmd;
