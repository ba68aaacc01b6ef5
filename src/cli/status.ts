// `docket status [--json] [--publish]`: the fleet summary (what the tmux status line shows), plus
// the workers that need you.
import type { CommandModule } from "yargs";
import { docketHome } from "../core/env.js";
import { out } from "../core/stdout.js";

interface Args {
  json?: boolean;
  publish?: boolean;
}

const ORDER: Record<string, number> = { needs_input: 0, failed: 1, error: 1, ready: 2 };

const cmd: CommandModule<object, Args> = {
  command: "status",
  describe: "fleet summary: ? waiting ✗ failed ✓ ready ● running, and who needs you",
  builder: (y) =>
    y
      .option("json", { type: "boolean", describe: "machine-readable summary" })
      .option("publish", { type: "boolean", describe: "also refresh the tmux options (@docket_status …)" }),
  handler: async (argv) => {
    const home = docketHome();
    const [{ listWorkers }, { loadConfig }, summary, { isSettled }] = await Promise.all([
      import("../store/status-files.js"),
      import("../core/config.js"),
      import("../core/summary.js"),
      import("../core/eviction.js"),
    ]);
    const { workers, bad } = listWorkers(home);
    const cfg = loadConfig();
    const s = summary.summarize(workers, Date.now(), cfg.worker);
    s.warning = [s.warning, ...(await import("../store/grades.js")).contestedHint(home, workers)]
      .filter(Boolean)
      .join(" · ");
    const text = summary.formatSummary(s, {
      ...summary.DEFAULT_FORMAT,
      idle: s.total ? "nothing needs you" : "no workers",
    });
    const attention = workers
      .filter(
        (w) =>
          (w.state === "needs_input" && !w.question?.answeredAt) ||
          (ORDER[w.state] !== undefined && w.state !== "needs_input" && !isSettled(w)),
      )
      .sort((a, b) => ORDER[a.state]! - ORDER[b.state]! || a.index - b.index)
      .map((w) => ({
        label: w.label,
        id: w.id,
        state: w.state,
        text:
          (w.state === "needs_input"
            ? w.question?.text
            : w.state === "ready"
              ? w.result?.summary
              : w.failure?.reason) ?? w.task,
      }));
    if (argv.publish) {
      const { publishFleet } = await import("../tmux/publish.js");
      publishFleet(home);
    }
    if (argv.json) {
      const { total, waiting, failed, ready, running, warning } = s;
      out(
        JSON.stringify({
          text,
          total,
          waiting,
          failed,
          ready,
          running,
          warning,
          attention,
          unreadable: bad.map((b) => b.id),
        }) + "\n",
      );
      return;
    }
    const lines = [text];
    const verb: Record<string, string> = { needs_input: "asks", ready: "ready", failed: "failed", error: "error" };
    for (const a of attention)
      lines.push(`  ${a.label.padEnd(4)} ${verb[a.state]!.padEnd(6)} ${a.text.split("\n")[0]!.slice(0, 100)}`);
    for (const b of bad) lines.push(`  ${b.id}: unreadable (${b.problem})`);
    out(lines.join("\n") + "\n");
  },
};
export default cmd;
