/** Compares two strings by UTF-16 code units, as `<` does, for sort comparators. */
export function compareText(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
