import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { SparseCnnError, type NetDescription } from '@sparsecnn/tensor';
import type { Session } from '@sparsecnn/runtime';
import { UsageError, boolOpt, numberListOpt, numberOpt, parseCommandArgs, stringOpt } from '../lib/args.js';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import { readLabels, topK, type ClassLabel } from '../lib/labels.js';
import { backendsUsed, loadNet, modelMeanFile, openSession, parseBackend, readMeanFile, type CliBackend } from '../lib/model.js';
import { loadImageInput, resolvePreprocess, type PreprocessOptions, type ResolvedPreprocess } from '../lib/preprocess.js';
import { ProgressBar } from '../lib/progress.js';

const NAME = 'classify';

const HELP = `Usage: sparsecnn classify <images or folders...> --model <deploy.prototxt> --weights <model.caffemodel|.net|.scnn> [options]

Classify images with a Caffe model and print the top classes of each. A folder stands for the image files in it
(.jpg, .jpeg, .png, .webp, .gif, .tif, .tiff, .bmp, .avif), sorted by name.

Preprocessing (Caffe's): colour models: resize to 256x256 (bilinear, aspect ignored), centre crop to the network
input size, RGB -> BGR, subtract the mean, multiply by the scale. Grayscale models (1 input channel): grayscale
image resized straight to the input size. Defaults come from the prototxt's transform_param where present.

Options:
  -m, --model <file>       deploy prototxt (required)
  -w, --weights <file>     .caffemodel, Deep Compression .net or compact .scnn (required)
  -l, --labels <file>      class names, one per line (e.g. synset_words.txt)
      --mean <b,g,r>       per-channel mean in network (BGR) order, e.g. 104,117,123
      --mean-file <file>   mean image: numpy .npy [C,H,W] or Caffe .binaryproto
      --scale <x>          multiply after mean subtraction (LeNet: 0.00390625)
      --resize <n|HxW>     size before the centre crop (default 256, at least the input size)
      --rgb                keep RGB channel order (default BGR for colour models)
  -k, --top <k>            how many classes to print (default 5)
      --batch <n>          images per forward pass (default 8)
      --backend <name>     native, wasm or js (default: the best that loads)
      --threads <n>        native worker threads (default: all cores, or $SPARSECNN_THREADS)
      --sparse <mode>      auto, always or never: dense or sparse kernels (default auto, by weight density)
      --output <blob>      output blob to read (default: the network's first output)
      --json               print one JSON document instead of text
      --progress           draw a progress bar on stderr even when it is not a terminal
      --no-progress        never draw a progress bar
  -h, --help               show this help

Example:
  sparsecnn classify cat.jpg --model SqueezeNet_deploy.prototxt --weights compressed_SqueezeNet.net \\
    --mean 104,117,123 --labels synset_words.txt
`;

