// `docket doctor [--json]`: tmux, node, fzf, git, pi (with versions) and a model it can use, the build and the tmux plugin's
// state, each ok or what to do. Exits 1 when something is broken.
import type { CommandModule } from "yargs";

interface Args {
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "doctor",
  describe: "check tmux, node, fzf, git, pi, the build and the tmux plugin",
  builder: (y) => y.option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [{ runChecks }, { loadConfig }, { projectOf }] = await Promise.all([
      import("../tmux/doctor.js"),
      import("../core/config.js"),
      import("../git/git.js"),
    ]);
    const root = (await import("../store/paths.js")).packageRoot();
    let model: string | undefined;
    try {
      model = loadConfig(await projectOf(process.cwd()), process.env).worker.model;
    } catch {
      /* a broken docket.json is named by every other verb; doctor still checks the rest */
    }
    const checks = runChecks(root, process.env, model);
    if (argv.json) process.stdout.write(JSON.stringify({ checks }) + "\n");
    else {
      const w = Math.max(...checks.map((c) => c.name.length));
      for (const c of checks) process.stdout.write(`${c.level.padEnd(4)}  ${c.name.padEnd(w)}  ${c.detail}\n`);
    }
    if (checks.some((c) => c.level === "fail")) process.exitCode = 1;
  },
};
export default cmd;
