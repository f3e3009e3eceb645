interface Sample {
  at: number;
  count: number;
  ms: number;
}

/**
 * Hashes per second over the last few seconds, from the reports of several threads. Each
 * thread's rate is its hashes over its hashing time in the window, and the rates add up; a
 * thread that has not reported within the window counts for nothing.
 */
export class HashRateMeter {
  readonly #windowMs: number;
  readonly #now: () => number;
  readonly #samples = new Map<number, Sample[]>();

  constructor(windowMs = 3000, now: () => number = () => performance.now()) {
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Thread `source` did `count` hashes in `ms` milliseconds of hashing. */
  add(source: number, count: number, ms: number): void {
    if (!(count >= 0) || !(ms > 0)) return;
    const at = this.#now();
    const samples = (this.#samples.get(source) ?? []).filter((sample) => sample.at >= at - this.#windowMs);
    samples.push({ at, count, ms });
    this.#samples.set(source, samples);
  }

  hashesPerSecond(): number {
    const since = this.#now() - this.#windowMs;
    let rate = 0;
    for (const [source, all] of this.#samples) {
      const samples = all.filter((sample) => sample.at >= since);
      if (samples.length === 0) {
        this.#samples.delete(source);
        continue;
      }
      this.#samples.set(source, samples);
      let count = 0;
      let ms = 0;
      for (const sample of samples) {
        count += sample.count;
        ms += sample.ms;
      }
      rate += (count * 1000) / ms;
    }
    return rate;
  }

  reset(): void {
    this.#samples.clear();
  }
}
