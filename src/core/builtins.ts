// Node built-ins that cost a start-up to load, for modules every command imports: node:child_process
// takes ~3.5 ms (a tenth of node's own start), so they get it when they first start a process.

export function childProcess(): typeof import("node:child_process") {
  return process.getBuiltinModule("node:child_process");
}
