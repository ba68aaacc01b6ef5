// `docket doctor [--json]`: tmux, node, fzf, git, pi (with versions) and a model it can use,
// the build and the tmux plugin's
// state, each ok or what to do. Exits 1 when something is broken.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  json?: boolean;
  host?: string;
}

const cmd: CommandModule<object, Args> = {
  command: "doctor",
  describe: "check tmux, node, fzf, git, pi, the build and the tmux plugin",
  builder: (y) =>
    y.option("json", { type: "boolean" }).option("host", { type: "string", describe: "check a remote host instead" }),
  handler: async (argv) => {
    if (argv.host !== undefined) return doctorHost(argv.host, !!argv.json);
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
    if (argv.json) out(JSON.stringify({ checks }) + "\n");
    else {
      const w = Math.max(...checks.map((c) => c.name.length));
      for (const c of checks) out(`${c.level.padEnd(4)}  ${c.name.padEnd(w)}  ${c.detail}\n`);
    }
    if (checks.some((c) => c.level === "fail")) process.exitCode = 1;
  },
};

/** `doctor --host NAME`: ssh, then the host's own tmux, node, git, pi with a model, and docket. */
async function doctorHost(name: string, json: boolean): Promise<void> {
  const [{ getHost }, { docketHome }, hosts, { sanitizeLine }] = await Promise.all([
    import("../store/hosts.js"),
    import("../core/env.js"),
    import("../workers/hosts.js"),
    import("../core/sanitize.js"),
  ]);
  const home = docketHome();
  const checks = await hosts.doctorHost(home, getHost(home, name));
  if (json) out(JSON.stringify({ host: name, checks }) + "\n");
  else {
    const w = Math.max(...checks.map((c) => c.name.length));
    for (const c of checks) out(`${c.level.padEnd(4)}  ${c.name.padEnd(w)}  ${sanitizeLine(c.detail)}\n`);
  }
  if (checks.some((c) => c.level === "fail")) process.exitCode = 1;
}
export default cmd;