const OPTIONS = {
  model: { type: 'string', short: 'm' },
  weights: { type: 'string', short: 'w' },
  labels: { type: 'string', short: 'l' },
  mean: { type: 'string' },
  'mean-file': { type: 'string' },
  scale: { type: 'string' },
  resize: { type: 'string' },
  rgb: { type: 'boolean' },
  top: { type: 'string', short: 'k' },
  batch: { type: 'string' },
  backend: { type: 'string' },
  threads: { type: 'string' },
  sparse: { type: 'string' },
  output: { type: 'string' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
} as const;

export interface ClassifyOptions {
  readonly images: readonly string[];
  readonly model: string;
  readonly weights: string;
  readonly labels?: string;
  readonly meanValues?: readonly number[];
  readonly meanFile?: string;
  readonly scale?: number;
  readonly resize?: readonly [number, number];
  readonly rgb?: boolean;
  readonly top?: number;
  readonly batch?: number;
  readonly backend?: CliBackend;
  readonly threads?: number;
  readonly sparse?: 'auto' | 'always' | 'never';
  readonly output?: string;
  /** Called after each image with its result (progress, streaming output). */
  readonly onImage?: (result: ImageResult) => void;
  /** Receives notes for the user (prototxt warnings, a missing mean). */
  readonly onNote?: (note: string) => void;
  /** Called once the model is loaded, before the first image. */
  readonly onReady?: (info: { readonly scoreKind: 'probability' | 'score'; readonly backend: string }) => void;
}

export interface ClassPrediction {
  readonly index: number;
  readonly score: number;
  readonly wnid?: string;
  readonly label?: string;
}

export interface ImageResult {
  readonly file: string;
  readonly top: readonly ClassPrediction[];
}

export interface ClassifyResult {
  readonly model: string;
  readonly weights: string;
  readonly backend: string;
  readonly backends: readonly string[];
  readonly input: { readonly name: string; readonly shape: readonly number[] };
  readonly output: string;
  /** 'probability' when the network ends in Softmax, else 'score' (logits). */
  readonly scoreKind: 'probability' | 'score';
  readonly preprocess: {
    readonly resize: readonly [number, number];
    readonly crop: readonly [number, number];
    readonly bgr: boolean;
    readonly meanValues: readonly number[] | null;
    readonly meanFile: string | null;
    readonly scale: number;
  };
  readonly images: readonly ImageResult[];
  /** Wall time of the forward passes (decode excluded) and of everything, per image, in ms. */
  readonly msPerImage: { readonly forward: number; readonly total: number };
}

const IMAGE_EXTS = ['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.bmp', '.avif'];

/** Image arguments: files as given; a directory stands for its image files (by extension, sorted by name). */
export function expandImageArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    let isDir = false;
    try {
      isDir = statSync(a).isDirectory();
    } catch {
      // a missing file is reported, with its name, when it is decoded
    }
    if (!isDir) {
      out.push(a);
      continue;
    }
    const names = readdirSync(a)
      .filter((n) => IMAGE_EXTS.includes(extname(n).toLowerCase()))
      .sort();
    for (const n of names) out.push(join(a, n));
  }
  return out;
}

function parseResize(raw: string | undefined): [number, number] | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)(?:x(\d+))?$/.exec(raw.trim());
  const h = m ? Number(m[1]) : NaN;
  const w = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || h < 1 || w < 1) throw new UsageError(`--resize must be <n> or <H>x<W>, got '${raw}'`, NAME);
  return [h, w];
}

/** Build the preprocessing from the model's transform and the options (flags win). */
export function preprocessFor(net: NetDescription, o: Pick<ClassifyOptions, 'model' | 'meanValues' | 'meanFile' | 'scale' | 'resize' | 'rgb'>): {
  pre: ResolvedPreprocess;
  meanFile: string | null;
} {
  const input = net.inputs[0];
  if (!input) throw new SparseCnnError('E_SHAPE', 'the network has no input', { file: o.model });
  if (input.shape.length !== 4) {
    throw new SparseCnnError('E_SHAPE', `input '${input.name}' is [${input.shape.join(', ')}], expected N x C x H x W for images`, { file: o.model });
  }
  const [, c, h, w] = input.shape as [number, number, number, number];
  const t = net.transform;
  let meanFile: string | null = null;
  let meanImage = o.meanValues === undefined ? t?.meanImage : undefined;
  if (o.meanFile !== undefined) {
    meanImage = readMeanFile(o.meanFile);
    meanFile = o.meanFile;
  } else if (o.meanValues === undefined && meanImage === undefined && t?.meanValues === undefined) {
    const f = modelMeanFile(net, o.model);
    if (f !== undefined) {
      meanImage = readMeanFile(f);
      meanFile = f;
    }
  }
  const meanValues = o.meanValues ?? (meanImage === undefined ? t?.meanValues : undefined);
  const opts: PreprocessOptions = {
    channels: c,
    height: h,
    width: w,
    ...(o.resize !== undefined ? { resize: o.resize } : {}),
    bgr: !o.rgb && c === 3,
    ...(meanValues !== undefined ? { meanValues } : {}),
    ...(meanImage !== undefined ? { meanImage } : {}),
    scale: o.scale ?? t?.scale ?? 1,
  };
  return { pre: resolvePreprocess(opts), meanFile };
}

