/** A typed request/response client for the compute worker. */
import type { Method, ProgressInfo, RequestMessage, ResponseMessage, WorkerApi } from './protocol.js';

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
  onProgress?: (p: ProgressInfo) => void;
}

export class WorkerError extends Error {
  override readonly name = 'WorkerError';
  constructor(message: string, readonly code: string | null) {
    super(message);
  }
}

export class WorkerClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly worker: Worker, onFatal: (message: string) => void) {
    worker.onmessage = (ev: MessageEvent<ResponseMessage>) => {
      const m = ev.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.kind === 'progress') p.onProgress?.(m.progress);
      else {
        this.pending.delete(m.id);
        if (m.kind === 'result') p.resolve(m.result);
        else p.reject(new WorkerError(m.error.message, m.error.code));
      }
    };
    const fail = (message: string) => {
      onFatal(message);
      for (const p of this.pending.values()) p.reject(new WorkerError(message, null));
      this.pending.clear();
    };
    worker.onerror = (ev: ErrorEvent) => {
      ev.preventDefault();
      fail(`the compute worker failed: ${ev.message || 'could not load the worker script'}`);
    };
    worker.onmessageerror = () => fail('a message from the compute worker could not be read');
  }

  call<M extends Method>(
    method: M, params: WorkerApi[M][0], options: { onProgress?: (p: ProgressInfo) => void; transfer?: Transferable[] } = {},
  ): Promise<WorkerApi[M][1]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve, reject,
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      const msg: RequestMessage<M> = { id, method, params };
      this.worker.postMessage(msg, options.transfer ?? []);
    });
  }
}
