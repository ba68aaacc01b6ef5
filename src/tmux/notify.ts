// Notify on a transition into needs_input, ready or failed. Node built-ins only (used by the extension).
// STUB: filled in by the tmux-surface work (issue 3). Must never throw.
export interface Transition {
  id: string;
  label: string;
  task: string;
  from: string;
  to: string;
  /** Why, in a few words: the question, the summary or the failure reason. */
  text: string;
  originSession?: string;
}
export function notifyTransition(_home: string, _t: Transition): void {}