/** Run a classification in-process (the CLI command is a thin wrapper that prints this). */
export async function classify(o: ClassifyOptions): Promise<ClassifyResult> {
  const t0 = performance.now();
  const labels: ClassLabel[] | undefined = o.labels !== undefined ? readLabels(o.labels) : undefined;
  const net = await loadNet(o.model, o.weights, o.onNote);
  const { pre, meanFile } = preprocessFor(net, o);
  if (pre.channels === 3 && pre.meanValues === undefined && pre.meanImage === undefined) {
    o.onNote?.('no mean given and the prototxt declares none: pixels are used as they are (Caffe ImageNet models usually need --mean 104,117,123 or --mean-file)');
  }
  const input = net.inputs[0]!;
  const batch = Math.max(1, Math.min(o.batch ?? 8, o.images.length));
  const k = o.top ?? 5;
  let session: Session | undefined;
  const results: ImageResult[] = [];
  let forwardMs = 0;
  try {
    session = await openSession(net, {
      ...(o.backend !== undefined ? { backend: o.backend } : {}),
      ...(o.threads !== undefined ? { threads: o.threads } : {}),
      batch,
      ...(o.sparse !== undefined ? { sparse: o.sparse } : {}),
    });
    const outputName = o.output ?? session.outputNames[0];
    if (outputName === undefined) throw new SparseCnnError('E_SHAPE', 'the network has no output', { file: o.model });
    const outputLayer = net.layers.find((l) => l.tops.includes(outputName));
    const scoreKind = outputLayer?.type === 'Softmax' ? 'probability' : 'score';
    o.onReady?.({ scoreKind, backend: session.backend });
    const per = pre.channels * pre.height * pre.width;
    // Decode batch k + 1 (sharp, on libuv threads) while batch k runs.
    const decode = async (start: number): Promise<{ files: string[]; data: Float32Array }> => {
      const files = o.images.slice(start, start + batch);
      const data = new Float32Array(files.length * per);
      await Promise.all(files.map((f, i) => loadImageInput(f, pre, data, i * per)));
      return { files, data };
    };
    let next: Promise<{ files: string[]; data: Float32Array }> | undefined = decode(0);
    // A rejected prefetch is awaited below; keep Node from reporting it as unhandled meanwhile.
    next.catch(() => {});
    for (let start = 0; next !== undefined; start += batch) {
      const { files, data } = await next;
      next = start + batch < o.images.length ? decode(start + batch) : undefined;
      next?.catch(() => {});
      const t = performance.now();
      const outputs = await session.run({ [input.name]: { dtype: 'float32', shape: [files.length, pre.channels, pre.height, pre.width], data } });
      forwardMs += performance.now() - t;
      const out = outputs[outputName];
      if (!out) {
        throw new SparseCnnError('E_ARGUMENT', `output blob '${outputName}' not found; outputs: ${Object.keys(outputs).join(', ')}`, { file: o.model });
      }
      const classes = out.data.length / files.length;
      files.forEach((file, i) => {
        const scores = out.data.subarray(i * classes, (i + 1) * classes);
        const top = topK(scores, Math.min(k, classes)).map((index) => {
          const l = labels?.[index];
          return { index, score: scores[index]!, ...(l?.wnid !== undefined ? { wnid: l.wnid } : {}), ...(l !== undefined ? { label: l.name } : {}) };
        });
        const result = { file, top };
        results.push(result);
        o.onImage?.(result);
      });
    }
    const n = Math.max(1, o.images.length);
    return {
      model: o.model,
      weights: o.weights,
      backend: session.backend,
      backends: backendsUsed(session),
      input: { name: input.name, shape: [...input.shape] },
      output: outputName,
      scoreKind,
      preprocess: {
        resize: pre.resize,
        crop: [pre.height, pre.width],
        bgr: pre.bgr,
        meanValues: pre.meanValues ?? null,
        meanFile,
        scale: pre.scale,
      },
      images: results,
      msPerImage: { forward: forwardMs / n, total: (performance.now() - t0) / n },
    };
  } finally {
    session?.dispose();
  }
}

