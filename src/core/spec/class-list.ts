/**
 * A run's class subset as people and links write it ("0-4", "5,7,9") and the checks it must pass.
 * Tfjs-free: the link, the form and the runner read it; core/data/class-view.ts cuts the dataset.
 */

/** What is wrong with a class subset of a dataset with `numClasses` classes (empty when usable). */
export function classSubsetProblems(classes: readonly number[], numClasses: number): string[] {
  const problems: string[] = [];
  if (classes.length < 2) problems.push(`a class subset needs at least 2 classes, got ${classes.length}`);
  const bad = classes.filter((c) => !Number.isInteger(c) || c < 0 || c >= numClasses);
  if (bad.length > 0)
    problems.push(`${bad.join(', ')} ${bad.length === 1 ? 'is not a class' : 'are not classes'} (0–${numClasses - 1})`);
  if (new Set(classes).size !== classes.length) problems.push('a class is listed twice');
  return problems;
}

/** "0-4" → [0, 1, 2, 3, 4]; "5,7,9" → [5, 7, 9]; ranges and single classes may mix ("0-2,7"). */
export function parseClassList(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new Error(`"${text}" is not a class list (e.g. 0-4 or 5,7,9)`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new Error(`"${part.trim()}" counts down; write ${to}-${from}`);
    for (let c = from; c <= to; c++) out.push(c);
  }
  return out;
}

/** [0, 1, 2, 3, 4] → "0-4"; [5, 7, 9] → "5,7,9": the short form `parseClassList` reads back. */
export function formatClassList(classes: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < classes.length;) {
    let j = i;
    while (j + 1 < classes.length && classes[j + 1] === classes[j] + 1) j++;
    parts.push(j - i >= 2 ? `${classes[i]}-${classes[j]}` : classes.slice(i, j + 1).join(','));
    i = j + 1;
  }
  return parts.join(',');
}

/** The class names a run sees: the dataset's, or its subset's in the run's order. */
export const classNamesOf = (all: readonly string[], classes: readonly number[] | undefined): string[] =>
  classes ? classes.map((c) => all[c] ?? String(c)) : [...all];
