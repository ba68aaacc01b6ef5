// docket kinds [--json]: built-in, store and project worker kinds; malformed kind files are named.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

const cmd: CommandModule<object, { json?: boolean }> = {
  command: "kinds",
  describe: "list worker kinds (built-in, ~/.pi/agent/docket/worker-kinds, <repo>/.pi/docket/worker-kinds)",
  builder: (y) => y.option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [{ loadKinds }, { docketHome }, { projectOf }] = await Promise.all([
      import("../core/kinds.js"),
      import("../core/env.js"),
      import("../store/paths.js"),
    ]);
    // The repo root found on disk, as the inbox finds it (no git process).
    const set = loadKinds(docketHome(), projectOf(process.cwd()));
    for (const p of set.problems) process.stderr.write(`docket: warning: ${p}\n`);
    const kinds = [...set.kinds.values()];
    if (argv.json) {
      out(JSON.stringify(kinds, null, 2) + "\n");
      return;
    }
    for (const k of kinds) {
      const traits = [
        k.writable ? "writable" : "read-only",
        k.planGate ? "plan-gated" : "",
        k.childKinds.length ? `spawns ${k.childKinds.join(",")}` : "",
        k.model ? `model ${k.model}` : "",
        k.session === "full" ? "seeded" : "",
      ]
        .filter(Boolean)
        .join(", ");
      out(`${k.name.padEnd(10)} ${k.description}  (${traits}; ${k.source})\n`);
    }
  },
};
export default cmd;
