/** The perf-model chart (Chart.js): predicted dense and sparse time vs density, useful range shaded, measured points. */
import {
  Chart, Legend, LineController, LineElement, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip,
  type ChartDataset, type Plugin,
} from 'chart.js';
import type { PerfCurve } from './protocol.js';

Chart.register(ScatterController, LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);

const DENSE = '#3b6fd8';
const SPARSE = '#e07a1f';
const GOOD = 'rgba(47, 158, 106, 0.13)';
const GOOD_LINE = 'rgba(47, 158, 106, 0.75)';

interface Marks {
  useful: { min: number; max: number } | null;
  modelDensity: number | null;
}

/** Shades the useful density range and marks the trained model's density (drawn under the datasets). */
const marksPlugin: Plugin<'scatter'> = {
  id: 'sparsecnnMarks',
  beforeDatasetsDraw(chart) {
    const marks = (chart.options.plugins as { sparsecnnMarks?: Marks } | undefined)?.sparsecnnMarks;
    if (!marks) return;
    const { ctx, chartArea: area } = chart;
    const x = chart.scales['x']!;
    ctx.save();
    if (marks.useful && marks.useful.max > marks.useful.min) {
      const x0 = Math.max(area.left, x.getPixelForValue(Math.max(marks.useful.min, x.min)));
      const x1 = Math.min(area.right, x.getPixelForValue(Math.min(marks.useful.max, x.max)));
      if (x1 > x0) {
        ctx.fillStyle = GOOD;
        ctx.fillRect(x0, area.top, x1 - x0, area.bottom - area.top);
        ctx.strokeStyle = GOOD_LINE;
        ctx.setLineDash([]);
        ctx.lineWidth = 1;
        for (const px of [x0, x1]) {
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
        }
        ctx.fillStyle = '#237a52';
        ctx.font = '600 12px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.fillText('useful sparsity', (x0 + x1) / 2, area.top + 16);
      }
    }
    if (marks.modelDensity !== null && marks.modelDensity >= x.min && marks.modelDensity <= x.max) {
      const px = x.getPixelForValue(marks.modelDensity);
      ctx.strokeStyle = '#5d6878';
      ctx.setLineDash([4, 4]);
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = '#5d6878';
      ctx.font = '12px system-ui, sans-serif';
      ctx.textAlign = 'left';
      ctx.fillText(`model: ${(marks.modelDensity * 100).toFixed(1)}%`, px + 4, area.bottom - 8);
    }
    ctx.restore();
  },
};

const pct = (v: number) => `${+(v * 100).toPrecision(3)}%`;

export class PerfChart {
  private chart: Chart<'scatter'>;

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart(canvas, {
      type: 'scatter',
      data: { datasets: [] },
      plugins: [marksPlugin],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: {
            type: 'logarithmic',
            min: 0.01,
            max: 1,
            title: { display: true, text: 'density (fraction of weights kept), log scale' },
            ticks: {
              callback: (v) => {
                const n = Number(v);
                const mant = n / 10 ** Math.floor(Math.log10(n) + 1e-9);
                return [1, 2, 5].some((m) => Math.abs(mant - m) < 1e-6) ? pct(n) : '';
              },
            },
            grid: { color: '#eef1f5' },
          },
          y: {
            type: 'logarithmic',
            title: { display: true, text: 'time per image (ms), log scale' },
            ticks: {
              callback: (v) => {
                const n = Number(v);
                const mant = n / 10 ** Math.floor(Math.log10(n) + 1e-9);
                return [1, 2, 5].some((m) => Math.abs(mant - m) < 1e-6) ? `${+n.toPrecision(3)}` : '';
              },
            },
            grid: { color: '#eef1f5' },
          },
        },
        plugins: {
          legend: { position: 'top', labels: { usePointStyle: true, boxWidth: 8 } },
          tooltip: {
            callbacks: {
              label: (item) => `${item.dataset.label}: ${pct(item.parsed.x ?? 0)} -> ${(item.parsed.y ?? 0).toFixed(3)} ms`,
            },
          },
        },
      },
    });
  }

  show(curve: PerfCurve): void {
    const pts = (ys: readonly number[]) => curve.densities.map((x, i) => ({ x, y: ys[i]! }));
    const datasets: ChartDataset<'scatter'>[] = [
      { label: 'predicted dense', data: pts(curve.denseMs), showLine: true, borderColor: DENSE, backgroundColor: DENSE, pointRadius: 0, borderWidth: 2 },
      { label: 'predicted sparse', data: pts(curve.sparseMs), showLine: true, borderColor: SPARSE, backgroundColor: SPARSE, pointRadius: 0, borderWidth: 2 },
    ];
    if (curve.measured.length > 0) {
      datasets.push({
        label: 'measured sparse', data: curve.measured.map((m) => ({ x: m.density, y: m.ms })), showLine: false,
        borderColor: SPARSE, backgroundColor: '#fff', pointRadius: 5, pointBorderWidth: 2, pointStyle: 'circle', clip: 10,
      });
    }
    if (curve.measuredDense) {
      datasets.push({
        label: 'measured dense', data: [{ x: 1, y: curve.measuredDense.ms }], showLine: false,
        borderColor: DENSE, backgroundColor: '#fff', pointRadius: 6, pointBorderWidth: 2, pointStyle: 'rectRot', clip: 10,
      });
    }
    this.chart.data.datasets = datasets;
    const plugins = this.chart.options.plugins as Record<string, unknown>;
    plugins['sparsecnnMarks'] = { useful: curve.useful, modelDensity: curve.layer.modelDensity } satisfies Marks;
    // Predicted sparse time grows far past dense near density 1 on some layers: keep the interesting part in view.
    const dense = Math.max(...curve.denseMs, curve.measuredDense?.ms ?? 0);
    const ys = [...curve.denseMs, ...curve.sparseMs, ...curve.measured.map((m) => m.ms), curve.measuredDense?.ms ?? dense]
      .filter((v) => Number.isFinite(v) && v > 0);
    const y = this.chart.options.scales!['y'] as { min?: number; max?: number };
    y.max = 10 ** Math.ceil(Math.log10(Math.min(Math.max(...ys), 4 * dense)));
    y.min = 10 ** Math.floor(Math.log10(Math.max(Math.min(...ys), y.max / 1e4)));
    this.chart.update();
  }
}
