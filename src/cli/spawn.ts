import type { CommandModule } from "yargs";
const cmd: CommandModule = { command: "spawn", describe: "start a worker (placeholder)", handler: () => {} };
export default cmd;
