// The inbox header: the last action's note takes the key-help line, and a note too long for the list's
// width is cut with "…" (fzf would cut it with "..", mid-word and silently).
import { describe, expect, it } from "vitest";
import { headerNote, listWidth } from "../../src/ui/inbox-fzf.js";
import { stripAnsi } from "../../src/ui/ansi.js";

describe("inbox header note", () => {
  it("shows the key help when there is no note", () => {
    expect(headerNote("", 120)).toMatch(/^Enter verdict · r reply .* \? keys$/);
  });

  it("keeps a note that fits whole, and cuts a longer one to the list width with …", () => {
    const note = "copied w2 to the tmux buffer + the system clipboard (pbcopy)";
    expect(headerNote(note, 220)).toBe(note);
    const cut = stripAnsi(headerNote(note, 100));
    expect(cut).toHaveLength(listWidth(100));
    expect(cut).toBe(`${note.slice(0, listWidth(100) - 1)}…`);
  });

  it("counts printed characters only, and resets a colour it cut", () => {
    const red = "\x1b[31mw9 is no longer in the inbox: it was deleted by another command\x1b[0m";
    const cut = headerNote(red, 100);
    expect(stripAnsi(cut)).toHaveLength(listWidth(100));
    expect(cut.startsWith("\x1b[31mw9 is")).toBe(true);
    expect(cut.endsWith("…\x1b[0m")).toBe(true);
  });
});
