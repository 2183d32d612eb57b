import { describe, expect, it } from 'vitest';
import { Rng } from '@sparsecnn/tensor';
import {
  ALEXNET_CONV, paperProfile, evaluateLinear, fitNonNegative, layerCost, parseProfile, predictLayer, predictNetwork,
  usefulRange,
} from '@sparsecnn/perf-model';


const conv5 = ALEXNET_CONV[4]!;

describe('roofline model', () => {
  it("reproduces the paper's bounds for AlexNet conv5 (Xeon BDW and Atom)", () => {
    const bdw = usefulRange(paperProfile(2150e9, 3, 122e9), conv5);
    expect(bdw.minUsefulDensity).toBeCloseTo(0.0197, 3);
    expect(bdw.maxUsefulDensity).toBeCloseTo(1 / 3, 3);
    const atom = usefulRange(paperProfile(62e9, 1.2, 15e9), conv5);
    expect(atom.minUsefulDensity).toBeCloseTo(0.0109, 3);
    expect(atom.maxUsefulDensity).toBeCloseTo(1 / 1.2, 3);
  });

  it('predicts the paper speedup at x = 0.09 (3.7x BDW, 9.3x Atom) for conv2', () => {
    const conv2 = ALEXNET_CONV[1]!;
    expect(predictLayer(paperProfile(2150e9, 3, 122e9), conv2, 0.09).speedup).toBeCloseTo(3.7, 1);
    expect(predictLayer(paperProfile(62e9, 1.2, 15e9), conv2, 0.09).speedup).toBeCloseTo(9.26, 1);
  });

  it('counts AlexNet MACs as the literature does', () => {
    expect(ALEXNET_CONV.map((l) => Math.round(layerCost(l).macs / 1e5) / 10)).toEqual([105.4, 223.9, 149.5, 112.1, 74.8]);
  });

  it('network prediction picks the better kernel per layer', () => {
    const p = paperProfile(2150e9, 3, 122e9);
    const net = predictNetwork(p, ALEXNET_CONV, { conv2: 0.1, conv3: 0.05, conv4: 0.06, conv5: 0.09, conv1: 0.6 });
    expect(net.layers[0]!.choice).toBe('dense');
    expect(net.layers.slice(1).every((l) => l.choice === 'sparse')).toBe(true);
    expect(net.speedup).toBeGreaterThan(1);
    expect(net.bestMs).toBeLessThan(net.denseMs);
  });

  it('rejects bad densities and profiles with typed errors', () => {
    expect(() => predictLayer(paperProfile(1e9, 1, 1e9), conv5, 1.5)).toThrow(/density/);
    expect(() => parseProfile({ version: 99 }, 'p.json')).toThrow(expect.objectContaining({ code: 'E_VERSION' }));
    expect(() => parseProfile({ ...paperProfile(1e9, 1, 1e9), bandwidth: -1 })).toThrow(expect.objectContaining({ code: 'E_FORMAT' }));
  });
});

describe('non-negative least squares', () => {
  it('recovers known non-negative coefficients from noisy samples', () => {
    const rng = new Rng();
    const truth = [3e-9, 0, 5e-7, 1e-4];
    const rows: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 40; i++) {
      const x = [rng.uniform(1e5, 1e7), rng.uniform(0, 1e4), rng.uniform(10, 1e3), 1];
      rows.push(x);
      y.push(truth.reduce((s, c, j) => s + c * x[j]!, 0) * (1 + rng.uniform(-0.01, 0.01)));
    }
    const m = fitNonNegative(['a', 'b', 'c', 'd'], rows, y);
    expect(m.coef.every((c) => c >= 0)).toBe(true);
    expect(m.coef[0]! / truth[0]!).toBeCloseTo(1, 1);
    for (let i = 0; i < rows.length; i++) expect(Math.abs(evaluateLinear(m, rows[i]!) - y[i]!) / y[i]!).toBeLessThan(0.05);
  });
});