/** One image's lines: the file, then rank, score (probability with 4 decimals, else 3), class index, name. */
export function formatImageText(img: ImageResult, probability: boolean): string {
  const lines = [img.file];
  img.top.forEach((p, i) => {
    const name = p.label !== undefined ? `  ${p.wnid !== undefined ? `${p.wnid} ` : ''}${p.label}` : '';
    const score = probability ? p.score.toFixed(4) : p.score.toFixed(3);
    lines.push(`  ${String(i + 1).padStart(2)}. ${score.padStart(9)}  ${String(p.index).padStart(4)}${name}`);
  });
  return `${lines.join('\n')}\n`;
}

export function formatClassifyText(r: ClassifyResult): string {
  return r.images.map((img) => formatImageText(img, r.scoreKind === 'probability')).join('');
}

export const classifyCommand: Command = {
  name: NAME,
  summary: 'classify images with a Caffe model (top-k classes with names)',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals: args } = parseCommandArgs(argv, OPTIONS, NAME);
    const positionals = expandImageArgs(args);
    const model = stringOpt(values, 'model');
    const weights = stringOpt(values, 'weights');
    if (args.length === 0) throw new UsageError('no images given', NAME);
    if (positionals.length === 0) throw new SparseCnnError('E_IO', `no image files (${IMAGE_EXTS.join(', ')}) in ${args.join(', ')}`);
    if (model === undefined) throw new UsageError('--model <deploy.prototxt> is required', NAME);
    if (weights === undefined) throw new UsageError('--weights <file> is required', NAME);
    const sparse = stringOpt(values, 'sparse');
    if (sparse !== undefined && !['auto', 'always', 'never'].includes(sparse)) {
      throw new UsageError(`--sparse must be auto, always or never, got '${sparse}'`, NAME);
    }
    const meanValues = numberListOpt(values, 'mean', NAME);
    const meanFile = stringOpt(values, 'mean-file');
    if (meanValues !== undefined && meanFile !== undefined) throw new UsageError('give --mean or --mean-file, not both', NAME);
    const showProgress = !boolOpt(values, 'no-progress') && (boolOpt(values, 'progress') || io.errIsTTY) && positionals.length > 1;
    const bar = new ProgressBar(io, positionals.length, 'classify', showProgress);
    const labels = stringOpt(values, 'labels');
    const scale = numberOpt(values, 'scale', NAME);
    const resize = parseResize(stringOpt(values, 'resize'));
    const top = numberOpt(values, 'top', NAME, { integer: true, min: 1 });
    const batch = numberOpt(values, 'batch', NAME, { integer: true, min: 1, max: 4096 });
    const backend = parseBackend(stringOpt(values, 'backend'), NAME);
    const threads = numberOpt(values, 'threads', NAME, { integer: true, min: 1, max: 256 });
    const output = stringOpt(values, 'output');
    const json = boolOpt(values, 'json');
    // Text results are printed as each batch finishes (scores are probabilities when the net ends in Softmax).
    let probability: boolean | undefined;
    const result = await classify({
      images: positionals,
      model,
      weights,
      ...(labels !== undefined ? { labels } : {}),
      ...(meanValues !== undefined ? { meanValues } : {}),
      ...(meanFile !== undefined ? { meanFile } : {}),
      ...(scale !== undefined ? { scale } : {}),
      ...(resize !== undefined ? { resize } : {}),
      rgb: boolOpt(values, 'rgb'),
      ...(top !== undefined ? { top } : {}),
      ...(batch !== undefined ? { batch } : {}),
      ...(backend !== undefined ? { backend } : {}),
      ...(threads !== undefined ? { threads } : {}),
      ...(sparse !== undefined ? { sparse: sparse as 'auto' | 'always' | 'never' } : {}),
      ...(output !== undefined ? { output } : {}),
      onImage: (img) => {
        if (!json) {
          bar.clear();
          io.out(formatImageText(img, probability ?? false));
        }
        bar.tick();
      },
      onNote: (note) => io.err(`note: ${note}\n`),
      onReady: (info) => {
        probability = info.scoreKind === 'probability';
      },
    });
    bar.finish();
    if (json) {
      io.out(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      io.err(
        `${result.images.length} image(s) on ${result.backends.join(' + ')}: ${result.msPerImage.forward.toFixed(2)} ms/image forward, ` +
          `${result.msPerImage.total.toFixed(2)} ms/image total (${basename(result.weights)})\n`,
      );
    }
    return 0;
  },
};
