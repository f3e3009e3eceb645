/** One benchmark result, printed as `name: value unit`. */
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

/** Runs `body` repeatedly for about `seconds` and returns how many runs per second it managed. */
export function measureRate(body: () => void, seconds = 1, batch = 1): number {
  for (let i = 0; i < batch; i++) body(); // warm up
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let runs = 0;
  while (performance.now() < deadline) {
    for (let i = 0; i < batch; i++) body();
    runs += batch;
  }
  return runs / ((performance.now() - start) / 1000);
}
