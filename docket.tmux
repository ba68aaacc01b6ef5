#!/bin/sh
# docket: TPM entry (`set -g @plugin '<owner>/docket'`), or `run-shell /path/to/docket.tmux`.
# TPM discards output, so every problem is shown with display-message and recorded in the
# @docket_plugin option for `docket doctor`. The real work happens in dist/plugin.js (src/tmux/plugin.ts).
ROOT=$(cd "$(dirname "$0")" && pwd)

fail() {
	tmux display-message "docket: $1 (run: docket doctor)" 2>/dev/null
	tmux set-option -gq @docket_plugin "error: $1" 2>/dev/null
	echo "docket: $1" >&2
	exit 0
}

# Feature check, not version parsing: tmux before 3.2 has no display-popup.
if ! tmux list-commands display-popup >/dev/null 2>&1; then
	fail "$(tmux -V 2>/dev/null || echo tmux) has no display-popup; docket needs tmux 3.2 or newer"
fi

version=$(node --version 2>/dev/null) || fail "node not found on PATH; docket needs Node 20 or newer"
major=${version#v}
major=${major%%.*}
case $major in
'' | *[!0-9]*) fail "cannot read the node version ($version); docket needs Node 20 or newer" ;;
esac
[ "$major" -ge 20 ] || fail "node $version is too old; docket needs Node 20 or newer"

if [ ! -f "$ROOT/dist/plugin.js" ] || [ ! -f "$ROOT/dist/docket.cjs" ]; then
	# A TPM (git) checkout on its first load: install and build in the background, then load again.
	if [ -f "$ROOT/package.json" ] && [ -x "$ROOT/tmux/install.sh" ] && [ "$(tmux show-options -gqv @docket-auto-install)" != "off" ]; then
		command -v npm >/dev/null 2>&1 || fail "build missing in $ROOT/dist and npm not found on tmux's PATH; install npm, or: cd $ROOT && npm install --omit=dev"
		tmux set-option -gq @docket_plugin "installing: npm install --omit=dev (log: $ROOT/install.log)"
		"$ROOT/tmux/install.sh" "$ROOT" </dev/null >/dev/null 2>&1 &
		exit 0
	fi
	fail "build missing in $ROOT/dist; run: cd $ROOT && npm install --omit=dev"
fi

# Configure the server that runs us (run-shell sets $TMUX), whatever DOCKET_TMUX_SOCKET says.
if [ -n "${TMUX:-}" ]; then
	DOCKET_TMUX_SOCKET_PATH=${TMUX%%,*}
	export DOCKET_TMUX_SOCKET_PATH
	unset DOCKET_TMUX_SOCKET
fi
exec node "$ROOT/dist/plugin.js"
