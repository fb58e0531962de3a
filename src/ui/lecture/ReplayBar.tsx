/** Play / pause / step / seek and the speed of the replay, and what is being replayed (labelled recorded). */
import type { ReactNode } from 'react';

import { lectureActions, useLecture, useShownRecordings } from '../../store/lecture-store';
import { REPLAY_SPEEDS, replayEnd, type ReplaySpeed } from '../../store/replay';
import type { Track } from './tracks';

const speedLabel = (s: ReplaySpeed): string => (s === 'instant' ? 'instant' : `×${s}`);

/**
 * `children`: more controls on the same line (the experiment chooser); `controls` false (a link hid
 * them) leaves only those and the label of what is shown.
 */
export function ReplayBar({
  tracks,
  children,
  controls = true,
}: {
  tracks: Track[];
  children?: ReactNode;
  controls?: boolean;
}) {
  const position = useLecture((s) => s.position);
  const playing = useLecture((s) => s.playing);
  const speed = useLecture((s) => s.speed);
  const recordings = useShownRecordings();
  const end = replayEnd(recordings);
  const disabled = recordings.length === 0;
  return (
    <div className="replay-bar" role="group" aria-label="Replay">
      {controls && (
        <>
          <button
            type="button"
            className="primary"
            onClick={lectureActions.togglePlay}
            disabled={disabled}
            aria-keyshortcuts="Space"
            data-testid="replay-play"
          >
            {playing ? 'Pause' : position >= end && end > 0 ? 'Replay' : 'Play'}
          </button>
          <button
            type="button"
            onClick={() => lectureActions.step(-1)}
            disabled={disabled}
            aria-label="Step back"
            aria-keyshortcuts=","
          >
            ◀ step
          </button>
          <button
            type="button"
            onClick={() => lectureActions.step(1)}
            disabled={disabled}
            aria-label="Step"
            aria-keyshortcuts="."
          >
            step ▶
          </button>
          <label className="replay-seek">
            <span className="sr-only">Replay position (step)</span>
            <input
              type="range"
              min={0}
              max={end}
              step={1}
              value={Math.round(position)}
              onChange={(e) => lectureActions.seek(Number(e.target.value))}
              disabled={disabled}
              data-testid="replay-seek"
            />
          </label>
          <output className="replay-step" data-testid="replay-step" data-position={Math.floor(position)}>
            step {Math.floor(position)} / {end}
          </output>
          <label className="replay-speed">
            <span className="sr-only">Replay speed</span>
            <select
              value={String(speed)}
              onChange={(e) =>
                lectureActions.setSpeed(
                  e.target.value === 'instant' ? 'instant' : (Number(e.target.value) as ReplaySpeed),
                )
              }
            >
              {REPLAY_SPEEDS.map((s) => (
                <option key={String(s)} value={String(s)}>
                  {speedLabel(s)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {children}
      <span className="replay-source" data-testid="replay-source">
        {tracks.map((t) => `${t.name}: ${t.source}`).join(' · ')}
      </span>
    </div>
  );
}
