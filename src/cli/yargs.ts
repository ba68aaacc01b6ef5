// yargs for the CLI's slow path (help, completion, a command line args.ts does not take): built on its own
// as dist/yargs.cjs, so the commands that never need it do not read and deserialize it with dist/cli.cjs
// (ADR 0008). From source it is the package itself.
export { default } from "yargs";
