import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { SanctionsList } from "./ofac.js";
import { DEFAULT_NAME_THRESHOLD, type LoadedPublication, type NameHit, type ScreeningSubject } from "./types.js";
import type { WorkerRequest, WorkerResponse } from "./worker.js";

interface Pending {
  resolve: (response: WorkerResponse & { ok: true }) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** Workers restarted with the current publication within a minute before the pool stops giving it again. */
const MAX_RESTARTS_PER_MINUTE = 3;

/** Most subjects screened in one call. */
export const MAX_SUBJECTS_PER_CALL = 1_000;

/**
 * Starts one screening worker. Compiled (dist/), the worker is the `worker.js` beside this file. Run from
 * the TypeScript sources (tests, benchmarks), the worker first registers the same TypeScript loader (tsx)
 * and then imports `worker.ts`.
 */
function startWorker(): Worker {
  const self = import.meta.url;
  if (self.endsWith(".js")) return new Worker(new URL("./worker.js", self));
  const tsx = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./worker.ts", self).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

/**
 * Screens off the event loop: the index lives in worker threads (each holds its own copy, built once per
 * publication); `screen` never blocks the caller's loop. A call's subjects are shared out over the workers.
 * A worker that dies is replaced and given the current publication again (at most three times a minute); the
 * calls it had fail.
 */
export class ScreeningPool {
  private readonly slots: Slot[] = [];
  private list: SanctionsList | undefined;
  private info: LoadedPublication | undefined;
  private nextId = 1;
  private turn = 0;
  private closed = false;
  private restarts: number[] = [];

  /** `threads`: workers to run (default: the cores less one for the event loop, at least one, at most four). */
  constructor(options: { threads?: number } = {}) {
    const threads = options.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1));
    if (!Number.isInteger(threads) || threads < 1 || threads > 64) throw new Error(`threads must be an integer from 1 to 64, not ${threads}`);
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(), pending: new Map() };
    const fail = (error: Error) => {
      for (const p of slot.pending.values()) p.reject(error);
      slot.pending.clear();
    };
    slot.worker.on("message", (response: WorkerResponse) => {
      const p = slot.pending.get(response.id);
      if (!p) return;
      slot.pending.delete(response.id);
      if (response.ok) p.resolve(response);
      else p.reject(new Error(response.error));
    });
    slot.worker.on("error", (error) => fail(error));
    slot.worker.on("exit", (code) => {
      fail(new Error(`screening worker stopped (exit code ${code})`));
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      const fresh = this.spawn();
      this.slots[i] = fresh;
      // A publication that keeps killing workers is not given again: the new worker refuses to screen
      // until the next load (fail closed), instead of dying in a loop.
      const now = Date.now();
      this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
      if (this.list && this.restarts.length <= MAX_RESTARTS_PER_MINUTE) this.send(fresh, { op: "load", list: this.list }).catch(() => undefined);
    });
    slot.worker.unref();
    return slot;
  }

  private send(
    slot: Slot,
    request: { op: "load"; list: SanctionsList } | { op: "screen"; subjects: ScreeningSubject[]; threshold: number },
  ): Promise<WorkerResponse & { ok: true }> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ ...request, id } as WorkerRequest);
    }).finally(() => {
      if (slot.pending.size === 0) slot.worker.unref();
    }) as Promise<WorkerResponse & { ok: true }>;
  }

  /** Indexes `list` (once per worker) and makes it the publication screened against. */
  async load(list: SanctionsList): Promise<LoadedPublication> {
    if (this.closed) throw new Error("the screening pool is closed");
    await Promise.all(this.slots.map((slot) => this.send(slot, { op: "load", list })));
    this.list = list;
    this.info = {
      source: list.source,
      publishedAt: list.publishedAt,
      parties: list.entries.length,
      names: list.entries.reduce((n, e) => n + 1 + e.aliases.length, 0),
    };
    return this.info;
  }

  /** The loaded publication, or undefined before the first load. */
  get loaded(): LoadedPublication | undefined {
    return this.info;
  }

  /** One result array per subject, in order. Throws when no publication is loaded. */
  async screen(subjects: ScreeningSubject[], threshold = DEFAULT_NAME_THRESHOLD): Promise<NameHit[][]> {
    return (await this.screenTimed(subjects, threshold)).hits;
  }

  /** As `screen`, with the time each subject took inside its worker (milliseconds). */
  async screenTimed(subjects: ScreeningSubject[], threshold = DEFAULT_NAME_THRESHOLD): Promise<{ hits: NameHit[][]; millis: number[] }> {
    if (this.closed) throw new Error("the screening pool is closed");
    if (!this.info) throw new Error("no sanctions publication is loaded: load one before screening");
    if (!(threshold > 0 && threshold <= 1)) throw new Error(`threshold must be in (0, 1], not ${threshold}`);
    if (subjects.length > MAX_SUBJECTS_PER_CALL) throw new Error(`at most ${MAX_SUBJECTS_PER_CALL} subjects per call, not ${subjects.length}`);
    if (subjects.length === 0) return { hits: [], millis: [] };
    const share = Math.ceil(subjects.length / this.slots.length);
    const parts: Promise<WorkerResponse & { ok: true }>[] = [];
    for (let start = 0; start < subjects.length; start += share) {
      const slot = this.slots[this.turn++ % this.slots.length];
      parts.push(this.send(slot, { op: "screen", subjects: subjects.slice(start, start + share), threshold }));
    }
    const answers = await Promise.all(parts);
    return { hits: answers.flatMap((a) => a.hits ?? []), millis: answers.flatMap((a) => a.millis ?? []) };
  }

  /** Stops the worker threads. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
