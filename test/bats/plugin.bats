#!/usr/bin/env bats
# docket.tmux against a real, private tmux server (own socket, -f /dev/null, own TMUX_TMPDIR).

setup() {
	ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
	unset TMUX TMUX_PANE DOCKET_TMUX_SOCKET DOCKET_TMUX_SOCKET_PATH
	TMPD="$(mktemp -d)"
	export TMUX_TMPDIR="$TMPD/tmux"
	export DOCKET_HOME="$TMPD/home"
	mkdir -p "$TMUX_TMPDIR"
	SOCK="docket-bats-$$-$BATS_TEST_NUMBER"
	tmux -L "$SOCK" -f /dev/null new-session -d -s main -x 120 -y 30
	SOCKPATH="$TMUX_TMPDIR/tmux-$(id -u)/$SOCK"
}

teardown() {
	[ -n "${OUTER:-}" ] && tmux -L "$OUTER" kill-server 2>/dev/null
	tmux -L "$SOCK" kill-server 2>/dev/null || true
	rm -rf "$TMPD"
}

t() { tmux -L "$SOCK" "$@"; }
load_plugin() { t run-shell "$ROOT/docket.tmux"; }
# key -> note, for the prefix table
notes() { t list-keys -N -P '' -T prefix; }
snapshot() {
	t list-keys
	t show-options -g
	t show-options -gw
	t show-hooks -g
}

@test "binds every default key with its note and a popup on bin/docket" {
	load_plugin
	run notes
	[[ "$output" == *"A "*"docket: inbox"* ]]
	[[ "$output" == *"V "*"docket: verdict"* ]]
	[[ "$output" == *"W "*"docket: peek"* ]]
	[[ "$output" == *"N "*"docket: spawn"* ]]
	[[ "$output" == *"J "*"docket: jump to the worker waiting longest on a question"* ]]
	run t list-keys -T prefix A
	[[ "$output" == *"display-popup -E"* ]]
	[[ "$output" == *"$ROOT/bin/docket' inbox --origin-pane '#{pane_id}' --client '#{client_tty}'"* ]]
	run t list-keys -T prefix N
	[[ "$output" == *"spawn --prompt"* ]]
	[ "$(t show-options -gv @docket_plugin)" = "ok" ]
}

@test "defaults replace no tmux default binding" {
	before="$(t list-keys)"
	load_plugin
	after="$(t list-keys)"
	# every line that was there before is still there, unchanged
	while IFS= read -r line; do
		grep -qxF -- "$line" <<<"$after" || { echo "changed: $line"; false; }
	done <<<"$before"
	[ "$(wc -l <<<"$after")" -eq $(($(wc -l <<<"$before") + 5)) ]
}

@test "none binds nothing, and unbinds a key docket bound before" {
	t set -g @docket-key-verdict none
	load_plugin
	run notes
	[[ "$output" != *"docket: verdict"* ]]
	[[ "$output" == *"docket: inbox"* ]]
	t set -g @docket-key-inbox none
	load_plugin
	run t list-keys -T prefix A
	[[ "$output" != *docket* ]]
	[ "$(t show-options -gv @docket_bound)" = "W N J" ]
}

@test "custom keys work and the old default is released" {
	load_plugin
	t set -g @docket-key-peek M-w
	t set -g @docket-key-next C-j
	load_plugin
	run notes
	[[ "$output" == *"M-w "*"docket: peek"* ]]
	[[ "$output" == *"C-j "*"docket: jump"* ]]
	run t list-keys -T prefix W
	[[ "$output" != *docket* ]]
}

@test "a user's own binding on a key docket released is left alone" {
	load_plugin
	t bind-key -T prefix W display-message mine
	t set -g @docket-key-peek none
	load_plugin
	run t list-keys -T prefix W
	[[ "$output" == *"display-message mine"* ]]
}

@test "placeholders are rewritten and nothing else in status-left/right changes" {
	t set -g status-left '#[fg=blue][#S] #{docket_waiting}/#{docket_ready} "q" $HOME a;b'
	t set -g status-right '#{?client_prefix,P,} #[bold]#{docket_status}#[nobold] %H:%M #{docket_failed} #{docket_running}'
	t set -gw window-status-format '#I:#W#{docket_icon}'
	load_plugin
	[ "$(t show-options -gv status-left)" = '#[fg=blue][#S] #{E:@docket_waiting}/#{E:@docket_ready} "q" $HOME a;b' ]
	[ "$(t show-options -gv status-right)" = '#{?client_prefix,P,} #[bold]#{E:@docket_status}#[nobold] %H:%M #{E:@docket_failed} #{E:@docket_running}' ]
	[ "$(t show-options -gwv window-status-format)" = '#I:#W#{@docket_icon}' ]
	# styles and everything else untouched
	[ "$(t show-options -gv status-style)" = "bg=green,fg=black" ]
}

@test "status-left/right without placeholders are not touched" {
	before_l="$(t show-options -gv status-left)"
	before_r="$(t show-options -gv status-right)"
	load_plugin
	[ "$(t show-options -gv status-left)" = "$before_l" ]
	[ "$(t show-options -gv status-right)" = "$before_r" ]
}

