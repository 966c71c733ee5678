import { parentPort } from "node:worker_threads";
import { performance } from "node:perf_hooks";
import type { SanctionsList } from "./ofac.js";
import { SanctionsIndex } from "./sanctions-index.js";
import type { NameHit, ScreeningSubject } from "./types.js";

/** Messages a screening worker takes. */
export type WorkerRequest = { id: number; op: "load"; list: SanctionsList } | { id: number; op: "screen"; subjects: ScreeningSubject[]; threshold: number };

/** Its answers: hits per subject with the time each took, or an error sentence. */
export type WorkerResponse = { id: number; ok: true; hits?: NameHit[][]; millis?: number[] } | { id: number; ok: false; error: string };

let index: SanctionsIndex | undefined;

function handle(request: WorkerRequest): WorkerResponse {
  if (request.op === "load") {
    index = SanctionsIndex.build(request.list);
    return { id: request.id, ok: true };
  }
  const current = index;
  if (!current) return { id: request.id, ok: false, error: "no sanctions publication is loaded: load one before screening" };
  const millis: number[] = [];
  const hits = request.subjects.map((subject) => {
    const start = performance.now();
    const found = current.screen(subject, request.threshold);
    millis.push(performance.now() - start);
    return found;
  });
  return { id: request.id, ok: true, hits, millis };
}

const port = parentPort;
if (port) {
  port.on("message", (request: WorkerRequest) => {
    let response: WorkerResponse;
    try {
      response = handle(request);
    } catch (error) {
      response = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
    port.postMessage(response);
  });
}
