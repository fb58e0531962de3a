/**
 * A chart's legend: HTML under the plot (it wraps like text), each entry a small SVG icon in the series'
 * colour and its name in the text colour (series colours are not all 4.5:1 as text). Saving a chart
 * redraws these entries into the picture (chart-export-dom.ts legendNodes reads the classes).
 */
import { starPath } from './scale';

/** How a series is drawn, so its icon matches: a line (solid or dashed), a filled bar, a disc or ring. */
export interface LegendEntry {
  key: string;
  name: string;
  color: string;
  icon: 'line' | 'bar' | 'outline' | 'disc' | 'ring' | 'star';
  dash?: string;
}

function Icon({ entry }: { entry: LegendEntry }) {
  const { color, icon, dash } = entry;
  return (
    <svg className="chart-legend-icon" width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
      {icon === 'line' && <line x1="0" x2="14" y1="7" y2="7" stroke={color} strokeWidth="2.5" strokeDasharray={dash} />}
      {icon === 'bar' && <rect x="1" y="1" width="12" height="12" fill={color} />}
      {icon === 'outline' && (
        <rect x="2" y="2" width="10" height="10" fill="none" stroke={color} strokeWidth="2" strokeDasharray="3 2" />
      )}
      {icon === 'disc' && <circle cx="7" cy="7" r="5" fill={color} />}
      {icon === 'ring' && <circle cx="7" cy="7" r="5" fill="none" stroke={color} strokeWidth="2" />}
      {icon === 'star' && <path d={starPath(7, 7, 6)} fill={color} />}
    </svg>
  );
}

export function Legend({ entries }: { entries: readonly LegendEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <ul className="chart-legend">
      {entries.map((e) => (
        <li key={e.key} className="chart-legend-item">
          <Icon entry={e} />
          <span className="chart-legend-item-text">{e.name}</span>
        </li>
      ))}
    </ul>
  );
}