@test "@docket-status-auto adds the summary to status-right once, keeping what is there" {
	before="$(t show-options -gv status-right)"
	t set -g @docket-status-auto on
	load_plugin
	load_plugin
	[ "$(t show-options -gv status-right)" = "#{E:@docket_status} $before" ]
}

@test "a second load changes nothing" {
	t set -g status-right 'x #{docket_status}'
	t set -g @docket-status-auto on
	load_plugin
	first="$(snapshot)"
	load_plugin
	second="$(snapshot)"
	[ "$first" = "$second" ]
}

@test "publishes a summary on load (idle mark with no workers)" {
	load_plugin
	[ "$(t show-options -gv @docket_status)" = "·" ]
	[ "$(t show-options -gv @docket_waiting)" = "0" ]
}

@test "tmux without display-popup gets a readable message and no bindings" {
	mkdir -p "$TMPD/shim"
	real="$(command -v tmux)"
	cat >"$TMPD/shim/tmux" <<-SH
		#!/bin/sh
		[ "\$1" = list-commands ] && { echo "unknown command: \$2" >&2; exit 1; }
		[ "\$1" = -V ] && { echo "tmux 3.1c"; exit 0; }
		exec "$real" "\$@"
	SH
	chmod +x "$TMPD/shim/tmux"
	run env TMUX="$SOCKPATH,1,0" PATH="$TMPD/shim:$PATH" sh "$ROOT/docket.tmux"
	[[ "$output" == *"tmux 3.1c has no display-popup; docket needs tmux 3.2 or newer"* ]]
	[[ "$(t show-options -gv @docket_plugin)" == "error: tmux 3.1c has no display-popup"* ]]
	run notes
	[[ "$output" != *docket* ]]
}

@test "node too old gets a readable message" {
	mkdir -p "$TMPD/shim"
	printf '#!/bin/sh\necho v18.19.0\n' >"$TMPD/shim/node"
	chmod +x "$TMPD/shim/node"
	run env TMUX="$SOCKPATH,1,0" PATH="$TMPD/shim:$PATH" sh "$ROOT/docket.tmux"
	[[ "$output" == *"node v18.19.0 is too old; docket needs Node 20 or newer"* ]]
	[[ "$(t show-options -gv @docket_plugin)" == "error: node v18.19.0 is too old"* ]]
}

@test "a missing build gets a readable message, shown on the attached client" {
	mkdir -p "$TMPD/copy"
	cp "$ROOT/docket.tmux" "$TMPD/copy/"
	OUTER="docket-bats-outer-$$-$BATS_TEST_NUMBER"
	tmux -L "$OUTER" -f /dev/null new-session -d -s o -x 120 -y 30 "env -u TMUX tmux -L $SOCK attach -t main"
	for _ in $(seq 50); do [ -n "$(t list-clients)" ] && break; sleep 0.1; done
	t run-shell "$TMPD/copy/docket.tmux"
	[[ "$(t show-options -gv @docket_plugin)" == "error: build missing in $TMPD/copy/dist; run: cd $TMPD/copy && npm install --omit=dev" ]]
	run t show-messages
	[[ "$output" == *"docket: build missing in $TMPD/copy/dist"*"(run: docket doctor)"* ]]
}

@test "a popup key opens docket with the origin pane and client" {
	printf '#!/bin/sh\necho "$@" >"%s/args"\n' "$TMPD" >"$TMPD/fake-docket"
	chmod +x "$TMPD/fake-docket"
	t set -g @docket-bin "$TMPD/fake-docket"
	load_plugin
	OUTER="docket-bats-outer-$$-$BATS_TEST_NUMBER"
	tmux -L "$OUTER" -f /dev/null new-session -d -s o -x 120 -y 30 "env -u TMUX tmux -L $SOCK attach -t main"
	for _ in $(seq 50); do [ -n "$(t list-clients)" ] && break; sleep 0.1; done
	pane="$(t display-message -p -t main '#{pane_id}')"
	tty="$(t list-clients -F '#{client_tty}')"
	tmux -L "$OUTER" send-keys -t o C-b A
	for _ in $(seq 50); do [ -s "$TMPD/args" ] && break; sleep 0.1; done
	[ "$(cat "$TMPD/args")" = "inbox --origin-pane $pane --client $tty" ]
	rm "$TMPD/args"
	tmux -L "$OUTER" send-keys -t o C-b J
	for _ in $(seq 50); do [ -s "$TMPD/args" ] && break; sleep 0.1; done
	[ "$(cat "$TMPD/args")" = "next --client $tty" ]
}

# A server started from a config of the test's own (like a person's tmux.conf).
# A fresh socket name: a new server on the old one could meet the old one still exiting.
start_with_conf() {
	t kill-server 2>/dev/null || true
	SOCK="$SOCK-conf"
	tmux -L "$SOCK" -f "$1" new-session -d -s main -x 120 -y 30
}

