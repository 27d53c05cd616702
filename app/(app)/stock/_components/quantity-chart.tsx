import { type ChartPoint, niceMax } from '../_lib/chart';

const W = 640;
const H = 200;
const PAD = { l: 48, r: 16, t: 12, b: 28 };

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * The item's quantity over time as a step line (a quantity holds until the next change), drawn as
 * inline SVG on the server: no chart library, no JavaScript.
 */
export function QuantityChart({ points, now = Date.now() }: { points: ChartPoint[]; now?: number }) {
  if (!points.length) return <p className="text-sm text-slate-500">No quantity changes recorded.</p>;
  const t0 = points[0]!.t;
  const t1 = Math.max(now, points[points.length - 1]!.t, t0 + 1);
  const max = niceMax(Math.max(...points.map((p) => p.q)));
  const x = (t: number) => PAD.l + ((t - t0) / (t1 - t0)) * (W - PAD.l - PAD.r);
  const y = (q: number) => PAD.t + (1 - q / max) * (H - PAD.t - PAD.b);
  let d = `M${x(points[0]!.t).toFixed(1)},${y(points[0]!.q).toFixed(1)}`;
  for (let i = 1; i < points.length; i++) {
    d += ` H${x(points[i]!.t).toFixed(1)} V${y(points[i]!.q).toFixed(1)}`;
  }
  d += ` H${x(t1).toFixed(1)}`;
  const ticks = [0, max / 2, max];
  const last = points[points.length - 1]!;
  return (
    <figure data-testid="quantity-chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        className="h-auto w-full"
        role="img"
        aria-label={`Quantity over time: ${points.length} change${points.length === 1 ? '' : 's'}, now ${last.q}`}
      >
        {ticks.map((v) => (
          <g key={v}>
            <line x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={PAD.l - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#64748b">
              {Number.isInteger(v) ? v : v.toFixed(1)}
            </text>
          </g>
        ))}
        <text x={PAD.l} y={H - 8} fontSize="11" fill="#64748b">
          {day(t0)}
        </text>
        <text x={W - PAD.r} y={H - 8} textAnchor="end" fontSize="11" fill="#64748b">
          {day(t1)}
        </text>
        <path d={d} fill="none" stroke="#1d6fb8" strokeWidth="2" data-testid="quantity-line" />
        {points.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: points are a fixed, ordered series.
          <circle key={i} cx={x(p.t)} cy={y(p.q)} r="3.5" fill="#1d6fb8" data-testid="quantity-point">
            <title>{`${p.label}: ${p.q} (${new Date(p.t).toISOString().replace('T', ' ').slice(0, 16)})`}</title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}
