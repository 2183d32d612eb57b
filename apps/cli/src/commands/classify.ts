import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { SparseCnnError, isSparseCnnError, type NetDescription } from '@sparsecnn/tensor';
import type { Session } from '@sparsecnn/runtime';
import { UsageError, boolOpt, numberListOpt, numberOpt, parseCommandArgs, stringOpt } from '../lib/args.js';
import type { CliIo } from '../lib/cli-io.js';
import type { Command } from '../lib/command.js';
import {
  checkLabelCount, loadImageInto, preprocessOptionsFor, readLabels, resolvePreprocess, topKIndices, type ClassLabel,
  type ResolvedPreprocess,
} from '@sparsecnn/image/node';
import { backendsUsed, loadNet, modelMeanFile, openSession, parseBackend, readMeanFile, type CliBackend } from '../lib/model.js';
import { ProgressBar } from '../lib/progress.js';

const NAME = 'classify';

const HELP = `Usage: sparsecnn classify <images or folders...> --model <deploy.prototxt> --weights <model.caffemodel|.net|.scnn> [options]

Classify images with a Caffe model and print the top classes of each. A folder stands for the image files in it
(.jpg, .jpeg, .png, .webp, .gif, .tif, .tiff, .bmp, .avif), sorted by name. An image that cannot be read or
decoded (or that declares more than --max-pixels pixels) is reported on its own and the others are classified;
the exit code is then 1.

Preprocessing (Caffe's): colour models: resize to 256x256 (bilinear, aspect ignored), centre crop to the network
input size, RGB -> BGR, subtract the mean, multiply by the scale. Grayscale models (1 input channel): grayscale
image resized straight to the input size. Defaults come from the prototxt's transform_param where present.

Options:
  -m, --model <file>       deploy prototxt (required)
  -w, --weights <file>     .caffemodel, Deep Compression .net or compact .scnn (required)
  -l, --labels <file>      class names, one per line (e.g. synset_words.txt); one line per output class
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
      --max-pixels <n>     refuse images declaring more pixels than this (default 67108864)
      --json               print one JSON document instead of text (errors too)
      --progress           draw a progress bar on stderr even when it is not a terminal
      --no-progress        never draw a progress bar
  -h, --help               show this help

Exit codes: 0 every image classified, 1 some image failed or a model / data error, 2 usage error.

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
  'max-pixels': { type: 'string' },
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
  /** Refuse images declaring more pixels (width x height) than this; default @sparsecnn/image's DEFAULT_MAX_PIXELS. */
  readonly maxPixels?: number;
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

/** An image that could not be classified (unreadable, undecodable, too large): the run goes on without it. */
export interface ImageError {
  readonly file: string;
  readonly error: { readonly code: string; readonly message: string };
}

export interface ImageClassified {
  readonly file: string;
  readonly top: readonly ClassPrediction[];
}

/** One entry per image, in the order given: its top classes, or its error. */
export type ImageResult = ImageClassified | ImageError;

export function isImageError(r: ImageResult): r is ImageError {
  return 'error' in r;
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
  /** How many images failed (entries with `error`). */
  readonly failed: number;
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
  const opts = preprocessOptionsFor(net, {
    ...(o.meanValues !== undefined ? { meanValues: o.meanValues } : {}),
    ...(meanImage !== undefined ? { meanImage } : {}),
    ...(o.scale !== undefined ? { scale: o.scale } : {}),
    ...(o.resize !== undefined ? { resize: o.resize } : {}),
    ...(o.rgb ? { rgb: true } : {}),
  });
  return { pre: resolvePreprocess(opts), meanFile };
}

/** The number of classes an output blob holds per image, from the session's plan (null when unknown). */
function classesOf(session: Session, blob: string): number | null {
  for (const l of session.plan) {
    const j = l.tops.indexOf(blob);
    if (j >= 0 && l.outputShapes[j]) return l.outputShapes[j].slice(1).reduce((a, d) => a * d, 1);
  }
  return null;
}

function errorEntry(file: string, e: unknown): ImageError {
  if (isSparseCnnError(e)) return { file, error: { code: e.code, message: e.bareMessage() } };
  return { file, error: { code: 'E_INTERNAL', message: e instanceof Error ? e.message : String(e) } };
}

/** Run a classification in-process (the CLI command is a thin wrapper that prints this). */
export async function classify(o: ClassifyOptions): Promise<ClassifyResult> {
  const t0 = performance.now();
  const labels: ClassLabel[] | undefined = o.labels !== undefined ? await readLabels(o.labels) : undefined;
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
  let failed = 0;
  try {
    session = await openSession(net, {
      ...(o.backend !== undefined ? { backend: o.backend } : {}),
      ...(o.threads !== undefined ? { threads: o.threads } : {}),
      batch,
      ...(o.sparse !== undefined ? { sparse: o.sparse } : {}),
    });
    const outputName = o.output ?? session.outputNames[0];
    if (outputName === undefined) throw new SparseCnnError('E_SHAPE', 'the network has no output', { file: o.model });
    const planned = classesOf(session, outputName);
    if (o.output !== undefined && planned === null) {
      throw new SparseCnnError('E_ARGUMENT', `output blob '${outputName}' not found; outputs: ${session.outputNames.join(', ')}`, { file: o.model });
    }
    // A labels file for another model would name every class wrong: its line count must be the class count.
    if (labels !== undefined && planned !== null) checkLabelCount(labels, planned, o.labels);
    const outputLayer = net.layers.find((l) => l.tops.includes(outputName));
    const scoreKind = outputLayer?.type === 'Softmax' ? 'probability' : 'score';
    o.onReady?.({ scoreKind, backend: session.backend });
    const per = pre.channels * pre.height * pre.width;
    const decodeOptions = o.maxPixels !== undefined ? { maxPixels: o.maxPixels } : {};
    interface Decoded {
      /** Per file of the chunk: its row in `data`, or its error. */
      readonly entries: Array<{ file: string; row: number } | ImageError>;
      readonly rows: number;
      readonly data: Float32Array;
    }
    // Decode chunk k + 1 (sharp, on libuv threads) while chunk k runs. A file that fails becomes an error entry.
    const decode = async (start: number): Promise<Decoded> => {
      const files = o.images.slice(start, start + batch);
      const all = new Float32Array(files.length * per);
      const outcomes = await Promise.all(files.map(async (file, i) => {
        try {
          await loadImageInto(file, pre, all, i * per, decodeOptions);
          return null;
        } catch (e) {
          if (!isSparseCnnError(e)) throw e;
          return errorEntry(file, e);
        }
      }));
      // Pack the decoded images into the first rows.
      const entries: Decoded['entries'] = [];
      let rows = 0;
      files.forEach((file, i) => {
        const err = outcomes[i];
        if (err) {
          entries.push(err);
          return;
        }
        if (rows !== i) all.copyWithin(rows * per, i * per, (i + 1) * per);
        entries.push({ file, row: rows++ });
      });
      return { entries, rows, data: all.subarray(0, rows * per) };
    };
    let next: Promise<Decoded> | undefined = decode(0);
    // A rejected prefetch is awaited below; keep Node from reporting it as unhandled meanwhile.
    next.catch(() => {});
    for (let start = 0; next !== undefined; start += batch) {
      const { entries, rows, data } = await next;
      next = start + batch < o.images.length ? decode(start + batch) : undefined;
      next?.catch(() => {});
      let out: Float32Array | null = null;
      let classes = 0;
      if (rows > 0) {
        const t = performance.now();
        const outputs = await session.run({ [input.name]: { dtype: 'float32', shape: [rows, pre.channels, pre.height, pre.width], data } });
        forwardMs += performance.now() - t;
        const blob = outputs[outputName];
        if (!blob) {
          throw new SparseCnnError('E_ARGUMENT', `output blob '${outputName}' not found; outputs: ${Object.keys(outputs).join(', ')}`, { file: o.model });
        }
        out = blob.data;
        classes = out.length / rows;
        if (labels !== undefined) checkLabelCount(labels, classes, o.labels);
      }
      for (const entry of entries) {
        let result: ImageResult;
        if ('error' in entry) {
          result = entry;
          failed++;
        } else {
          const scores = out!.subarray(entry.row * classes, (entry.row + 1) * classes);
          const top = topKIndices(scores, Math.min(k, classes)).map((index) => {
            const l = labels?.[index];
            return { index, score: scores[index]!, ...(l?.wnid !== undefined ? { wnid: l.wnid } : {}), ...(l !== undefined ? { label: l.name } : {}) };
          });
          result = { file: entry.file, top };
        }
        results.push(result);
        o.onImage?.(result);
      }
    }
    const n = Math.max(1, o.images.length - failed);
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
      failed,
      msPerImage: { forward: forwardMs / n, total: (performance.now() - t0) / n },
    };
  } finally {
    session?.dispose();
  }
}

/**
 * One image's lines: the file, then rank, score (probability with 4 decimals, else 3), class index, name; or the
 * file and its error.
 */
export function formatImageText(img: ImageResult, probability: boolean): string {
  const lines = [img.file];
  if (isImageError(img)) {
    lines.push(`  error [${img.error.code}]: ${img.error.message}`);
    return `${lines.join('\n')}\n`;
  }
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

/** A fatal error as the JSON document `--json` prints: { error: { code, message, file?, line?, layer? } }. */
export function errorJson(e: unknown): { error: Record<string, unknown> } {
  if (e instanceof UsageError) return { error: { code: 'E_USAGE', message: e.message } };
  if (isSparseCnnError(e)) return { error: { code: e.code, message: e.bareMessage(), ...e.context } };
  return { error: { code: 'E_INTERNAL', message: e instanceof Error ? e.message : String(e) } };
}

export const classifyCommand: Command = {
  name: NAME,
  summary: 'classify images with a Caffe model (top-k classes with names)',
  help: HELP,
  async run(argv: readonly string[], io: CliIo): Promise<number> {
    if (!argv.includes('--json')) return runClassify(argv, io, false);
    // --json: a fatal error is a JSON document too (on stdout, where the result would have been).
    try {
      return await runClassify(argv, io, true);
    } catch (e) {
      io.out(`${JSON.stringify(errorJson(e), null, 2)}\n`);
      return e instanceof UsageError ? 2 : 1;
    }
  },
};

async function runClassify(argv: readonly string[], io: CliIo, jsonRequested: boolean): Promise<number> {
  {
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
    const maxPixels = numberOpt(values, 'max-pixels', NAME, { integer: true, min: 1 });
    const json = boolOpt(values, 'json') || jsonRequested;
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
      ...(maxPixels !== undefined ? { maxPixels } : {}),
      onImage: (img) => {
        if (!json) {
          bar.clear();
          if (isImageError(img)) io.err(`error [${img.error.code}]: ${img.file}: ${img.error.message}\n`);
          else io.out(formatImageText(img, probability ?? false));
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
      const ok = result.images.length - result.failed;
      io.err(
        `${ok} image(s) on ${result.backends.join(' + ')}: ${result.msPerImage.forward.toFixed(2)} ms/image forward, ` +
          `${result.msPerImage.total.toFixed(2)} ms/image total (${basename(result.weights)})` +
          (result.failed > 0 ? `; ${result.failed} of ${result.images.length} image(s) failed` : '') + '\n',
      );
    }
    return result.failed > 0 ? 1 : 0;
  }
}
