/**
 * Bring your own images: drop or pick a zip, or pick a folder, laid out as class/image.png.
 * Decoding happens in the worker; errors are shown here and nothing else in the app is touched.
 * The choosers are real buttons (Tab, Enter, Space) that click a visually hidden file input.
 */
import { useRef, useState, type ChangeEvent, type DragEvent } from 'react';

import { useAppStore } from '../../store/app-store';
import type { UploadFile } from '../../worker/protocol';
import { useActions } from '../actions-context';

function folderName(files: File[]): string {
  const first = files[0]?.webkitRelativePath ?? '';
  return first.split('/')[0] || 'folder';
}

export function UploadDrop() {
  const actions = useActions();
  const upload = useAppStore((s) => s.upload);
  const error = useAppStore((s) => s.uploadError);
  const last = useAppStore((s) => s.lastUpload);
  const [over, setOver] = useState(false);
  const zipInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  const sendZip = (file: File): void => actions.upload({ kind: 'zip', name: file.name, data: file });
  const onZip = (e: ChangeEvent<HTMLInputElement>): void => {
    const file = e.target.files?.[0];
    if (file) sendZip(file);
    e.target.value = '';
  };
  const onFolder = (e: ChangeEvent<HTMLInputElement>): void => {
    const files = Array.from(e.target.files ?? []);
    if (files.length === 0) return;
    const list: UploadFile[] = files.map((f) => ({ path: f.webkitRelativePath || f.name, data: f }));
    actions.upload({ kind: 'files', name: folderName(files), files: list });
    e.target.value = '';
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) sendZip(file);
  };

  return (
    <div
      className={`upload ${over ? 'over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>
        <strong>Your own images</strong>: a zip or a folder laid out as <code>class/image.png</code> (png, jpg, webp);
        they are resized to 28×28 greyscale in the worker.
      </p>
      <button type="button" className="button" onClick={() => zipInput.current?.click()}>
        Choose a zip…
      </button>{' '}
      <button type="button" className="button" onClick={() => folderInput.current?.click()}>
        Choose a folder…
      </button>
      {/* the inputs do the picking; the buttons above are what a person (and a screen reader) meets,
          so the inputs are out of the tab order and the accessibility tree, but not display:none */}
      <input
        ref={zipInput}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        accept=".zip,application/zip"
        onChange={onZip}
        aria-label="Upload a zip of images"
      />
      <input
        ref={folderInput}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        onChange={onFolder}
        aria-label="Upload a folder of images"
        {...({ webkitdirectory: '' } as Record<string, string>)}
      />
      {upload && (
        <p role="status">
          {upload.stage} {Math.round(upload.fraction * 100)} %
        </p>
      )}
      {error && (
        <p className="error" role="alert" data-testid="upload-error">
          Upload refused: {error.message}
        </p>
      )}
      {last && !error && !upload && (
        <p role="status" data-testid="upload-ok">
          Loaded “{last.name}”: {last.partitions[0]?.count ?? 0} images in {last.classes.length} classes.
        </p>
      )}
    </div>
  );
}
