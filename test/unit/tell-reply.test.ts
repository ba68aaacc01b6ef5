// What a worker reads for a reply: the person's words as typed, and while it waits on several questions
// a first line naming the one the reply answers (tell --q N, else the oldest).
import { describe, expect, it } from "vitest";
import { replyText } from "../../src/workers/tell.js";

describe("reply text", () => {
  const two = [{ text: "Which database?" }, { text: "Keep the old API?\nIt has two callers." }];

  it("is the text as typed with one open question or none", () => {
    expect(replyText("use postgres", [{ text: "Which database?" }], 1)).toBe("use postgres");
    expect(replyText("hi $(x) 'q'", [], 1)).toBe("hi $(x) 'q'");
  });

  it("names the question it answers when several are open", () => {
    expect(replyText("yes, keep it", two, 2)).toBe(
      '[docket] This answers your question 2 of 2: "Keep the old API?"\nyes, keep it',
    );
    expect(replyText("postgres", two, 1)).toBe(
      '[docket] This answers your question 1 of 2: "Which database?"\npostgres',
    );
  });
});
