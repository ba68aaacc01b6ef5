// docket tmux-init [--path]: load the tmux plugin from wherever docket is installed (an npm global
// install has no TPM checkout): `run-shell "docket tmux-init"` in ~/.tmux.conf. --path prints the
// plugin file instead, for `run-shell /that/path`.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  path?: boolean;
}

const cmd: CommandModule<object, Args> = {
  command: "tmux-init",
  describe: 'load docket\'s tmux plugin (for ~/.tmux.conf: run-shell "docket tmux-init"); --path prints docket.tmux',
  builder: (y) => y.option("path", { type: "boolean", describe: "print the plugin file's path instead" }),
  handler: async (argv) => {
    const [{ spawnSync }, { join }, { PACKAGE_ROOT }] = await Promise.all([
      import("node:child_process"),
      import("node:path"),
      import("../workers/launch.js"),
    ]);
    const plugin = join(PACKAGE_ROOT, "docket.tmux");
    if (argv.path) {
      out(`${plugin}\n`);
      return;
    }
    const r = spawnSync("sh", [plugin], { stdio: "inherit", env: process.env });
    process.exitCode = r.status ?? 1;
  },
};
export default cmd;
