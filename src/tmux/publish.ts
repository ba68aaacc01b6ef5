// Publish the fleet summary to tmux options (@docket_status …). Called by whoever changes a worker's state.
// Node built-ins only: the worker extension imports this at runtime.
// STUB: filled in by the tmux-surface work (issue 3). Must never throw and never block long.
export function publishFleet(_home: string): void {}
