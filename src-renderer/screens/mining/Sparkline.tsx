import { useNodeStore } from '../../store/app-store.ts';
import { siUnits } from '../../ui/components.tsx';
import { HASHRATE_WINDOW_MS, sparklineGeometry, useHashrateHistory } from './hashrate-history.ts';

const WIDTH = 600;
const HEIGHT = 90;

/** The miner's hash rate over the last minutes, as a line with a soft fill. */
export function HashrateSparkline() {
  const samples = useHashrateHistory((state) => state.samples);
  const running = useNodeStore((state) => state.mining?.running ?? false);
  const now = samples.at(-1)?.time ?? Date.now();
  const { line, area, max } = sparklineGeometry(samples, WIDTH, HEIGHT, now);
  const minutes = Math.round(HASHRATE_WINDOW_MS / 60_000);
  return (
    <figure className="sparkline" data-testid="mining-sparkline">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`Hash rate over the last ${minutes} minutes, peak ${siUnits(max, 'H/s')}`}
      >
        <line className="sparkline-base" x1="0" y1={HEIGHT - 0.5} x2={WIDTH} y2={HEIGHT - 0.5} />
        {area && <path className="sparkline-area" d={area} />}
        {line && <path className="sparkline-line" d={line} vectorEffect="non-scaling-stroke" />}
      </svg>
      <figcaption className="sparkline-axis">
        <span>{minutes} min ago</span>
        <span>{max > 0 ? `Peak ${siUnits(max, 'H/s')}` : running ? 'Measuring…' : 'Not mining'}</span>
        <span>now</span>
      </figcaption>
    </figure>
  );
}
