import type { Options } from 'tsup';

export interface LibConfigOptions {
  /** Entry points, e.g. { index: 'src/index.ts', node: 'src/node.ts' }. */
  entry: Record<string, string>;
  /** Output formats; default ESM + CJS. */
  format?: Array<'esm' | 'cjs'>;
  /** Build for the browser and Node alike ('neutral') or Node only. Default 'neutral'. */
  platform?: 'neutral' | 'node' | 'browser';
  /** Modules never bundled (beyond dependencies, which tsup keeps external). */
  external?: string[];
  /** Add a `#!/usr/bin/env node` banner (CLI entries). */
  shebang?: boolean;
  /** Emit .d.ts; default true. */
  dts?: boolean;
}

export declare function defineLibConfig(options: LibConfigOptions): Options;
