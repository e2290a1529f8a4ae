/** The on-demand occlusion map's state. */
export interface OcclusionState {
  status: 'idle' | 'running' | 'done' | 'error' | 'cancelled' | 'unavailable';
  /** 0..1 while running. */
  progress: number;
  message?: string;
}
