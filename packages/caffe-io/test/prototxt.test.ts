import { isSparseCnnError } from '@sparsecnn/tensor';
import { describe, expect, it } from 'vitest';
import { parsePrototxt, parseTextProto } from '../src/index.js';
import { allPrototxts, haveData, readText } from './helpers.js';

function parseError(text: string, file = 'x.prototxt'): { code: string; line?: number; column?: number; message: string } {
  try {
    parsePrototxt(text, { file });
  } catch (e) {
    if (!isSparseCnnError(e)) throw e;
    return { code: e.code, line: e.context.line, column: e.context.column, message: e.message };
  }
  throw new Error('expected a parse error');
}

describe('parsePrototxt: syntax', () => {
  it('parses nested messages in both forms, repeated fields, enums and comments', () => {
    const { net, warnings } = parsePrototxt(`
      # a comment
      name: "tiny"   # trailing comment
      input: 'data'
      input_shape { dim: 1 dim: 3 dim: 8 dim: 8 }
      layer {
        name: "conv" type: "Convolution" bottom: "data" top: "conv";
        convolution_param: { num_output: 4, kernel_size: 3 pad: 1 stride: 2
          weight_filler < type: "xavier" > }
      }
      layer { name: "pool" type: "Pooling" bottom: "conv" top: "pool"
        pooling_param { pool: AVE kernel_size: 2 } }
    `);
    expect(warnings).toEqual([]);
    expect(net.name).toBe('tiny');
    expect(net.input).toEqual(['data']);
    expect(net.input_shape?.[0]?.dim).toEqual([1, 3, 8, 8]);
    expect(net.layer).toHaveLength(2);
    const conv = net.layer![0]!;
    expect(conv.convolution_param?.num_output).toBe(4);
    expect(conv.convolution_param?.kernel_size).toEqual([3]);
    expect(conv.convolution_param?.pad).toEqual([1]);
    expect(conv.convolution_param?.weight_filler?.type).toBe('xavier');
    expect(net.layer![1]!.pooling_param?.pool).toBe(1);
  });

  it('decodes string escapes in both quote styles and concatenates adjacent strings', () => {
    const { net } = parsePrototxt(String.raw`name: "a\"b" 'c\'d' "\n\t\\" '\101\x42\u00e9' "é"`);
    expect(net.name).toBe('a"bc\'d\n\t\\ABéé');
  });

  it('reads integers, floats, exponents, inf, nan and negatives', () => {
    const { net } = parsePrototxt(`
      input_dim: 0x10 input_dim: 010 input_dim: 7
      layer { type: "ReLU" relu_param { negative_slope: -1.5e-1 } }
      layer { type: "LRN" lrn_param { alpha: .5 beta: 2. k: 1e2 } }
      layer { type: "Scale" loss_weight: inf loss_weight: -inf loss_weight: nan loss_weight: 3 loss_weight: 2.5f }
    `);
    expect(net.input_dim).toEqual([16, 8, 7]);
    expect(net.layer![0]!.relu_param?.negative_slope).toBe(Math.fround(-0.15));
    expect(net.layer![1]!.lrn_param).toMatchObject({ alpha: 0.5, beta: 2, k: 100 });
    const lw = net.layer![2]!.loss_weight!;
    expect(lw.slice(0, 2)).toEqual([Infinity, -Infinity]);
    expect(Number.isNaN(lw[2])).toBe(true);
    expect(lw.slice(3)).toEqual([3, 2.5]);
  });

  it('accepts list syntax, bools in all spellings and enum numbers', () => {
    const { net } = parsePrototxt(`
      input_dim: [1, 2, 3]
      layer { transform_param { mirror: true mean_value: [104, 117, 123] } }
      layer { transform_param { mirror: f } }
      layer { transform_param { mirror: 1 } pooling_param { pool: 1 } }
    `);
    expect(net.input_dim).toEqual([1, 2, 3]);
    expect(net.layer![0]!.transform_param).toMatchObject({ mirror: true, mean_value: [104, 117, 123] });
    expect(net.layer![1]!.transform_param?.mirror).toBe(false);
    expect(net.layer![2]!.transform_param?.mirror).toBe(true);
    expect(net.layer![2]!.pooling_param?.pool).toBe(1);
  });

  it('warns (with the line) about unknown fields, messages and enum values, and keeps going', () => {
    const { net, warnings } = parsePrototxt(
      [
        'layer {',
        '  name: "c"',
        '  convolution_param { num_output: 2 conv_mode: DIRECT_SCONV }',
        '  mystery_param { a: 1 nested { b: "x" } list: [1, 2] }',
        '  pooling_param { pool: MEDIAN }',
        '}',
      ].join('\n'),
      { file: 'skim.prototxt' },
    );
    expect(net.layer![0]!.convolution_param?.num_output).toBe(2);
    expect(net.layer![0]!.pooling_param?.pool).toBeUndefined();
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^skim\.prototxt:3:37: unknown field 'conv_mode' in ConvolutionParameter/);
    expect(warnings[1]).toMatch(/^skim\.prototxt:4:3: unknown field 'mystery_param' in LayerParameter/);
    expect(warnings[2]).toMatch(/^skim\.prototxt:5:25: unknown value 'MEDIAN'/);
  });

  it('reports syntax errors as E_PARSE with file, line and column', () => {
    expect(parseError('layer {\n  name: "a"\n')).toMatchObject({ code: 'E_PARSE', line: 3, column: 1 });
    expect(parseError('layer {\n  name: "a\n}')).toMatchObject({ code: 'E_PARSE', line: 2 });
    expect(parseError('name "a"')).toMatchObject({ code: 'E_PARSE', line: 1, column: 6 });
    expect(parseError('layer { convolution_param { num_output: -1 } }')).toMatchObject({ code: 'E_PARSE' });
    expect(parseError('input_dim: 1.5')).toMatchObject({ code: 'E_PARSE' });
    expect(parseError('input_dim: 99999999999')).toMatchObject({ code: 'E_PARSE' });
    expect(parseError('layer { convolution_param { num_output: "x" } }')).toMatchObject({ code: 'E_PARSE', line: 1, column: 41 });
    expect(parseError('name: "a" name: "b"')).toMatchObject({ code: 'E_PARSE', line: 1, column: 11 });
    expect(parseError('}')).toMatchObject({ code: 'E_PARSE', line: 1, column: 1 });
    expect(parseError('layer { name: "a" >')).toMatchObject({ code: 'E_PARSE' });
    expect(parseError('layer: 3')).toMatchObject({ code: 'E_PARSE' });
    expect(parseError('name: "\\q"')).toMatchObject({ code: 'E_PARSE' });
    expect(parseError('input_dim: 12ab')).toMatchObject({ code: 'E_PARSE' });
    expect(parseError('name: @')).toMatchObject({ code: 'E_PARSE', column: 7 });
    const e = parseError('\n\n  layer { bogus: }', 'net.prototxt');
    expect(e.message).toMatch(/^net\.prototxt:3:/);
  });

  it('parses other message types (e.g. a BlobShape)', () => {
    expect(parseTextProto('dim: 2 dim: 3', 'BlobShape').net).toEqual({ dim: [2, 3] });
  });
});