@test "placeholders set after the plugin line are rewritten too (startup config)" {
	cat >"$TMPD/tmux.conf" <<-CONF
		set -g status-right-length 80
		run-shell $ROOT/docket.tmux
		set -g status-right '#[bold]#{docket_status}#[nobold] %H:%M'
		set -gw window-status-format '#I:#W#{docket_icon}'
	CONF
	start_with_conf "$TMPD/tmux.conf"
	# the rewrite runs from a hook when the first session is created: poll for it
	for _ in $(seq 50); do
		[ "$(t show-options -gwv window-status-format)" = '#I:#W#{@docket_icon}' ] && break
		sleep 0.1
	done
	[ "$(t show-options -gv status-right)" = '#[bold]#{E:@docket_status}#[nobold] %H:%M' ]
	[ "$(t show-options -gwv window-status-format)" = '#I:#W#{@docket_icon}' ]
}

@test "placeholders before the plugin line are rewritten (startup config)" {
	cat >"$TMPD/tmux.conf" <<-CONF
		set -g status-right '#{docket_status} %H:%M'
		run-shell $ROOT/docket.tmux
	CONF
	start_with_conf "$TMPD/tmux.conf"
	[ "$(t show-options -gv status-right)" = '#{E:@docket_status} %H:%M' ]
}

@test "a status-right set after the plugin on reload is rewritten, and the person's hooks stay" {
	t set-hook -g after-set-option 'set -g @mine yes'
	load_plugin
	cat >"$TMPD/reload.conf" <<-'CONF'
		set -g status-left '[#S] #{docket_waiting}'
		set -g status-right '#{docket_status} %H:%M'
	CONF
	t source-file "$TMPD/reload.conf"
	[ "$(t show-options -gv status-right)" = '#{E:@docket_status} %H:%M' ]
	[ "$(t show-options -gv status-left)" = '[#S] #{E:@docket_waiting}' ]
	run t show-hooks -g
	[[ "$output" == *"after-set-option[0] set-option -g @mine yes"* ]]
	[ "$(t show-options -gv @mine)" = yes ]
	# loading again replaces docket's hook, it does not add one
	load_plugin
	[ "$(t show-hooks -g | grep -c 'after-set-option\[4271\]')" -eq 1 ]
}

@test "doctor names a placeholder left raw, and a publish rewrites it" {
	t set -g @docket_plugin ok
	t set -g status-right '#{docket_status} %H:%M'
	run env DOCKET_TMUX_SOCKET="$SOCK" "$ROOT/bin/docket" doctor
	[[ "$output" == *"status-right has #{docket_status} but the plugin has not rewritten it"* ]]
	[[ "$output" != *"no summary shown"* ]]
	DOCKET_TMUX_SOCKET="$SOCK" "$ROOT/bin/docket" status --publish >/dev/null
	[ "$(t show-options -gv status-right)" = '#{E:@docket_status} %H:%M' ]
}

@test "a default key the person bound stays theirs; docket says so once, and doctor names it" {
	t bind-key -r J resize-pane -D 5
	t bind-key A display-message mine
	OUTER="docket-bats-outer-$$-$BATS_TEST_NUMBER"
	tmux -L "$OUTER" -f /dev/null new-session -d -s o -x 120 -y 30 "env -u TMUX tmux -L $SOCK attach -t main"
	for _ in $(seq 50); do [ -n "$(t list-clients)" ] && break; sleep 0.1; done
	load_plugin
	run t list-keys -T prefix J
	[[ "$output" == *"bind-key -r -T prefix J"*"resize-pane -D 5"* ]]
	run t list-keys -T prefix A
	[[ "$output" == *"display-message mine"* ]]
	[ "$(t show-options -gv @docket_bound)" = "V W N" ]
	state="$(t show-options -gv @docket_plugin)"
	[[ "$state" == "warn: "*"prefix A is bound to something else (display-message mine); inbox not bound: set -g @docket-key-inbox <key>"* ]]
	[[ "$state" == *"prefix J is bound to something else (resize-pane -D 5); next not bound: set -g @docket-key-next <key>"* ]]
	run env DOCKET_TMUX_SOCKET="$SOCK" "$ROOT/bin/docket" doctor
	[[ "$output" == *"keys (prefix +): V W N"*"prefix J is bound to something else"* ]]
	run t show-messages
	[[ "$output" == *"docket: prefix A is bound to something else"*"(run: docket doctor)"* ]]
	# a reload that finds the same keys does not say it again
	load_plugin
	[ "$(t show-messages | grep -c 'message: docket: prefix A is bound')" -eq 1 ]
	# docket's own binding from the first load is still replaced on reload
	run t list-keys -T prefix V
	[[ "$output" == *docket* ]]
}

@test "an explicit @docket-key wins over the person's binding of that key" {
	t bind-key -r J resize-pane -D 5
	t set -g @docket-key-next J
	load_plugin
	run t list-keys -T prefix J
	[[ "$output" == *"docket"*"next"* ]]
	[ "$(t show-options -gv @docket_plugin)" = "ok" ]
}
