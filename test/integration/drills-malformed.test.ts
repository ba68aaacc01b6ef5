// Failure drill: malformed or truncated status.json, events.ndjson, decisions.ndjson, config and
// kind files. Commands keep working for the other workers and say which file is bad.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeWorker } from "../../src/bench/fixtures.js";
import { writeJsonAtomic } from "../../src/store/fsutil.js";
import { ledgerPath, userKindsDir, workerPaths } from "../../src/store/layout.js";
import { makeRepo, makeSandbox, type Sandbox } from "../helpers/sandbox.js";

describe("malformed store files", () => {
  let sb: Sandbox;
  let repo: string;
  const ids: string[] = [];

  beforeAll(async () => {
    sb = makeSandbox();
    repo = await makeRepo(join(sb.dir, "repo"));
    for (let i = 1; i <= 4; i++) {
      const { status, artifacts } = fakeWorker(i, repo);
      const p = workerPaths(sb.home, status.id);
      writeJsonAtomic(p.status, status);
      writeJsonAtomic(p.artifacts, { items: artifacts });
      writeFileSync(
        p.events,
        JSON.stringify({ ts: status.createdAt, kind: "state", payload: { to: status.state } }) + "\n",
      );
      ids.push(status.id);
    }
    // w2: status.json cut in half. w3: events.ndjson with garbage and a torn last line.
    const s2 = workerPaths(sb.home, ids[1]!).status;
    const raw = readFileSync(s2, "utf8");
    writeFileSync(s2, raw.slice(0, Math.floor(raw.length / 2)));
    writeFileSync(workerPaths(sb.home, ids[2]!).events, 'not json\n{"ts":"x","kind":"state"\n');
    // The ledger: one good row, one torn row.
    const good = {
      ts: new Date().toISOString(),
      verb: "accept",
      worker: ids[0],
      label: "w1",
      task: "t",
      state: "ready",
      evidence: [],
    };
    writeFileSync(ledgerPath(sb.home), JSON.stringify(good) + "\n" + '{"ts":"2024-01-01","verb":"acc');
  });
  afterAll(async () => sb?.cleanup());

  it("docket workers lists the good workers and names the bad status.json", async () => {
    const r = await sb.docket(["workers", "--all"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const l of ["w1", "w3", "w4"]) expect(r.stdout).toMatch(new RegExp(`\\b${l}\\b`));
    expect(r.stdout + r.stderr).toContain(workerPaths(sb.home, ids[1]!).status);
  });

  it("docket show on the bad worker names the file; on a good one it still works", async () => {
    const bad = await sb.docket(["show", ids[1]!], { cwd: repo });
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toContain("status.json");
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    const good = await sb.docket(["show", "w3", "--json"], { cwd: repo });
    expect(good.exitCode, good.stderr).toBe(0);
    expect(JSON.parse(good.stdout).id ?? JSON.parse(good.stdout).status?.id).toBe(ids[2]);
  });

  it("the inbox ranks the good workers despite a bad record and bad events", async () => {
    const r = await sb.docket(["inbox", "--plain", "--all"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const l of ["w1", "w3", "w4"]) expect(r.stdout).toMatch(new RegExp(`\\b${l}\\b`));
  });

  it.each([["--plain"], ["--json"]])(
    "docket inbox %s names each malformed status.json on stderr, one line each",
    async (flag) => {
      // A second bad record, of the other kind: valid JSON of the wrong shape.
      const odd = workerPaths(sb.home, "wrong-shape-0000");
      mkdirSync(odd.dir, { recursive: true });
      writeFileSync(odd.status, JSON.stringify({ version: 1, id: "wrong-shape-0000", label: "w9", state: "dancing" }));
      try {
        const r = await sb.docket(["inbox", flag, "--all"], { cwd: repo });
        expect(r.exitCode, r.stderr).toBe(0);
        const lines = r.stderr.trim().split("\n");
        expect(lines, r.stderr).toHaveLength(2);
        for (const file of [workerPaths(sb.home, ids[1]!).status, odd.status]) {
          expect(
            lines.filter((l) => l.startsWith("docket: warning: ") && l.includes(file)),
            `${file} in ${r.stderr}`,
          ).toHaveLength(1);
        }
        const shown =
          flag === "--json"
            ? (JSON.parse(r.stdout).items as Array<{ label: string }>).map((i) => i.label).join(" ")
            : r.stdout;
        for (const l of ["w1", "w3", "w4"]) expect(shown).toMatch(new RegExp(`\\b${l}\\b`));
      } finally {
        rmSync(odd.dir, { recursive: true, force: true });
      }
    },
  );

  it("docket log decisions counts the good row and says the ledger has a bad line", async () => {
    const r = await sb.docket(["log", "decisions", "--json"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("accept");
    expect(r.stdout + r.stderr).toMatch(/decisions\.ndjson/);
  });

  it("a bad kind file is named and skipped; the built-in kinds still list", async () => {
    mkdirSync(userKindsDir(sb.home), { recursive: true });
    writeFileSync(join(userKindsDir(sb.home), "broken.md"), "---\nname: [unclosed\nwrites: maybe\n---\n");
    const r = await sb.docket(["kinds"], { cwd: repo });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain("default");
    expect(r.stdout).toContain("scout");
    expect(r.stdout + r.stderr).toContain("broken.md");
  });

  it("a truncated config file stops commands with one line naming the file", async () => {
    const cfg = join(sb.agentDir, "docket.json");
    writeFileSync(cfg, '{"worker": {"maxActive": 3');
    try {
      const r = await sb.docket(["workers"], { cwd: repo });
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(cfg);
      // Other lines may warn about the bad worker record planted above; the config error is one line.
      expect(
        r.stderr
          .trim()
          .split("\n")
          .filter((l) => l.includes(cfg)),
        r.stderr,
      ).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      writeFileSync(cfg, "{}");
    }
  });

  it("an unknown config key is named with its path", async () => {
    const cfg = join(repo, ".pi", "docket.json");
    mkdirSync(join(repo, ".pi"), { recursive: true });
    writeFileSync(cfg, JSON.stringify({ worker: { maxActiv: 3 } }));
    try {
      const r = await sb.docket(["spawn", "--", "anything"], { cwd: repo });
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toContain(cfg);
      expect(r.stderr).toContain("worker.maxActiv");
    } finally {
      writeFileSync(cfg, "{}");
    }
  });
});
