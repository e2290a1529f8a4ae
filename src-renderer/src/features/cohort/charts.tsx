/** Small SVG charts for the validation tab: unit square plots with axes, no chart library. */

const W = 240;
const H = 200;
const PAD = 32;

interface Point {
  x: number;
  y: number;
}

const sx = (x: number) => PAD + x * (W - PAD - 8);
const sy = (y: number) => H - PAD - y * (H - PAD - 8);

function Frame({ title, xLabel, yLabel, children, testId }: { title: string; xLabel: string; yLabel: string; children: React.ReactNode; testId: string }) {
  return (
    <figure style={{ margin: 0 }} data-testid={testId}>
      <svg width={W} height={H} role="img" aria-label={title} style={{ fontSize: 10, fontFamily: 'inherit' }}>
        <rect x={sx(0)} y={sy(1)} width={sx(1) - sx(0)} height={sy(0) - sy(1)} fill="none" stroke="currentColor" strokeOpacity={0.3} />
        {[0, 0.5, 1].map((t) => (
          <g key={t}>
            <text x={sx(t)} y={H - PAD + 12} textAnchor="middle" fill="currentColor">{t}</text>
            <text x={PAD - 4} y={sy(t) + 3} textAnchor="end" fill="currentColor">{t}</text>
          </g>
        ))}
        <text x={(sx(0) + sx(1)) / 2} y={H - 4} textAnchor="middle" fill="currentColor">{xLabel}</text>
        <text x={10} y={(sy(0) + sy(1)) / 2} textAnchor="middle" fill="currentColor" transform={`rotate(-90 10 ${(sy(0) + sy(1)) / 2})`}>{yLabel}</text>
        {children}
      </svg>
      <figcaption style={{ fontSize: 12, textAlign: 'center' }}>{title}</figcaption>
    </figure>
  );
}

const path = (pts: Point[]) => pts.map((p, i) => `${i ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');

/** ROC curve with the chance diagonal. */
export function RocChart({ points }: { points: { fpr: number; tpr: number }[] }) {
  return (
    <Frame title="ROC" xLabel="1 - specificity" yLabel="sensitivity" testId="chart-roc">
      <path d={path([{ x: 0, y: 0 }, { x: 1, y: 1 }])} stroke="currentColor" strokeOpacity={0.3} strokeDasharray="3 3" fill="none" />
      <path d={path(points.map((p) => ({ x: p.fpr, y: p.tpr })))} stroke="var(--mantine-color-blue-6)" strokeWidth={2} fill="none" />
    </Frame>
  );
}

/** Reliability diagram: observed rate against mean predicted probability per bin (dot size ~ count). */
export function CalibrationChart({ bins }: { bins: { meanPredicted: number | null; observed: number | null; count: number }[] }) {
  const used = bins.filter((b) => b.count > 0 && b.meanPredicted !== null && b.observed !== null);
  const max = Math.max(1, ...used.map((b) => b.count));
  return (
    <Frame title="Calibration" xLabel="predicted" yLabel="observed" testId="chart-calibration">
      <path d={path([{ x: 0, y: 0 }, { x: 1, y: 1 }])} stroke="currentColor" strokeOpacity={0.3} strokeDasharray="3 3" fill="none" />
      <path d={path(used.map((b) => ({ x: b.meanPredicted as number, y: b.observed as number })))} stroke="var(--mantine-color-orange-6)" fill="none" />
      {used.map((b, i) => (
        <circle key={i} cx={sx(b.meanPredicted as number)} cy={sy(b.observed as number)} r={2 + 4 * Math.sqrt(b.count / max)} fill="var(--mantine-color-orange-6)" />
      ))}
    </Frame>
  );
}

/** Accuracy against coverage: keeping only the most certain ECGs. */
export function CoverageChart({ points }: { points: { coverage: number; accuracy: number }[] }) {
  return (
    <Frame title="Accuracy vs coverage" xLabel="coverage (most certain first)" yLabel="accuracy" testId="chart-coverage">
      <path d={path(points.map((p) => ({ x: p.coverage, y: p.accuracy })))} stroke="var(--mantine-color-teal-6)" strokeWidth={2} fill="none" />
      {points.map((p, i) => (
        <circle key={i} cx={sx(p.coverage)} cy={sy(p.accuracy)} r={2} fill="var(--mantine-color-teal-6)" />
      ))}
    </Frame>
  );
}
