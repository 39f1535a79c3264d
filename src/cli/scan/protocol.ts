/** Messages between the scan loop and its workers (all structured-cloneable). */
import type { EngineOptions } from '../../engine-api.js';
import type { Diagnostic } from '../../types.js';
import type { Batch } from './batch.js';

/** What a worker is started with (its `workerData`): enough to build the same engine as every other worker. */
export interface WorkerConfig {
  engineOptions: EngineOptions;
  flaggedOnly: boolean;
}

/** A batch to scan; `seq` says where its output goes. */
export interface BatchRequest {
  seq: number;
  batch: Batch;
}

/** What a worker reports. */
export type WorkerReply =
  /** The engine is built; its load warnings come along so the main thread can print them once. */
  | { type: 'ready'; diagnostics: Diagnostic[] }
  /** The engine could not be built; with diagnostics when it was a pack error. */
  | { type: 'init-failed'; message: string; diagnostics?: Diagnostic[] }
  /** A batch is done: its output as UTF-8 bytes (transferred, not copied). */
  | { type: 'done'; seq: number; output: Uint8Array; records: number }
  /** A batch could not be processed at all (a bug: single records never fail a batch). */
  | { type: 'failed'; seq: number; message: string };
