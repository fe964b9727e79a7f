/**
 * The one processor for runs, from the one processing plan: the app's runs, the CLI's, and every resume of either
 * process each photo through here, with the crop chosen for it in Review or the plan's default.
 */
import { processingPlanSchema, type ProcessingPlan } from '../../../shared/processing-plan';
import { processImage } from '../imaging/process-image';
import type { ProcessPhoto } from './run-engine';

export class ProcessingPlanError extends Error {
  override name = 'ProcessingPlanError';
}

/** Reads a plan as stored in a journal; a plan that cannot be processed the same way again is refused. */
export function readProcessingPlan(raw: unknown): ProcessingPlan {
  const parsed = processingPlanSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProcessingPlanError(
      `This run's processing plan cannot be read (${issue?.path.join('.') || 'plan'}: ${issue?.message ?? 'invalid'}), so it cannot be resumed with the same photos. Start a new run.`,
    );
  }
  return parsed.data;
}

export function processorFor(raw: unknown): ProcessPhoto {
  const plan = readProcessingPlan(raw);
  return async (absPath, signal) => {
    const crop = plan.crops[absPath] ?? plan.defaultCrop;
    const out = await processImage(absPath, {
      size: plan.size,
      quality: plan.quality,
      crop: crop.strategy,
      framing: plan.framing,
      ...(crop.rect ? { rect: crop.rect } : {}),
      signal,
    });
    return out.ok
      ? { ok: true, jpeg: out.jpeg, sha256: out.sha256, bytes: out.bytes, warnings: out.warnings }
      : { ok: false, error: out.error };
  };
}
