import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { InspectResult } from '../src/commands/inspect.js';
import { dataPath, dataTest, run, tempDir } from './helpers.js';

const LENET = ['models/lenet_mnist/lenet.prototxt', 'models/lenet_mnist/lenet_iter_10000.caffemodel'];
const SQZ = ['models/squeezenet_deep_compression/SqueezeNet_deploy.prototxt', 'models/squeezenet_deep_compression/compressed_SqueezeNet.net'];

describe('inspect', () => {
  dataTest('LeNet without and with weights: shapes, parameters, MACs, density', LENET, async () => {
    const r = await run('inspect', dataPath(LENET[0]!), '--json');
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as InspectResult;
    const byName = new Map(a.layers.map((l) => [l.name, l]));
    expect(byName.get('conv1')!.outputShape).toEqual([1, 20, 24, 24]);
    expect(byName.get('pool2')!.outputShape).toEqual([1, 50, 4, 4]);
    expect(byName.get('ip1')!.params).toBe(800 * 500 + 500);
    // conv1 20*24*24*25 + conv2 50*8*8*500 + ip1 800*500 + ip2 500*10
    expect(a.totals.macs).toBe(288000 + 1600000 + 400000 + 5000);
    expect(a.totals.params).toBe(431080);
    expect(a.totals.density).toBeNull();
    const w = await run('inspect', dataPath(LENET[0]!), dataPath(LENET[1]!), '--json');
    const b = JSON.parse(w.stdout) as InspectResult;
    expect(b.totals.nonZeros).toBe(b.totals.weights); // the trained LeNet is dense
    expect(b.totals.compactBytes).toBeGreaterThan(b.totals.denseBytes * 0.99);
    const text = await run('inspect', dataPath(LENET[0]!), dataPath(LENET[1]!));
    expect(text.stdout).toMatch(/^conv2\s+Convolution\s+50x8x8\s+25\.1k\s+1\.60M\s+dense\s+100\.0%/m);
  });

  dataTest("Deep Compression SqueezeNet: 1,244,448 weights, 415,921 non-zero (the MANIFEST's count)", SQZ, async () => {
    const r = await run('inspect', dataPath(SQZ[0]!), dataPath(SQZ[1]!), '--json');
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as InspectResult;
    expect(a.totals.weights).toBe(1244448);
    expect(a.totals.nonZeros).toBe(415921);
    expect(a.outputs).toEqual([{ name: 'pool_final', shape: [1, 1000, 1, 1] }]);
    const final = a.layers.find((l) => l.name === 'conv_final')!;
    expect(final.density!).toBeCloseTo(0.2, 2);
    expect(final.kernel).toBe('sparse');
    expect(final.compactBytes!).toBeLessThan(final.denseBytes / 2);
  });

  dataTest('bad files: typed errors naming the file, exit 1', LENET, async () => {
    const tmp = tempDir();
    try {
      const bad = join(tmp.dir, 'bad.caffemodel');
      writeFileSync(bad, new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]));
      const r = await run('inspect', dataPath(LENET[0]!), bad);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error \[E_(FORMAT|TRUNCATED)\]: .*bad\.caffemodel/);
      const proto = join(tmp.dir, 'broken.prototxt');
      writeFileSync(proto, 'name: "x"\nlayer {\n  name: "a"\n  type: "Convolution"\n  bottom: "data"\n');
      const p = await run('inspect', proto);
      expect(p.code).toBe(1);
      expect(p.stderr).toMatch(/^error \[E_PARSE\]: .*broken\.prototxt:\d+/);
      const unknown = join(tmp.dir, 'unknown.prototxt');
      writeFileSync(unknown, 'input: "data"\ninput_dim: 1\ninput_dim: 1\ninput_dim: 8\ninput_dim: 8\nlayer { name: "w" type: "Warp" bottom: "data" top: "w" }\n');
      const u = await run('inspect', unknown);
      expect(u.code).toBe(1);
      expect(u.stderr).toMatch(/^error \[E_UNSUPPORTED\]: .*'w'.*Warp|^error \[E_UNSUPPORTED\]: .*Warp.*'w'/);
      const img = join(tmp.dir, 'notanimage.png');
      writeFileSync(img, 'hello');
      const c = await run('classify', img, '--model', dataPath(LENET[0]!), '--weights', dataPath(LENET[1]!));
      expect(c.code).toBe(1);
      expect(c.stderr).toMatch(/^error \[E_FORMAT\]: .*notanimage\.png: cannot decode image/);
    } finally {
      tmp.cleanup();
    }
  });
});
