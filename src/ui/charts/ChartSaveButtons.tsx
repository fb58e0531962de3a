/**
 * The "Save PNG / SVG" pair in a chart figure's corner: real buttons named after the chart ("Save the
 * accuracy chart as PNG"), saving the figure they sit in with its title and a caption of what it draws
 * (chart-export-dom.ts). Small and muted in the lab; in the lecture view shown only while the pointer
 * is on the panel or a button has focus (chart-export.css), so the projector shows the charts alone.
 */
import { useRef, useState } from 'react';

import { savedLine } from './chart-caption';
import './chart-export.css';
import { exportFileName } from './chart-export';
import { saveBlob } from '../download';
import { buildChartExport, exportPng } from './chart-export-dom';

/**
 * @param what the chart in words, as the buttons name it and the files are called ("accuracy chart")
 * @param caption the caption lines (runs and settings), read when a button is pressed, not on every draw
 */
export function ChartSaveButtons({ what, caption }: { what: string; caption: () => readonly string[] }) {
  const group = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const save = async (ext: 'png' | 'svg'): Promise<void> => {
    const figure = group.current?.closest('figure');
    if (!figure) return;
    const at = new Date();
    const picture = buildChartExport(figure, [...caption(), savedLine(at)]);
    const blob = ext === 'svg' ? new Blob([picture.svg], { type: 'image/svg+xml' }) : await exportPng(picture);
    saveBlob(blob, exportFileName(what, ext, at));
  };
  const press = (ext: 'png' | 'svg') => () => {
    setProblem(null);
    save(ext).catch((e: unknown) =>
      setProblem(`The ${what} could not be saved: ${e instanceof Error ? e.message : String(e)}`),
    );
  };
  return (
    <div className="chart-save" ref={group}>
      <span className="chart-save-word" aria-hidden="true">
        Save
      </span>
      {(['png', 'svg'] as const).map((ext) => (
        <button
          key={ext}
          type="button"
          aria-label={`Save the ${what} as ${ext.toUpperCase()}`}
          title={`Save the ${what} as ${ext.toUpperCase()}, with its title and the runs it shows`}
          onClick={press(ext)}
        >
          {ext.toUpperCase()}
        </button>
      ))}
      {problem && (
        <span className="chart-save-problem" role="alert">
          {problem}
        </span>
      )}
    </div>
  );
}
