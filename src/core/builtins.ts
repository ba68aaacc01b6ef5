// Node built-ins that cost a start-up to load, for modules every command imports: node:child_process
// takes ~3.5 ms (a tenth of node's own start), so they get it when they first start a process.
import type * as ChildProcess from "node:child_process";

export function childProcess(): typeof ChildProcess {
  return process.getBuiltinModule("node:child_process");
}
