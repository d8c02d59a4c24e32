/**
 * Checking many files on every core. The bundled CLI (dist/cli.js) starts worker threads on its
 * own file with the hidden subcommand `__check-worker`, which main.ts dispatches to
 * `runCheckWorker`. Run from sources (the tests) there is no bundle to start, and the files are
 * checked in this thread instead: same results, one core.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import type { RuleSettings } from '../service/diagnostics/settings';
import { checkFile, type FileResult } from './checkFile';
import type { ReadOptions } from './files';

export const WORKER_SUBCOMMAND = '__check-worker';

interface Task {
  id: number;
  file: string;
  settings?: RuleSettings;
  read?: ReadOptions;
}

/** Below this many files a worker's start-up (~50 ms, parsing the bundle) costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 24;

function bundlePath(): string | undefined {
  // `__filename` is the bundle when running dist/cli.js; under the test runner it is a .ts file.
  const f = typeof __filename === 'string' ? __filename : undefined;
  return f && f.endsWith('.js') && fs.existsSync(f) ? f : undefined;
}

export async function checkFiles(
  tasks: ReadonlyArray<{ file: string; settings?: RuleSettings }>,
  onResult: (index: number, result: FileResult) => void,
  options: { workers?: number; read?: ReadOptions } = {},
): Promise<void> {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const want = options.workers ?? Math.max(1, Math.min(cores, 8));
  const bundle = bundlePath();
  if (!bundle || want <= 1 || tasks.length < MIN_FILES_FOR_WORKERS) {
    tasks.forEach((t, i) => onResult(i, checkFile(t.file, t.settings, options.read)));
    return;
  }
  const count = Math.min(want, tasks.length);
  let next = 0;
  await new Promise<void>((resolve) => {
    let alive = count;
    const done = () => {
      if (--alive === 0) resolve();
    };
    for (let w = 0; w < count; w++) {
      let worker: Worker;
      try {
        worker = new Worker(bundle, { argv: [WORKER_SUBCOMMAND] });
      } catch {
        done();
        continue;
      }
      let current: number | undefined;
      const feed = () => {
        if (next >= tasks.length) {
          current = undefined;
          void worker.terminate();
          return;
        }
        current = next++;
        const t = tasks[current]!;
        worker.postMessage({ id: current, file: t.file, settings: t.settings, read: options.read } satisfies Task);
      };
      worker.on('message', (m: { id: number; result: FileResult }) => {
        onResult(m.id, m.result);
        feed();
      });
      worker.on('error', (e) => {
        // A crashed worker's file is checked here so it is not lost; the rest go to other workers.
        if (current !== undefined) {
          const t = tasks[current]!;
          onResult(current, checkFile(t.file, t.settings, options.read));
          current = undefined;
        }
        void e;
      });
      worker.on('exit', () => {
        if (current !== undefined) {
          const t = tasks[current]!;
          onResult(current, checkFile(t.file, t.settings, options.read));
        }
        done();
      });
      feed();
    }
  });
  // Files no worker took (every worker failed to start) are checked here.
  while (next < tasks.length) {
    const i = next++;
    onResult(i, checkFile(tasks[i]!.file, tasks[i]!.settings, options.read));
  }
}

/**
 * The worker side: check each file it is sent and post the result back. The promise never
 * settles: the parent terminates the worker when the files run out, and a dispatcher that calls
 * process.exit with the result must not end the thread early.
 */
export function runCheckWorker(): Promise<number> {
  if (isMainThread || !parentPort) {
    process.stderr.write('cable: __check-worker is internal to cable check\n');
    return Promise.resolve(2);
  }
  const port = parentPort;
  port.on('message', (t: Task) => {
    port.postMessage({ id: t.id, result: checkFile(t.file, t.settings, t.read) });
  });
  return new Promise<number>(() => undefined);
}
