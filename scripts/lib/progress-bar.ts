/** A one-line terminal progress bar with rate and ETA (plain lines when stdout is not a TTY). */
export class ProgressBar {
  private readonly started = Date.now();
  private lastPlain = 0;

  constructor(private readonly total: number) {}

  update(done: number, note = ''): void {
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const eta = rate > 0 ? (this.total - done) / rate : Number.NaN;
    const width = 30;
    const filled = Math.round((width * done) / this.total);
    const line =
      `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ` +
      `${rate.toFixed(2)} steps/s ETA ${Number.isFinite(eta) ? `${eta.toFixed(0)} s` : '–'} ${note}`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}\x1b[K`);
    else if (Date.now() - this.lastPlain > 10_000 || done === this.total) {
      this.lastPlain = Date.now();
      console.log(line);
    }
  }

  /** A line above the bar. */
  log(line: string): void {
    if (process.stdout.isTTY) process.stdout.write(`\r\x1b[K${line}\n`);
    else console.log(line);
  }

  finish(): void {
    if (process.stdout.isTTY) process.stdout.write('\n');
  }
}
