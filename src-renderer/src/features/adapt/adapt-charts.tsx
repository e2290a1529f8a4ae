/**
 * The adaptation report's charts (plain SVG, like the validation tab's): calibration before and after, and the
 * learning curve. Several series per chart, with their own axis ranges and a legend.
 */

export interface Series {
  name: string;
  colour: string;
  points: { x: number; y: number }[];
  dashed?: boolean;
}

const W = 320;
const H = 230;
const PAD = { left: 44, right: 10, top: 10, bottom: 34 };

const PALETTE = ['var(--mantine-color-gray-6)', 'var(--mantine-color-blue-6)', 'var(--mantine-color-teal-6)', 'var(--mantine-color-orange-6)', 'var(--mantine-color-grape-6)', 'var(--mantine-color-red-6)'];

/** A colour per series: the base pack grey, the adapted heads in the palette's order. */
export const colourOf = (i: number): string => PALETTE[i % PALETTE.length] as string;

function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const step = 10 ** Math.floor(Math.log10(span / 3));
  const m = [1, 2, 5, 10].find((k) => span / (k * step) <= 5) ?? 10;
  const s = m * step;
  const out: number[] = [];
  for (let t = Math.ceil(lo / s) * s; t <= hi + 1e-9; t += s) out.push(Number(t.toPrecision(6)));
  return out;
}

/** A line chart of several series; `xLog` for sizes (the learning curve), `diagonal` for calibration. */
export function LineChart(props: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  testId: string;
  xLog?: boolean;
  diagonal?: boolean;
  domain?: { x: [number, number]; y: [number, number] };
}) {
  const pts = props.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  const tx = (x: number) => (props.xLog ? Math.log10(Math.max(x, 1e-9)) : x);
  let [x0, x1] = props.domain?.x ?? [Math.min(...pts.map((p) => p.x)), Math.max(...pts.map((p) => p.x))];
  let [y0, y1] = props.domain?.y ?? [Math.min(...pts.map((p) => p.y)), Math.max(...pts.map((p) => p.y))];
  if (!Number.isFinite(x0) || !Number.isFinite(x1)) [x0, x1] = [0, 1];
  if (!Number.isFinite(y0) || !Number.isFinite(y1)) [y0, y1] = [0, 1];
  if (x0 === x1) x1 = x0 + 1;
  if (y0 === y1) y1 = y0 + 1;
  if (!props.domain) {
    const pad = (y1 - y0) * 0.06;
    y0 -= pad;
    y1 += pad;
  }
  const sx = (x: number) => PAD.left + ((tx(x) - tx(x0)) / (tx(x1) - tx(x0))) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0)) * (H - PAD.top - PAD.bottom);
  const xTicks = props.xLog ? [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000].filter((t) => t >= x0 && t <= x1) : niceTicks(x0, x1);
  const path = (p: { x: number; y: number }[]) => p.map((q, i) => `${i ? 'L' : 'M'}${sx(q.x).toFixed(1)},${sy(q.y).toFixed(1)}`).join(' ');
  return (
    <figure style={{ margin: 0 }} data-testid={props.testId}>
      <svg width={W} height={H} role="img" aria-label={props.title} style={{ fontSize: 10, fontFamily: 'inherit' }}>
        <rect x={PAD.left} y={PAD.top} width={W - PAD.left - PAD.right} height={H - PAD.top - PAD.bottom} fill="none" stroke="currentColor" strokeOpacity={0.3} />
        {xTicks.map((t) => (
          <text key={`x${t}`} x={sx(t)} y={H - PAD.bottom + 12} textAnchor="middle" fill="currentColor">{t}</text>
        ))}
        {niceTicks(y0, y1).map((t) => (
          <text key={`y${t}`} x={PAD.left - 4} y={sy(t) + 3} textAnchor="end" fill="currentColor">{t}</text>
        ))}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 6} textAnchor="middle" fill="currentColor">{props.xLabel}</text>
        <text x={10} y={(PAD.top + H - PAD.bottom) / 2} textAnchor="middle" fill="currentColor" transform={`rotate(-90 10 ${(PAD.top + H - PAD.bottom) / 2})`}>
          {props.yLabel}
        </text>
        {props.diagonal && (
          <path d={path([{ x: Math.max(x0, y0), y: Math.max(x0, y0) }, { x: Math.min(x1, y1), y: Math.min(x1, y1) }])} stroke="currentColor" strokeOpacity={0.3} strokeDasharray="3 3" fill="none" />
        )}
        {props.series.map((s) => (
          <g key={s.name} data-series={s.name}>
            <path d={path(s.points)} stroke={s.colour} strokeWidth={2} strokeDasharray={s.dashed ? '5 4' : undefined} fill="none" />
            {s.points.map((p, i) => (
              <circle key={i} cx={sx(p.x)} cy={sy(p.y)} r={2.5} fill={s.colour} />
            ))}
          </g>
        ))}
      </svg>
      <figcaption style={{ fontSize: 12 }}>
        <div style={{ textAlign: 'center', fontWeight: 600 }}>{props.title}</div>
        {props.series.map((s) => (
          <div key={s.name} style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
            <span style={{ display: 'inline-block', width: 14, height: 0, borderTop: `2px ${s.dashed ? 'dashed' : 'solid'} ${s.colour}` }} />
            <span>{s.name}</span>
          </div>
        ))}
      </figcaption>
    </figure>
  );
}
