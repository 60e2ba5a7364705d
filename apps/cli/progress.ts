import { SingleBar, Presets } from 'cli-progress';

/** A progress bar with events/s and ETA, on stderr so stdout stays clean for data. */
export function progressBar(label: string, total: number): SingleBar {
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 5000,
    },
    Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0, { rate: 0 });
  return bar;
}

export function rateSince(started: bigint, count: number): number {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return seconds > 0 ? Math.round(count / seconds) : 0;
}
