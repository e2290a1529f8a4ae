import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..');
const PY = '/usr/bin/python3';

/** A PyTorch process kept alive (torch_bench.py --serve) so its runs interleave with onnxruntime's. */
export class TorchServer {
  private readonly lines: string[] = [];
  parameters: number | undefined;
  private waiting: ((line: string) => void) | undefined;
  private constructor(private readonly proc: ChildProcessWithoutNullStreams) {
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const w = this.waiting;
      this.waiting = undefined;
      if (w) w(line);
      else this.lines.push(line);
    });
  }

  static async start(source: string[], inputsPath: string): Promise<TorchServer | string> {
    if (spawnSync(PY, ['-c', 'import torch'], { encoding: 'utf8' }).status !== 0) return 'PyTorch not available (/usr/bin/python3 with torch)';
    if (source[0] === '--checkpoint' && !existsSync(source[1] as string)) return `no checkpoint ${source[1]}`;
    const proc = spawn(PY, [join(ROOT, 'models/tools/bench/torch_bench.py'), ...source, '--inputs', inputsPath, '--serve']);
    const server = new TorchServer(proc);
    const ready = await Promise.race([server.next(), new Promise<string>((r) => proc.on('exit', () => r('{}')))]);
    const info = JSON.parse(ready) as { ready?: boolean; parameters?: number };
    server.parameters = info.parameters;
    return info.ready ? server : 'PyTorch process failed to start';
  }

  private next(): Promise<string> {
    const l = this.lines.shift();
    return l !== undefined ? Promise.resolve(l) : new Promise((r) => (this.waiting = r));
  }

  async ask<T>(request: string): Promise<T> {
    this.proc.stdin.write(`${request}\n`);
    return JSON.parse(await this.next()) as T;
  }

  stop(): void {
    this.proc.stdin.end();
  }
}

