/**
 * Bring your own images: drop or pick a zip, or pick a folder, laid out as class/image.png.
 * Decoding happens in the worker; errors are shown here and nothing else in the app is touched.
 * The choosers are real buttons (FileChooserButton).
 */
import { useState, type DragEvent } from 'react';

import { useAppStore } from '../../store/app-store';
import type { UploadFile } from '../../worker/protocol';
import { useActions } from '../actions-context';
import { FileChooserButton } from './FileChooserButton';

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

  const sendZip = (file: File): void => actions.upload({ kind: 'zip', name: file.name, data: file });
  const sendFolder = (files: File[]): void => {
    const list: UploadFile[] = files.map((f) => ({ path: f.webkitRelativePath || f.name, data: f }));
    actions.upload({ kind: 'files', name: folderName(files), files: list });
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
      <FileChooserButton
        className="button"
        inputLabel="Upload a zip of images"
        accept=".zip,application/zip"
        onFiles={(files) => sendZip(files[0])}
      >
        Choose a zip…
      </FileChooserButton>{' '}
      <FileChooserButton className="button" inputLabel="Upload a folder of images" directory onFiles={sendFolder}>
        Choose a folder…
      </FileChooserButton>
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
