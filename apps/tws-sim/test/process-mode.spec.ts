import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TestClient } from './support/ib-client';

const MAIN = join(__dirname, '..', 'dist', 'main.js');

/** The built CLI (build first): prints the ready line, serves clients, exits 0 on SIGTERM. */
describe('arctrigger-sim process', () => {
  it('prints "tws-sim ready" with its ports, serves a client and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--control-port', '0', '--clock', '2026-03-02T09:29:50-05:00', '--seed', '5'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout });
    const ready = await new Promise<{ port: number; controlPort: number }>((resolve, reject) => {
      lines.on('line', (line) => {
        const entry = JSON.parse(line) as { msg: string; port: number; controlPort: number };
        if (entry.msg === 'tws-sim ready') resolve(entry);
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const client = new TestClient(ready.port, 1);
    await client.connect();
    const health = await fetch(`http://127.0.0.1:${ready.controlPort}/state`);
    expect(((await health.json()) as { session: string }).session).toBe('premarket');
    client.disconnect();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('runs its clock at --clock-offset-ms from the wall clock, as the services do with ARCTRIGGER_CLOCK_OFFSET_MS', async () => {
    const offset = -3 * 24 * 3_600_000 + 12_345;
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--control-port', '0', '--clock-offset-ms', String(offset)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const lines = createInterface({ input: child.stdout });
      const ready = await new Promise<{ controlPort: number }>((resolve, reject) => {
        lines.on('line', (line) => {
          const entry = JSON.parse(line) as { msg: string; controlPort: number };
          if (entry.msg === 'tws-sim ready') resolve(entry);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      const before = Date.now();
      const state = (await (await fetch(`http://127.0.0.1:${ready.controlPort}/state`)).json()) as { now: string };
      const after = Date.now();
      expect(Date.parse(state.now)).toBeGreaterThanOrEqual(before + offset - 5);
      expect(Date.parse(state.now)).toBeLessThanOrEqual(after + offset + 5);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses --clock-offset-ms together with --clock or a speed other than 1', async () => {
    for (const args of [['--clock-offset-ms', '1000', '--clock', '2026-03-02T09:29:50-05:00'], ['--clock-offset-ms', '1000', '--speed', '2']]) {
      const child = spawn(process.execPath, [MAIN, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
      expect(code).toBe(2);
      expect(out).toMatch(/not both|speed 1/);
    }
  });

  it('exits 2 with a precise message on a bad scenario file', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--scenario', '/nonexistent/scenario.json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code).toBe(2);
    expect(out).toContain('/nonexistent/scenario.json: cannot read');
  });
});
