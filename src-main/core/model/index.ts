/** The model runtime's public entry: load packs, predict, manage installed packs. */
export { loadModel, summaryOf, type LoadModelOptions, type LoadedEchoingModel, type PredictionOutcome } from './model';
export { PackManager, type PackListing, type ModelSettings } from './pack/manager';
export type { OcclusionMap, OcclusionOptions } from './occlusion';
export type * from './types';
