// docket spawn [--as kind] [--seed|--fresh] [--worktree] [--model p/m] [--thinking level] [--json] [--] <task…|->
import type { CommandModule } from "yargs";
import { DocketError } from "../core/errors.js";
import { out } from "../core/stdout.js";

interface Args {
  task?: string[];
  as?: string;
  seed?: boolean;
  fresh?: boolean;
  worktree?: boolean;
  budget?: number;
  model?: string;
  thinking?: string;
  session?: string;
  parent?: string;
  json?: boolean;
  host?: string;
  prompt?: boolean;
  "origin-pane"?: string;
  client?: string;
}

const cmd: CommandModule<object, Args> = {
  command: "spawn [task..]",
  describe: "start a background pi worker on a task (`-` reads the task from stdin)",
  builder: (y) =>
    y
      .positional("task", { type: "string", array: true, describe: "what the worker should do" })
      .option("as", { type: "string", describe: "worker kind (see `docket kinds`)" })
      .option("seed", {
        type: "boolean",
        describe: "fork the parent pi session (--session or the latest one for this dir)",
      })
      .option("fresh", { type: "boolean", describe: "never fork a parent session" })
      .option("budget", { type: "number", describe: "spend limit in USD: past it the worker asks before going on" })
      .option("worktree", { type: "boolean", describe: "isolated workspace even for a read-only kind" })
      .option("model", { type: "string", describe: "provider/model for this worker" })
      .option("thinking", { type: "string", describe: "pi's thinking level: off, minimal, low, medium, high, xhigh" })
      .option("session", { type: "string", describe: "pi session file to fork with --seed" })
      .option("parent", { type: "string", hidden: true })
      .option("host", { type: "string", describe: "run it on a remote host (docket hosts add; docs/remote.md)" })
      .option("json", { type: "boolean", describe: "print the new worker's status as JSON" })
      .option("prompt", { type: "boolean", describe: "popup: ask for the task and kind (tmux key binding)" })
      .option("origin-pane", { type: "string", describe: "with --prompt: pane whose directory the worker starts in" })
      .option("client", { type: "string", hidden: true })
      .conflicts("seed", "fresh"),
  handler: async (argv) => {
    if (argv.prompt) {
      const [{ runSpawnPrompt }, { docketHome }] = await Promise.all([
        import("../ui/spawn-prompt.js"),
        import("../core/env.js"),
      ]);
      return runSpawnPrompt({ home: docketHome(), pane: argv["origin-pane"] || undefined, kind: argv.as });
    }
    const [{ spawnWorker }, { textArg, freeWords }] = await Promise.all([
      import("../workers/spawn.js"),
      import("../workers/select.js"),
    ]);
    const words = freeWords(argv.task);
    if (!words.length)
      throw new DocketError("spawn needs a task: docket spawn [--as kind] <task…> (or - to read stdin)");
    const task = await textArg(words, "task");
    if (argv.parent !== undefined && !/^[a-z0-9][a-z0-9-]{0,80}$/.test(argv.parent))
      throw new DocketError(`invalid --parent id: ${JSON.stringify(argv.parent)}`);
    if (argv.budget !== undefined && !(Number.isFinite(argv.budget) && argv.budget > 0))
      throw new DocketError(`--budget takes an amount in USD above 0, not ${JSON.stringify(argv.budget)}`);
    if (argv.host !== undefined) {
      if (argv.parent !== undefined || argv.seed || argv.session !== undefined)
        throw new DocketError("--host starts a fresh worker on that host: no --parent, --seed or --session");
      const { spawnRemote } = await import("../workers/remote.js");
      const r = await spawnRemote(
        {
          task,
          kind: argv.as,
          model: argv.model,
          ...(argv.thinking !== undefined ? { thinking: argv.thinking } : {}),
          ...(argv.budget !== undefined ? { budgetUsd: argv.budget } : {}),
        },
        argv.host,
      );
      out(argv.json ? JSON.stringify(r) + "\n" : `${r.label} ${r.id} on ${argv.host}\n`);
      return;
    }
    const s = await spawnWorker({
      task,
      kind: argv.as,
      seed: argv.seed ? true : argv.fresh ? false : undefined,
      seedSession: argv.session,
      worktree: argv.worktree,
      model: argv.model,
      ...(argv.thinking !== undefined ? { thinking: argv.thinking } : {}),
      parent: argv.parent,
      ...(argv.budget !== undefined ? { budgetUsd: argv.budget } : {}),
    });
    out(argv.json ? JSON.stringify(s) + "\n" : `${s.label} ${s.id}\n`);
  },
};
export default cmd;
