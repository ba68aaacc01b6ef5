// docket hosts [list|add|remove] (docs/remote.md): the machines remote workers run on. `list` asks each
// host's docket for its versions over ssh; `follow` and `pull` are the mirror's own (hidden in help).
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  action?: string;
  name?: string;
  destination?: string;
  dir?: string;
  command?: string;
  env?: string[];
  forget?: boolean;
  json?: boolean;
}

const ACTIONS = ["list", "add", "remove", "follow", "pull"];

const cmd: CommandModule<object, Args> = {
  command: "hosts [action] [name] [destination]",
  describe: "machines for remote workers: hosts (list), hosts add NAME [ssh-destination], hosts remove NAME",
  builder: (y) =>
    y
      .positional("action", { type: "string", choices: ACTIONS, describe: "list (default), add, remove" })
      .positional("name", { type: "string", describe: "the host's name in docket (spawn --host NAME)" })
      .positional("destination", { type: "string", describe: "what ssh connects to (default: NAME)" })
      .option("dir", { type: "string", describe: "add: DOCKET_HOME on the remote (default: its own)" })
      .option("command", { type: "string", describe: "add: the remote docket command, words split on spaces" })
      .option("env", { type: "string", array: true, describe: "add: K=V for the remote docket (repeatable)" })
      .option("forget", {
        type: "boolean",
        describe: "remove: also forget its workers here (their records; the host is not asked)",
      })
      .option("json", { type: "boolean" }),
  handler: async (argv) => {
    const [hosts, { docketHome }, { DocketError }] = await Promise.all([
      import("../store/hosts.js"),
      import("../core/env.js"),
      import("../core/errors.js"),
    ]);
    const home = docketHome();
    const action = argv.action ?? "list";
    // Words after `--` (`hosts add -- -o`, `hosts add NAME -- -oProxyCommand=…`) are the positionals
    // yargs left in argv._: take them as the name and destination, so they are checked, not dropped.
    const rest = (argv._ ?? []).slice(1).map(String);
    if (argv.action !== undefined && argv.name === undefined && rest.length) argv.name = rest.shift();
    if (argv.action !== undefined && argv.destination === undefined && rest.length) argv.destination = rest.shift();
    if (rest.length) throw new DocketError(`hosts ${action}: unexpected ${JSON.stringify(rest[0])}`);
    if (action === "add") {
      if (!argv.name) throw new DocketError("hosts add NAME [ssh-destination]: name the host");
      hosts.checkHostName(argv.name);
      const env: Record<string, string> = {};
      for (const kv of argv.env ?? []) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(kv);
        if (!m) throw new DocketError(`--env takes K=V, not ${JSON.stringify(kv)}`);
        env[m[1]!] = m[2]!;
      }
      const command = argv.command?.trim() ? argv.command.trim().split(/\s+/) : ["docket"];
      const destination = argv.destination ?? argv.name;
      if (destination.startsWith("-")) throw new DocketError(`bad ssh destination ${JSON.stringify(destination)}`);
      hosts.putHost(home, argv.name, {
        destination,
        ...(argv.dir ? { dir: argv.dir } : {}),
        command,
        env,
        addedAt: new Date().toISOString(),
      });
      out(`added host ${argv.name} (ssh ${destination}); docket doctor --host ${argv.name} checks it\n`);
      return;
    }
    if (action === "remove") {
      if (!argv.name) throw new DocketError("hosts remove NAME: name the host");
      const host = hosts.getHost(home, argv.name);
      const { listWorkers } = await import("../store/workers.js");
      const held = listWorkers(home).workers.filter((w) => w.host?.name === host.name);
      // A host that is gone for good: its mirrors can be dropped here without asking it.
      if (held.length && argv.forget) {
        const { forgetMirror } = await import("../workers/remote.js");
        for (const w of held) await forgetMirror(home, w);
        out(`forgot ${held.map((w) => w.label).join(", ")} (still on ${host.name} if it comes back)\n`);
      } else if (held.length)
        throw new DocketError(
          `host ${host.name} still has workers (${held.map((w) => w.label).join(", ")}): ` +
            "docket delete them first, or --forget them",
        );
      const { closeMaster } = await import("../remote/ssh.js");
      await closeMaster(home, host).catch(() => undefined);
      hosts.removeHost(home, host.name);
      out(`removed host ${host.name}\n`);
      return;
    }
    if (action === "follow") {
      const { follow } = await import("../workers/follow.js");
      await follow(home, hosts.getHost(home, argv.name ?? "").name);
      return;
    }
    if (action === "pull") {
      const { pullAll, pullHost } = await import("../workers/mirror.js");
      const reports = argv.name ? [await pullHost(home, hosts.getHost(home, argv.name))] : await pullAll(home);
      for (const r of reports) {
        out(`${r.host}: ${r.error ?? `${r.changed.length} changed`}\n`);
        for (const p of r.problems) out(`  ${p}\n`);
      }
      if (reports.some((r) => r.error)) process.exitCode = 1;
      return;
    }
    // list: each host with what its docket says, asked in parallel.
    const all = hosts.readHosts(home);
    const { hello } = await import("../workers/hosts.js");
    const rows = await Promise.all(all.map((h) => hello(home, h)));
    if (argv.json) {
      out(`${JSON.stringify(rows)}\n`);
      return;
    }
    if (!rows.length) {
      out("no hosts: docket hosts add NAME [ssh-destination]\n");
      return;
    }
    const { sanitizeLine } = await import("../core/sanitize.js");
    const w = Math.max(4, ...rows.map((r) => r.name.length));
    for (const r of rows) {
      // A check's detail is the tool's own first line (`tmux 3.3a`): its name is printed once.
      const v = (k: string) => r.versions[k]?.replace(new RegExp(`^${k}\\s+(version\\s+)?`, "i"), "") ?? "?";
      const what = r.ok
        ? `reachable  docket ${v("docket")} · node ${v("node")} · tmux ${v("tmux")} · pi ${v("pi")}`
        : `unreachable  ${r.error}`;
      out(`${r.name.padEnd(w)}  ${sanitizeLine(r.destination)}  ${sanitizeLine(what)}\n`);
    }
  },
};
export default cmd;
