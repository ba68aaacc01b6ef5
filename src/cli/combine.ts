// `docket combine wA [wB|parent]`: merge two change sets (or one with the parent's own edits) into the
// parent's working tree, unstaged. Conflicts open in $VISUAL/$EDITOR (a tmux popup when no terminal
// is attached); nothing is written until every conflict is resolved. One `combine` ledger row.
import type { CommandModule } from "yargs";
import { out } from "../core/stdout.js";

interface Args {
  ref?: string;
  other?: string[];
  yes?: boolean;
  json?: boolean;
  client?: string;
}

const cmd: CommandModule<object, Args> = {
  command: "combine [ref] [other..]",
  describe:
    "merge two workers' change sets (or one with the parent's own edits) into the parent tree; " +
    "conflicts open in your editor",
  builder: (y) =>
    y
      .positional("ref", { type: "string", describe: "wN, N, an id or a unique id prefix" })
      .positional("other", {
        type: "string",
        array: true,
        describe: "the other worker, or `parent` (default) for the parent's own edits",
      })
      .option("yes", {
        type: "boolean",
        describe: "combine over your own uncommitted edits to those files (merged, never overwritten)",
      })
      .option("json", { type: "boolean" })
      .option("client", { type: "string", describe: "client tty for the editor popup (#{client_tty})" }),
  handler: async (argv) => {
    const [sel, { checkRef, DocketError }, { combineWorkers }, { conflictEditor }] = await Promise.all([
      import("../workers/select.js"),
      import("../core/refs.js").then(async (m) => ({ ...m, ...(await import("../core/errors.js")) })),
      import("../workers/combine.js"),
      import("../ui/conflict-editor.js"),
    ]);
    // Both refs are checked before anything touches the store or tmux.
    const { ref, words } = sel.refAndWords("combine", argv.ref, argv.other);
    if (words.length > 1)
      throw new DocketError(`combine takes two workers at most: unexpected ${JSON.stringify(words[1])}`);
    const other = words[0] === undefined || words[0] === "parent" ? undefined : checkRef(words[0]);
    const fleet = await sel.loadFleet();
    const a = sel.pick(fleet, ref);
    const b = other === undefined ? undefined : sel.pick(fleet, other);
    const editor = conflictEditor({ client: argv.client?.trim() || undefined });
    const r = await combineWorkers(fleet.home, a, b, {
      confirmed: !!argv.yes,
      edit: editor.edit,
      noEditor: editor.why,
    });
    if (!r.done) throw new DocketError(`${r.confirm.split("\n").join("; ")} (not done: add --yes to confirm)`);
    out(
      argv.json
        ? JSON.stringify({
            a: a.label,
            with: b?.label ?? "parent",
            files: r.files,
            edited: r.edited,
            message: r.message,
          }) + "\n"
        : r.message + "\n",
    );
  },
};
export default cmd;
