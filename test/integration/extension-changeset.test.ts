// freezeChangeSet against real git: the patch holds exactly the workspace's changes since the
// baseline (edits, new, deleted, binary and oddly named files) and rebuilds them on the baseline.
import { afterEach, describe, expect, it } from "vitest";
import { execaSync } from "execa";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { makeRepo } from "../helpers/sandbox.js";
import { freezeChangeSet } from "../../src/git/changeset.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const git = (cwd: string, ...a: string[]) => execaSync("git", a, { cwd }).stdout;

describe("freezeChangeSet", () => {
  it("captures edits, new, deleted, binary and unicode-named files, and nothing else", async () => {
    const root = mkdtempSync(join(tmpdir(), "docket-changeset-"));
    dirs.push(root);
    const ws = await makeRepo(join(root, "ws"), { "a.txt": "one\ntwo\n", "gone.txt": "bye\n", "keep.txt": "same\n" });
    const baseline = git(ws, "rev-parse", "HEAD");
    writeFileSync(join(ws, "a.txt"), "one\nTWO\nthree\n");
    unlinkSync(join(ws, "gone.txt"));
    writeFileSync(join(ws, "ünï côde.txt"), "new\n");
    writeFileSync(join(ws, "blob.bin"), Buffer.from([0, 1, 2, 255, 0, 7]));
    const patchFile = join(root, "changeset.patch");

    const cs = freezeChangeSet(ws, baseline, patchFile);
    expect(cs.baseline).toBe(baseline);
    expect(cs.patch).toBe("changeset.patch");
    expect([...cs.files].sort((x, y) => x.path.localeCompare(y.path))).toEqual(
      [
        { path: "a.txt", added: 2, removed: 1 },
        { path: "blob.bin", added: 0, removed: 0 },
        { path: "gone.txt", added: 0, removed: 1 },
        { path: "ünï côde.txt", added: 1, removed: 0 },
      ].sort((x, y) => x.path.localeCompare(y.path)),
    );

    // Applying the patch to a fresh checkout of the baseline reproduces the workspace exactly.
    const fresh = join(root, "fresh");
    execaSync("git", ["clone", "-q", ws, fresh]);
    git(fresh, "checkout", "-q", baseline);
    git(fresh, "apply", "--binary", patchFile);
    expect(readFileSync(join(fresh, "a.txt"), "utf8")).toBe("one\nTWO\nthree\n");
    expect(existsSync(join(fresh, "gone.txt"))).toBe(false);
    expect(readFileSync(join(fresh, "ünï côde.txt"), "utf8")).toBe("new\n");
    expect([...readFileSync(join(fresh, "blob.bin"))]).toEqual([0, 1, 2, 255, 0, 7]);
    expect(readFileSync(join(fresh, "keep.txt"), "utf8")).toBe("same\n");
  });

  it("an untouched workspace freezes an empty change set; a bad baseline is refused", async () => {
    const root = mkdtempSync(join(tmpdir(), "docket-changeset-"));
    dirs.push(root);
    const ws = await makeRepo(join(root, "ws"));
    const cs = freezeChangeSet(ws, git(ws, "rev-parse", "HEAD"), join(root, "p.patch"));
    expect(cs.files).toEqual([]);
    expect(readFileSync(join(root, "p.patch"), "utf8")).toBe("");
    expect(() => freezeChangeSet(ws, "HEAD; rm -rf /", join(root, "p.patch"))).toThrow(/not a commit id/);
  });
});
