// Integrity drill: worker refs are strict. ` w1`, `w01`, `-w1`, `w1 ` are refused by EVERY verb that
// takes a worker ref (one line on stderr, exit ≠ 0, nothing printed, nothing changed), and `--` may
// come before a ref. The verb list is derived from the verbs' own command lines (src/cli/verbs.ts)
// and checked against the CLI sources, so a new verb that resolves refs cannot be left out.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERBS } from "../../src/cli/verbs.js";
import { workerPaths } from "../../src/store/layout.js";
import { listWorkers } from "../../src/store/workers.js";
import { makeFakeFleet, settleAndCleanup } from "../helpers/drill.js";
import { ROOT, type Sandbox } from "../helpers/sandbox.js";

const BAD = [" w1", "w01", "-w1", "w1 "];

/** Verbs whose command line has a worker-ref positional (`<ref>`, `[ref]`, `[source]`), plus option refs. */
async function refVerbs(): Promise<{ positional: string[]; option: Array<[string, string]> }> {
  const positional: string[] = [];
  for (const [name, v] of Object.entries(VERBS)) {
    const mod = (await v.load()) as { default: { command: string } };
    if (/[<[](ref|source)[\]>]/.test(mod.default.command)) positional.push(name);
  }
  return { positional, option: [["save", "--from"]] };
}

/** Text following the ref that the verb needs to run at all. */
const AFTER: Record<string, string[]> = { tell: ["hello"] };

describe("strict worker refs, every verb", () => {
  let sb: Sandbox;
  let repo: string;
  let id: string;
  let verbs: Awaited<ReturnType<typeof refVerbs>>;
  beforeAll(async () => {
    ({ sb, repo } = await makeFakeFleet());
    const r = await sb.docket(["spawn", "--", "the worker that must survive"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout.split(" ")[0]).toBe("w1");
    id = r.stdout.trim().split(" ")[1]!;
    verbs = await refVerbs();
  });
  afterAll(async () => sb && settleAndCleanup(sb));

  /** What a verb could change: the record, its inbox, the ledger, loads, bundles, the window. */
  const snapshot = async () => {
    const p = workerPaths(sb.home, id);
    const inbox = existsSync(p.inbox) ? readdirSync(p.inbox).sort().join(",") : "-";
    const files = ["decisions.ndjson", "loads.json", "bundles"].map((f) => existsSync(join(sb.home, f)));
    const windows = await sb.tmux("list-windows", "-a", "-F", "#{window_name}");
    return JSON.stringify({ status: readFileSync(p.status, "utf8"), inbox, files, windows });
  };

  it("the verb list is complete: every CLI source that resolves a ref is in it", async () => {
    expect(verbs.positional.sort()).toEqual(
      expect.arrayContaining(["delete", "load", "peek", "respawn", "show", "stop", "tell", "unload", "verdict"]),
    );
    const covered = new Set([...verbs.positional, ...verbs.option.map(([v]) => v)]);
    const dir = join(ROOT, "src", "cli");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".ts"))) {
      const text = readFileSync(join(dir, f), "utf8");
      if (
        !/\b(refArg|refAndWords|checkRef|resolveRef|pick)\(|loadSource|unloadSource|saveCandidates|runVerdict|runPeek/.test(
          text,
        )
      )
        continue;
      const verb = f.replace(/\.ts$/, "");
      if (verb === "popup-fast") continue; // verdict/peek's fast path, covered through those verbs
      const command =
        ((await VERBS[verb]?.load()) as { default: { command: string } } | undefined)?.default.command ?? "";
      if (!/[<[]/.test(command) && !/\.option\("from"/.test(text)) continue; // takes no argument (`clear`)
      expect(covered, `${f} resolves worker refs`).toContain(verb);
    }
  });

  it.each(BAD)("%j is refused by every verb taking a ref, and nothing changes", async (bad) => {
    const before = await snapshot();
    const runs: string[][] = [];
    for (const v of verbs.positional) {
      runs.push([v, bad, ...(AFTER[v] ?? [])]);
      runs.push([v, "--", bad, ...(AFTER[v] ?? [])]);
    }
    runs.push(
      ["verdict", bad, "--dismiss"],
      ["verdict", "--", bad, "--dismiss"],
      ["verdict", bad, "--accept", "--json"],
    );
    for (const [v, flag] of verbs.option)
      runs.push([v, flag, bad, "--all", "--yes"], [v, `${flag}=${bad}`, "--all", "--yes"]);
    for (const args of runs) {
      const r = await sb.docket(args, { cwd: repo });
      const what = JSON.stringify(args);
      expect(r.exitCode, what).not.toBe(0);
      expect(r.stdout, what).toBe("");
      expect(r.stderr.trim().split("\n"), `${what}: ${r.stderr}`).toHaveLength(1);
      expect(r.stderr, what).toMatch(/^docket: /);
      expect(r.stderr.trim(), what).toBe(`docket: invalid worker ref: ${JSON.stringify(bad)} (use wN, N or an id)`);
    }
    expect(await snapshot()).toBe(before);
    expect(listWorkers(sb.home).workers.map((w) => w.label)).toEqual(["w1"]);
  });

  it("`--` may come before a ref; tell keeps words after `--` verbatim", async () => {
    const show = await sb.docket(["show", "--json", "--", "w1"], { cwd: repo });
    expect(show.exitCode, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).id).toBe(id);
    const extra = await sb.docket(["show", "--", "w1", "--json"], { cwd: repo });
    expect(extra.exitCode).not.toBe(0);
    expect(extra.stderr.trim()).toBe('docket: unexpected argument after "w1": "--json"');
    const inbox = workerPaths(sb.home, id).inbox;
    const texts = () =>
      existsSync(inbox)
        ? readdirSync(inbox)
            .filter((n) => n.endsWith(".json"))
            .sort()
            .map((n) => JSON.parse(readFileSync(join(inbox, n), "utf8")).text as string)
        : [];
    const t1 = await sb.docket(["tell", "--", "w1", "hello", "there"], { cwd: repo });
    expect(t1.exitCode, t1.stderr).toBe(0);
    const t2 = await sb.docket(["tell", "w1", "--", "--literal", "text"], { cwd: repo });
    expect(t2.exitCode, t2.stderr).toBe(0);
    expect(texts()).toEqual(["hello there", "--literal text"]);
    const stop = await sb.docket(["stop", "--", "w1"], { cwd: repo });
    expect(stop.exitCode, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(/^stopped w1/);
    const del = await sb.docket(["delete", "--", "w1"], { cwd: repo });
    expect(del.exitCode, del.stderr).toBe(0);
    expect(listWorkers(sb.home).workers).toEqual([]);
  });
});