describe('parsePrototxt: every prototxt under shared/data', () => {
  const files = allPrototxts();
  const present = haveData('models/lenet_mnist/lenet.prototxt');
  it.runIf(present)('finds the shared prototxts', () => {
    expect(files.length).toBeGreaterThanOrEqual(27);
  });
  // Expected warning counts: the SkimCaffe nets use fields only SkimCaffe's caffe.proto has; solver files are
  // SolverParameter, so every top-level field is unknown to NetParameter. All others parse without a warning.
  const expectedWarnings: Record<string, number> = {
    'models/lenet_mnist/lenet_solver.prototxt': 14,
    'models/squeezenet_v1.0/solver.prototxt': 17,
    'models/squeezenet_v1.1/solver.prototxt': 17,
    'models/skimcaffe/caffenet/test_direct_sconv.prototxt': 10,
    'models/skimcaffe/caffenet/test_direct_sconv_mkl.prototxt': 11,
    'models/skimcaffe/caffenet/train_val_convl1l2.prototxt': 8,
    'models/skimcaffe/caffenet/train_val_ft.prototxt': 5,
    'models/skimcaffe/googlenet/test_direct_sconv.prototxt': 20,
    'models/skimcaffe/googlenet/train_val_ft.prototxt': 25,
    'models/skimcaffe/googlenet/train_val_gesl.prototxt': 64,
    'models/skimcaffe/resnet50/ResNet-50-train-val-gesl.prototxt': 17,
  };
  for (const file of files) {
    it(`parses ${file}`, () => {
      const { net, warnings } = parsePrototxt(readText(file), { file });
      expect(warnings.length).toBe(expectedWarnings[file] ?? 0);
      for (const w of warnings) expect(w).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: unknown`));
      if (!file.includes('solver')) expect((net.layer?.length ?? 0) + (net.layers?.length ?? 0)).toBeGreaterThan(0);
    });
  }
  it.runIf(present)('reads the SkimCaffe-only fields as warnings, not failures', () => {
    const file = 'models/skimcaffe/caffenet/test_direct_sconv.prototxt';
    const { warnings } = parsePrototxt(readText(file), { file });
    expect(warnings.some((w) => w.includes("'conv_mode'"))).toBe(true);
    expect(warnings.some((w) => w.includes("'gemm_mode'"))).toBe(true);
  });
});
