import { z } from 'zod';
import type { AdaptProgress, AdaptTargets, AdaptationReport } from '../core/adapt/types';
import { channel, event } from './define';
import type { PackInfoDto } from './model';

// Site adaptation channels (issue 16): targets of a cohort's labels, an adaptation run off the main thread
// with progress and cancel, its report, and saving it as a model pack. Owned by src-main/core/adapt/.

export type {
  AdaptMethod, AdaptProgress, AdaptTargets, AdaptationReport, BinaryMetrics, Comparison, ContinuousMetrics, HalfMetrics,
  HeadEvaluation, LearningCurve, MethodSummary, ResolvedTarget, TargetColumn, TargetSpec,
} from '../core/adapt/types';

const cohortId = z.number().int().positive();
const jobId = z.string().min(1).max(64);
const site = z.string().trim().min(1).max(120);

export const adaptChannels = {
  /** The label columns a cohort offers as targets, and how many scored ECGs lack a stored embedding. */
  'adapt:targets': channel<AdaptTargets>()(z.object({ cohortId }).strict()),
  /** Starts adapting the pack that scored the cohort; progress by 'adapt:progress', then 'adapt:result'. */
  'adapt:start': channel<{ jobId: string }>()(
    z
      .object({
        cohortId,
        target: z
          .object({ column: z.string().min(1).max(100), below: z.number().finite().optional(), above: z.number().finite().optional() })
          .strict(),
        methods: z.array(z.enum(['recalibrate', 'fewshot', 'knn'])).min(1).max(3),
        testFraction: z.number().min(0.1).max(0.5).optional(),
        seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
        site: site.optional(),
      })
      .strict(),
  ),
  'adapt:cancel': channel<{ cancelled: boolean }>()(z.object({ jobId }).strict()),
  /** The finished adaptation's validation report (BAD_REQUEST while it runs). */
  'adapt:result': channel<AdaptationReport>()(z.object({ jobId }).strict()),
  /** Saves the finished adaptation as a model pack in the user's packs folder; it is then listed by model:list. */
  'adapt:save': channel<PackInfoDto>()(z.object({ jobId }).strict()),
} as const;

export const adaptEvents = {
  'adapt:progress': event<AdaptProgress>(),
} as const;
