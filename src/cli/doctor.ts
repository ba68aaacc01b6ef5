// `docket doctor [--json]`: tmux, node, fzf, git, pi (with versions), the build and the tmux plugin's
// state, each ok or what to do. Exits 1 when something is broken.
import type { CommandModule } from "yargs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

interface Args {
  json?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "doctor",
  describe: "check tmux, node, fzf, git, pi, the build and the tmux plugin",
  builder: (y) => y.option("json", { type: "boolean" }),
  handler: async (argv) => {
    const { runChecks } = await import("../tmux/doctor.js");
    const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
    const checks = runChecks(root);
    if (argv.json) process.stdout.write(JSON.stringify({ checks }) + "\n");
    else {
      const w = Math.max(...checks.map((c) => c.name.length));
      for (const c of checks) process.stdout.write(`${c.level.padEnd(4)}  ${c.name.padEnd(w)}  ${c.detail}\n`);
    }
    if (checks.some((c) => c.level === "fail")) process.exitCode = 1;
  },
};
export default cmd;
