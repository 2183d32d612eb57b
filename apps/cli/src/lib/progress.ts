import type { CliIo } from './cli-io.js';

/** A one-line progress bar on stderr: `[#########.........] 120/250  12.3/s  eta 10s`. */
export class ProgressBar {
  private readonly start = performance.now();
  private last = 0;
  private done = 0;

  constructor(
    private readonly io: CliIo,
    private readonly total: number,
    private readonly label = '',
    private readonly enabled = true,
  ) {}

  tick(n = 1): void {
    this.done += n;
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < 100 && this.done < this.total) return;
    this.last = now;
    this.draw(now);
  }

  /** Erase the bar (before other output on the same terminal); the next tick draws it again. */
  clear(): void {
    if (!this.enabled || this.last === 0) return;
    this.io.err('\r\x1b[K');
    this.last = 0;
  }

  finish(): void {
    if (!this.enabled) return;
    this.draw(performance.now());
    this.io.err('\n');
  }

  private draw(now: number): void {
    const width = 30;
    const frac = this.total === 0 ? 1 : Math.min(1, this.done / this.total);
    const filled = Math.round(frac * width);
    const secs = (now - this.start) / 1000;
    const rate = secs > 0 ? this.done / secs : 0;
    const eta = rate > 0 ? (this.total - this.done) / rate : 0;
    const bar = '#'.repeat(filled) + '.'.repeat(width - filled);
    const prefix = this.label ? `${this.label} ` : '';
    this.io.err(`\r${prefix}[${bar}] ${this.done}/${this.total}  ${rate.toFixed(1)}/s  eta ${Math.ceil(eta)}s `);
  }
}
