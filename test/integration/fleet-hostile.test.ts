// Must-show 4: hostile task and reply text arrive byte-exact, through the real pi (task as argv, reply
// via the inbox) and through the keystroke fallback, and nothing in them is ever run by a shell.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { extensionGone, makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";
import { firstPrompt } from "../../src/workers/brief.js";
import { workerPaths } from "../../src/store/layout.js";

function hostile(dir: string, tag: string): string {
  return [
    `--help @README.md "double" 'single' $(touch ${dir}/PWNED-${tag}-1) \`touch ${dir}/PWNED-${tag}-2\``,
    `#{pane_id} #(touch ${dir}/PWNED-${tag}-3) ; kill-server ; \\ trailing backslash \\`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal ${HOME} is part of the hostile input
    "\ttab, unicode ✓ 日本語 🚀, %s %n, ${HOME}, ~root, *",
    "ends with a semicolon;",
  ].join("\n");
}

describe("hostile text", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "HOSTILE-ARGV",
        steps: [{ tools: [{ name: "docket_wait", args: { question: "say something nasty" } }] }],
        after: { text: "ok" },
      },
      { match: "HOSTILE-BIG", steps: [{ text: "ok" }] },
    ]);
  });
  afterAll(async () => d?.cleanup());

  const pwned = () => readdirSync(d.sb.dir).filter((n) => n.startsWith("PWNED"));

  it("a hostile task (argv) reaches the model byte-exact, and a hostile reply too", async () => {
    const task = `HOSTILE-ARGV\n${hostile(d.sb.dir, "task")}`;
    const { label, id } = await d.spawn(task);
    await d.waitState(label, (s) => s.state === "needs_input", "needs_input");
    const prompt = firstPrompt(task, workerPaths(d.sb.home, id).task);
    expect(
      d.model.requests.find((r) => r.lastUser === prompt),
      "first prompt byte-exact",
    ).toBeDefined();
    expect(d.worker(label)?.task).toBe(task);

    const reply = `-n ${hostile(d.sb.dir, "reply")}\n`;
    const r = await d.sb.docket(["tell", label, "-"], { input: reply });
    expect(r.exitCode, r.stderr).toBe(0);
    await waitFor(() => d.model.requests.find((q) => q.lastUser === reply), 20_000, "hostile reply at the model");
    expect(pwned()).toEqual([]);
  });

  it("a 50 KB task from stdin reaches the model byte-exact", async () => {
    const task = `HOSTILE-BIG ${hostile(d.sb.dir, "big")}\n${"x$(y)`z`'\"\n".repeat(5000)}end`;
    expect(task.length).toBeGreaterThan(50_000);
    const r = await d.sb.docket(["spawn", "--json", "-"], { cwd: d.repo, input: task });
    expect(r.exitCode, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as { id: string; task: string };
    expect(s.task).toBe(task);
    const prompt = firstPrompt(task, workerPaths(d.sb.home, s.id).task);
    await waitFor(() => d.model.requests.find((q) => q.lastUser === prompt), 30_000, "50 KB prompt at the model");
    expect(pwned()).toEqual([]);
  });

  it("the keystroke fallback (no live extension) types one line and pastes several, prefixed [docket]", async () => {
    // A stand-in pi without the extension: it records what arrives on its terminal.
    const got = join(d.sb.dir, "typed.txt");
    const fake = join(d.sb.dir, "fake-pi-cat");
    writeFileSync(fake, `#!/bin/sh\nstty -echo\nexec cat > '${got}'\n`);
    chmodSync(fake, 0o755);
    const r = await d.sb.docket(["spawn", "--as", "scout", "--", "KEYS worker"], {
      cwd: d.repo,
      env: { DOCKET_PI: fake },
    });
    expect(r.exitCode, r.stderr).toBe(0);
    const label = r.stdout.split(" ")[0]!;
    await waitFor(() => existsSync(got), 10_000, "fake pi running");
    extensionGone(d.sb.home, label);
    const one = `one line: $(touch ${d.sb.dir}/PWNED-keys) \`x\` #{pane_id} 'q' "d" ✓;`;
    const t1 = await d.sb.docket(["tell", "--json", label, "--", one]);
    expect(t1.exitCode, t1.stderr).toBe(0);
    expect(JSON.parse(t1.stdout).via).toBe("keys");
    const multi = `first line $(no)\n  second line 'x' "y"\nthird ✓`;
    const t2 = await d.sb.docket(["tell", label, "-"], { input: multi });
    expect(t2.exitCode, t2.stderr).toBe(0);
    const want = `[docket] ${one}\n[docket] ${multi}\n`;
    await waitFor(
      () => readFileSync(got, "utf8") === want,
      10_000,
      `typed text (got ${JSON.stringify(existsSync(got) ? readFileSync(got, "utf8") : "")})`,
    );
    expect(pwned()).toEqual([]);
  });
});
