/** The line Review shows while previews stream in: how many photos are checked, and about how long is left. Pure. */
import { formatDuration } from '../upload/progress-model';

export function previewProgressText(done: number, total: number, elapsedMs: number): string {
  const fmt = (n: number) => n.toLocaleString('en-US');
  const head = `Checking photos and making previews: ${fmt(done)} of ${fmt(total)}`;
  if (done === 0 || elapsedMs < 1000) return `${head}. You can review the matches meanwhile.`;
  const left = ((total - done) * elapsedMs) / done / 1000;
  const when = left < 60 ? 'less than a minute left' : `about ${formatDuration(left)} left`;
  return `${head}, ${when}. You can review the matches meanwhile.`;
}
