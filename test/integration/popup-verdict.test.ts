// The verdict popup against a real pi worker (scripted model): Enter on a question with options, then
// `2`, sends option 2's text to the worker and the ledger records `option`; Reject & stop asks for
// confirmation, then removes the worker and its workspace.
import { afterAll, describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { openPopup } from "../helpers/popup-pane.js";
import { waitFor } from "../helpers/sandbox.js";
import { readDecisions } from "../../src/store/ledger.js";
import { workerPaths } from "../../src/store/layout.js";

let d: Drill | undefined;
afterAll(async () => {
  await d?.cleanup();
});

describe("verdict popup on a real worker", () => {
  it("option by digit reaches the worker; Reject & stop confirms, then removes worker and workspace", async () => {
    d = await makeDrill([
      {
        match: "pick a plan",
        steps: [
          {
            tools: [
              {
                name: "docket_wait",
                args: {
                  question: "Which plan should I follow?",
                  options: ["alpha plan", "beta plan"],
                  recommend: "alpha plan",
                  risk: "touches the schema",
                },
              },
            ],
          },
          { hang: true },
        ],
      },
    ]);
    const { label, id } = await d.spawn("pick a plan for the schema change");
    await d.waitState(label, (s) => s.state === "needs_input" && !!s.question, "asks its question");

    const inbox = await openPopup(d.sb, ["inbox", "--all"], { cwd: d.repo });
    await inbox.waitFor(new RegExp(`${label}\\s+needs input`), "question row");
    await inbox.keys("Enter");
    const card = await inbox.waitFor(/docket · verdict/, "verdict card");
    expect(card).toContain("Which plan should I follow?");
    expect(card).toContain("touches the schema");
    expect(card).toMatch(/▸ 1 alpha plan/); // the recommended option is preselected
    await inbox.keys("2");

    // The worker's model receives option 2's text as the parent's reply.
    await waitFor(
      () => d!.model.requests.some((r) => r.lastUser.includes("beta plan")),
      30_000,
      "option text reaches the model",
    );
    // The ledger row is written right after the reply is handed over, so the model may see it first.
    const decisions = await waitFor(
      () => {
        const ds = readDecisions(d!.sb.home).decisions;
        return ds.length > 0 ? ds : undefined;
      },
      10_000,
      "the decision in the ledger",
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      verb: "option",
      option: "beta plan",
      label,
      worker: id,
      risk: "touches the schema",
    });
    await inbox.keys("q");

    // Reject & stop on the (now running) worker: confirmation first; "n" keeps everything.
    const workspace = d.worker(label)!.workspace.path;
    expect(existsSync(workspace)).toBe(true);
    const v = await openPopup(d.sb, ["verdict", label], { cwd: d.repo, name: "verdict" });
    await v.waitFor(/Reject & stop/, "verdict verbs");
    // Digits never reach Reject & stop: a running worker offers no options, so `1` does nothing.
    await v.keys("1");
    await v.keys("Down");
    await v.waitFor(/▸\s+Reject & stop/, "cursor on Reject & stop");
    await v.keys("Enter");
    await v.waitFor(/kill the worker and remove its workspace\? \[y\/N\]/, "confirmation");
    await v.keys("n");
    await v.waitFor(/▸\s+Reject & stop/, "back on the card");
    expect(existsSync(workerPaths(d.sb.home, id).status)).toBe(true);
    await v.keys("Enter");
    await v.waitFor(/\[y\/N\]/, "confirmation again");
    await v.keys("y");
    // The record goes, and stays gone even if the dying pi still reports (see record-delete.test.ts).
    await waitFor(() => !existsSync(workerPaths(d!.sb.home, id).status), 20_000, "worker record removed").catch(
      async (err) => {
        const files = existsSync(workerPaths(d!.sb.home, id).dir)
          ? readdirSync(workerPaths(d!.sb.home, id).dir).join(" ")
          : "(none)";
        throw new Error(
          `${(err as Error).message}; record files: ${files}\n--- screen ---\n${(await v.screen()).trimEnd()}`,
        );
      },
    );
    const listed = await d.sb.docket(["inbox", "--all", "--json"]);
    expect(JSON.parse(listed.stdout).items.map((i: { workerId: string }) => i.workerId)).not.toContain(id);
    expect(existsSync(workspace)).toBe(false);
    expect(existsSync(workerPaths(d.sb.home, id).dir)).toBe(false);
    const last = readDecisions(d.sb.home).decisions.at(-1);
    expect(last).toMatchObject({ verb: "reject_stop", label });
    const windows = await d.sb.tmux("list-windows", "-a", "-F", "#{session_name}:#{window_name}");
    expect(windows).not.toContain(`docket-workers:${label}`);
  });
});
