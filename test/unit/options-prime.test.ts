// The worker window's command list reads the server options too; the publish after it uses them
// without a tmux call of its own.
import { afterEach, describe, expect, it } from "vitest";
import { cachedServerOptions, forgetServerOptions, primeServerOptions } from "../../src/tmux/options.js";

afterEach(() => forgetServerOptions());

describe("primeServerOptions", () => {
  it("answers cachedServerOptions for that server without asking tmux", () => {
    // A socket no server listens on: without the primed text there would be no answer at all.
    const env = { ...process.env, DOCKET_TMUX_SOCKET: `docket-none-${process.pid}`, TMUX_TMPDIR: "/nonexistent" };
    expect(cachedServerOptions(env)).toBeUndefined();
    primeServerOptions('@docket-icon-ready "R"\nstatus-right "#{E:@docket_status}"\n', env);
    const o = cachedServerOptions(env);
    expect(o?.all.get("status-right")).toBe("#{E:@docket_status}");
    expect(o?.docket["@docket-icon-ready"]).toBe("R");
    // Another server is not answered from it.
    expect(cachedServerOptions({ ...env, DOCKET_TMUX_SOCKET: `docket-other-${process.pid}` })).toBeUndefined();
  });
});
