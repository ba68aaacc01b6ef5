// tell --q N with a real pi worker waiting on two questions: the reply answers the second, the model
// reads a first line naming that question, and the card then shows only the first as open.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDrill, type Drill } from "../helpers/drill.js";
import { waitFor } from "../helpers/sandbox.js";
import { openQuestions } from "../../src/core/lifecycle.js";
import { stripAnsi } from "../../src/ui/ansi.js";
import { renderCard } from "../../src/ui/card.js";

describe("tell --q", () => {
  let d: Drill;
  beforeAll(async () => {
    d = await makeDrill([
      {
        match: "TWO-QUESTIONS",
        steps: [
          {
            tools: [
              { name: "docket_wait", args: { question: "Q-ONE: which database?" } },
              { name: "docket_wait", args: { question: "Q-TWO: keep the old API?" } },
            ],
          },
        ],
        after: { text: "noted" },
      },
    ]);
  });
  afterAll(async () => d?.cleanup());

  it("answers the named question, and the model reads which one", async () => {
    const { label } = await d.spawn("TWO-QUESTIONS: ask two things at once");
    const asked = await d.waitState(label, (s) => openQuestions(s).length === 2, "two open questions");
    expect(openQuestions(asked).map((q) => q.text)).toEqual(["Q-ONE: which database?", "Q-TWO: keep the old API?"]);
    // The card (verdict popup and inbox preview) shows the first and lists the other, numbered.
    const card = stripAnsi(renderCard({ worker: asked, width: 80 }));
    expect(card).toMatch(/Question\n\s+Q-ONE: which database\?/);
    expect(card).toMatch(/Also open \(docket tell --q N\):\n\s+2\. Q-TWO: keep the old API\?/);

    const told = await d.sb.docket(["tell", label, "--q", "2", "--", "yes, keep it"], { cwd: d.repo });
    expect(told.exitCode, told.stderr).toBe(0);
    const req = await waitFor(
      () => d.model.requests.find((r) => r.lastUser?.endsWith("yes, keep it")),
      30_000,
      "the model to get the reply",
    );
    expect(req.lastUser).toBe('[docket] This answers your question 2 of 2: "Q-TWO: keep the old API?"\nyes, keep it');
    const after = await d.waitState(label, (s) => openQuestions(s).length === 1, "one question left");
    expect(openQuestions(after).map((q) => q.text)).toEqual(["Q-ONE: which database?"]);
    const show = await d.sb.docket(["show", label], { cwd: d.repo });
    expect(show.stdout).toContain("Q-ONE: which database?");
    expect(show.stdout).not.toMatch(/^question.*Q-TWO/m); // answered: no longer listed as open
  });
});
