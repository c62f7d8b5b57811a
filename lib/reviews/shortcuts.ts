export type ReviewAction = { type: "choose"; choice: "first" | "second" | "both" | "neither" } | { type: "comment" } | { type: "next" };

/** The review page's keyboard shortcuts, in the order the page lists them. */
export const REVIEW_SHORTCUTS: readonly { keys: string; description: string }[] = [
  { keys: "1", description: "first output is right" },
  { keys: "2", description: "second output is right" },
  { keys: "3", description: "both are right" },
  { keys: "4", description: "neither is right" },
  { keys: "c", description: "write a comment (Esc leaves the box)" },
  { keys: "n or j", description: "skip to the next item" },
];

/** Maps a key press to a review action; null for other keys and for presses with Ctrl, Alt or Meta. */
export function reviewActionForKey(event: { key: string; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean }): ReviewAction | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  switch (event.key) {
    case "1":
      return { type: "choose", choice: "first" };
    case "2":
      return { type: "choose", choice: "second" };
    case "3":
      return { type: "choose", choice: "both" };
    case "4":
      return { type: "choose", choice: "neither" };
    case "c":
      return { type: "comment" };
    case "n":
    case "j":
      return { type: "next" };
    default:
      return null;
  }
}
