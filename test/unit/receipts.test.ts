import { describe, expect, it } from "vitest";
import { receiptText, unreadReplies } from "../../src/core/receipts.js";

const now = Date.parse("2026-12-01T10:01:00.000Z");
const ago = (s: number) => new Date(now - s * 1000).toISOString();
const fmt = (ms: number) => `${Math.round(ms / 1000)}s`;
const base = { id: "1-1", text: "hi", from: "parent", createdAt: ago(50), queuedAt: ago(50) };

describe("receipts in words", () => {
  it("say only what was observed", () => {
    expect(receiptText(base, now, fmt)).toBe("queued 50s ago, not delivered yet");
    expect(receiptText({ ...base, deliveredAt: ago(10) }, now, fmt)).toBe("delivered 10s ago, not read yet");
    expect(receiptText({ ...base, deliveredAt: ago(40) }, now, fmt)).toBe("delivered 40s ago, NOT READ");
    expect(receiptText({ ...base, deliveredAt: ago(40), readAt: ago(39) }, now, fmt)).toBe(
      "read 39s ago (queued 50s ago)",
    );
    expect(receiptText({ ...base, typedAt: ago(5), via: "keys" as const }, now, fmt)).toBe(
      "typed into the pane 5s ago (no extension to confirm it)",
    );
    expect(unreadReplies([base, { ...base, readAt: ago(1) }, { ...base, typedAt: ago(1) }])).toEqual([base]);
  });
});
