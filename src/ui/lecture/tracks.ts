/**
 * What the lecture view draws: one track per run shown, each a CurrentRun (a recording folded up to the
 * replay's position, or the live run), with its label and colour, and the numbers the story quotes.
 */
import type { MethodId } from '../../core/spec/config';
import { METHOD_INFO } from '../../core/spec/method-catalog';
import { useAppStore, type CurrentRun } from '../../store/app-store';
import { useLecture, useShownRecordings } from '../../store/lecture-store';
import { recordedLabel, runAt } from '../../store/replay';
import { outcomeLabel, runOutcome } from '../../store/runs';
import { METHOD_COLORS, runColor } from '../theme/palette';

export interface Track {
  key: string;
  method: MethodId;
  /** "FT", "TPGM", "TPGM (live)". */
  name: string;
  /** "recorded 2026-12-02 · wasm · seed 0" or "live · seed 0". */
  source: string;
  run: CurrentRun;
  color: string;
  live: boolean;
}

/** The shown recordings at the replay's position, and the lab's live run when it is one of this dataset. */
export function useTracks(): Track[] {
  const recordings = useShownRecordings();
  const methods = useLecture((s) => s.methods);
  const position = useLecture((s) => s.position);
  const live = useAppStore((s) => s.run);
  const tracks: Track[] = recordings.map((r) => {
    const method = r.spec.config.method;
    return {
      key: r.id,
      method,
      name: METHOD_INFO[method].short,
      source: recordedLabel(r),
      run: runAt(r, position),
      color: METHOD_COLORS[method],
      live: false,
    };
  });
  const datasetId = recordings[0]?.spec.datasetId;
  if (
    live &&
    live.spec.purpose === 'finetune' &&
    methods.includes(live.spec.config.method) &&
    (datasetId === undefined || live.spec.datasetId === datasetId)
  ) {
    const method = live.spec.config.method;
    // how it ended, as everywhere else (a stopped run is never shown as a finished one)
    const state = live.summary
      ? outcomeLabel(runOutcome(live.summary, live.spec.config.steps))
      : `${live.stepsDone}/${live.totalSteps} steps`;
    tracks.push({
      key: `live:${live.uid}`,
      method,
      name: `${METHOD_INFO[method].short} (live)`,
      source: `live · ${state} · seed ${live.spec.config.seed}`,
      run: live,
      color: runColor(0),
      live: true,
    });
  }
  return tracks;
}

/** "87.7" */
export const pct = (x: number | undefined): string => (x === undefined ? '–' : x.toFixed(1));
