/**
 * Messages per second over the last few whole seconds, for the status bar: one count per second in a ring, so
 * memory stays constant however many frames pass and whether or not anyone asks (the log's timestamps grew
 * without bound while no UI was asking).
 */
export class FrameRate {
  private readonly second: number[];
  private readonly count: number[];

  constructor(private readonly seconds = 5) {
    this.second = new Array<number>(seconds + 1).fill(-1);
    this.count = new Array<number>(seconds + 1).fill(0);
  }

  /** One frame at nowMs. */
  add(nowMs: number): void {
    const sec = Math.floor(nowMs / 1000);
    const slot = sec % this.second.length;
    if (this.second[slot] !== sec) {
      this.second[slot] = sec;
      this.count[slot] = 0;
    }
    this.count[slot]!++;
  }

  /** Frames per second over the `seconds` whole seconds before nowMs's. */
  perSecond(nowMs: number): number {
    const now = Math.floor(nowMs / 1000);
    let n = 0;
    for (let i = 0; i < this.second.length; i++) {
      const s = this.second[i]!;
      if (s >= now - this.seconds && s < now) n += this.count[i]!;
    }
    return n / this.seconds;
  }
}
