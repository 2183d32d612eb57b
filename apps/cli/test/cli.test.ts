import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/main.js';
import { run } from './helpers.js';

describe('sparsecnn: usage and errors', () => {
  it('no arguments: prints help on stderr, exit 2', async () => {
    const r = await run();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: sparsecnn <command>');
  });

  it('--help at top level lists every command, exit 0', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(c.name);
  });

  it.each(COMMANDS.map((c) => c.name))('%s --help prints its usage, exit 0', async (name) => {
    const r = await run(name, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: sparsecnn ${name}`));
    const r2 = await run('help', name);
    expect(r2.stdout).toBe(r.stdout);
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['--frob'], /unknown option '--frob'/],
    [['classify', 'a.jpg', '--model', 'x.prototxt', '--weights', 'y', '--bogus'], /bogus/],
    [['classify', 'a.jpg', '--weights', 'y'], /--model/],
    [['classify', '--model', 'x', '--weights', 'y'], /no images/],
    [['classify', 'a.jpg', '--model', 'x', '--weights', 'y', '--batch', '0'], /--batch must be an integer/],
    [['classify', 'a.jpg', '--model', 'x', '--weights', 'y', '--mean', '1,x,3'], /--mean/],
    [['classify', 'a.jpg', '--model', 'x', '--weights', 'y', '--backend', 'gpu'], /--backend/],
    [['classify', 'a.jpg', '--model', 'x', '--weights', 'y', '--mean', '1,2,3', '--mean-file', 'm.npy'], /not both/],
    [['inspect'], /missing <deploy.prototxt>/],
    [['inspect', 'a', 'b', 'c'], /expected <prototxt>/],
    [['convert', 'a.caffemodel'], /expected <input> <output>/],
    [['convert', 'a.caffemodel', 'b.txt'], /output format/],
    [['convert', 'a.caffemodel', 'b.scnn', '--prune', '1.5'], /--prune/],
    [['demo', '--images', '-3'], /--images/],
    [['demo', 'extra'], /unexpected argument/],
  ])('usage error %j -> exit 2', async (argv, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/--help/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('a missing model file: exit 1, error [E_IO] naming the file, no stack', async () => {
    const r = await run('inspect', '/nonexistent/deploy.prototxt');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error \[E_IO\]: \/nonexistent\/deploy\.prototxt: prototxt not found/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const r2 = await run('classify', 'img.jpg', '--model', '/nonexistent/a.prototxt', '--weights', '/nonexistent/b.caffemodel');
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('/nonexistent/a.prototxt');
    const r3 = await run('convert', '/nonexistent/in.caffemodel', '/tmp/out.scnn');
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('/nonexistent/in.caffemodel');
  });

  it('--version', async () => {
    const r = await run('--version');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
