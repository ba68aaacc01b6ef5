#!/bin/sh
# `npm test`: build, typecheck, lint, then vitest and bats. bats runs even when vitest fails; both
# results are reported, and the exit code is non-zero when either failed (npm runs this with sh,
# PATH has node_modules/.bin).
npm run build || exit $?
npm run typecheck || exit $?
npm run lint || exit $?
vitest run "$@"
v=$?
npm run test:bats
b=$?
echo "npm test: vitest $( [ "$v" -eq 0 ] && echo passed || echo "FAILED (exit $v)" ), bats $( [ "$b" -eq 0 ] && echo passed || echo "FAILED (exit $b)" )" >&2
[ "$v" -eq 0 ] && [ "$b" -eq 0 ]
