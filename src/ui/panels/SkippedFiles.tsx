/**
 * The files of an upload that were left out, every one with why, as rows of the dataset card. The list
 * opens by itself when it is short; a long one shows its first LISTED rows and saves whole as text.
 */
import { saveBlob } from '../download';

/** Rows drawn; a 20,000-file upload of the wrong kind would otherwise draw 20,000 rows. */
const LISTED = 200;

export function SkippedFiles({
  skipped,
  datasetName,
}: {
  skipped: readonly { path: string; reason: string }[];
  datasetName: string;
}) {
  const n = skipped.length;
  const asText = (): string => skipped.map((s) => `${s.path}\t${s.reason}`).join('\n') + '\n';
  return (
    <>
      <dt>Skipped</dt>
      <dd>
        <details open={n <= 10}>
          <summary>
            {n.toLocaleString('en')} {n === 1 ? 'file' : 'files'} left out
          </summary>
          <ul className="skipped-files" aria-label="files left out">
            {skipped.slice(0, LISTED).map((s, i) => (
              // a zip may hold one name twice, so the row's place is its key
              <li key={i}>
                <code>{s.path}</code>: {s.reason}
              </li>
            ))}
          </ul>
          {n > LISTED && (
            <p>
              The first {LISTED} of {n.toLocaleString('en')} are listed.{' '}
              <button
                type="button"
                onClick={() => saveBlob(new Blob([asText()], { type: 'text/plain' }), `${datasetName}-skipped.txt`)}
              >
                Save the whole list (.txt)
              </button>
            </p>
          )}
        </details>
      </dd>
    </>
  );
}
