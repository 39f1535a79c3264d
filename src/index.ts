/**
 * jinshou (禁售): find prohibited and restricted goods in Chinese online listings.
 * The public surface, listed explicitly; a test pins it so it changes only on purpose.
 */
export { createEngine, builtinPacksDir, DEFAULT_THRESHOLDS, DEFAULT_FIELD_CAP } from './engine.js';
export { PackLoadError } from './engine-api.js';
export { normalize } from './normalize/normalize.js';
export { ENGINE_VERSION } from './version.js';
export { formatDiagnostic, CODES as DIAGNOSTIC_CODES } from './pack/diagnostics.js';
export { loadPacks } from './pack/load.js';
export { generateKeys } from './pack/signature.js';
export type { Engine, EngineOptions, Explanation, ExplainedHit, ExplainedRule, PackInfo, PackSource } from './engine-api.js';
export type {
  CategoryId,
  Diagnostic,
  DiagnosticLevel,
  Evidence,
  Finding,
  Listing,
  ListingWarning,
  ScanResult,
  Severity,
  Thresholds,
  Tokenizer,
  Verdict,
  Via,
} from './types.js';
