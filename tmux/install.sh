#!/bin/sh
# First load of a TPM (git) install: dist/ is missing, so install the runtime dependencies and build
# (`npm install --omit=dev`: its prepare step builds dist/ with esbuild; no devDependencies), telling
# the person how it goes, then load the plugin again. docket.tmux starts this in the background.
ROOT=$1
LOG="$ROOT/install.log"
LOCK="$ROOT/.install.lock"
say() {
	tmux display-message -d 0 "docket: $1" 2>/dev/null || tmux display-message "docket: $1" 2>/dev/null
	tmux set-option -gq @docket_plugin "$2" 2>/dev/null
}
mkdir "$LOCK" 2>/dev/null || exit 0 # one install at a time; a second load just waits for it
trap 'rmdir "$LOCK" 2>/dev/null' EXIT
say "installing (first load: npm install --omit=dev, about a minute; log: $LOG)…" "installing: npm install --omit=dev (log: $LOG)"
start=$(date +%s)
if (cd "$ROOT" && npm install --omit=dev --no-audit --no-fund --loglevel=error) >"$LOG" 2>&1 \
	&& [ -f "$ROOT/dist/plugin.js" ]; then
	say "installed in $(($(date +%s) - start)) s; loading the plugin" "installed"
	rmdir "$LOCK" 2>/dev/null
	tmux run-shell "$ROOT/docket.tmux"
else
	why=$(grep -v '^\s*$' "$LOG" | tail -1 | cut -c1-120)
	say "install failed: ${why:-see $LOG}; retry with prefix I (TPM) or: cd $ROOT && npm install --omit=dev" \
		"error: install failed: ${why:-see $LOG}; retry: cd $ROOT && npm install --omit=dev"
fi
