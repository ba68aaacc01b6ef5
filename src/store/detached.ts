// Starting docket's own CLI in the background (`views refresh`, `grades refresh`): detached, so it
// outlives the command that asked, with no output and the store it was asked for. Never throws: a
// background job that cannot start (out of processes) is asked for again by the next command.
import { childProcess } from "../core/builtins.js";
import { cliEntry } from "./paths.js";

export function spawnDocket(home: string, args: string[], cwd?: string): void {
  try {
    const child = childProcess().spawn(process.execPath, [cliEntry(), ...args], {
      ...(cwd ? { cwd } : {}),
      detached: true,
      stdio: "ignore",
      env: { ...process.env, DOCKET_HOME: home },
    });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    /* see above */
  }
}
