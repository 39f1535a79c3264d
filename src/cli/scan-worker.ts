/**
 * Entry of a scan worker thread (built to dist/scan-worker.cjs and started by `jinshou scan --workers N`).
 * Each worker builds its own engine from the options the main thread sends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from '../engine.js';
import type { WorkerConfig } from './scan/protocol.js';
import { serveScanWorker, type WorkerPort } from './scan/worker-main.js';

if (parentPort) serveScanWorker(parentPort as unknown as WorkerPort, workerData as WorkerConfig, createEngine);
