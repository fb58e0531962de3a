/**
 * The drift chart's note: which step each run's bars show, and what is left out. One step for all when
 * they agree (the end of every run), so that a third run does not push the note out of a lecture panel.
 */
export function driftNote(runs: readonly { name: string; step: number }[]): string {
  const same = runs.length > 0 && runs.every((r) => r.step === runs[0].step);
  const at =
    same && runs.length > 1 ? `All at step ${runs[0].step}` : runs.map((r) => `${r.name} step ${r.step}`).join(', ');
  return `${at}. Biases (they start at 0) and the new head are not drawn.`;
}
