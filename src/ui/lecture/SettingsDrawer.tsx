/**
 * The lecture view's "settings" drawer: the lab's own setup panels (backend notes, run controls, model,
 * method, dataset), brought back over the lecture without leaving it, as issue #12 asks. A native modal
 * <dialog>, so the page behind is inert, Tab stays inside and Escape closes it; focus goes back to the
 * button that opened it. The panels are the lab's components, not copies; they are mounted only while
 * the drawer is open (the lecture view itself shows no setup).
 */
import { useEffect, useRef, useState, type MouseEvent } from 'react';

import { BackendStatus } from '../panels/BackendStatus';
import { DatasetPanel } from '../panels/DatasetPanel';
import { RunControls } from '../panels/RunControls';
import { TrainPanel } from '../panels/TrainPanel';
import './settings-drawer.css';

const SETTINGS_DRAWER_ID = 'lecture-settings';

export function SettingsDrawer() {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  // showModal once the panels are in the dialog, so its first focusable control (Close) takes the focus
  useEffect(() => {
    const d = dialog.current;
    if (open && d && !d.open) d.showModal();
  }, [open]);
  const close = (): void => dialog.current?.close();
  // the dialog's own 'close' event covers Escape, the Close button and a click outside alike
  const onClose = (): void => {
    setOpen(false);
    opener.current?.focus();
  };
  // a click on the backdrop lands on the <dialog> itself; the drawer's content fills it
  const onClick = (e: MouseEvent<HTMLDialogElement>): void => {
    if (e.target === e.currentTarget) close();
  };
  return (
    <>
      <button
        type="button"
        ref={opener}
        className="lecture-settings-button"
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={SETTINGS_DRAWER_ID}
        data-testid="settings-open"
      >
        Settings
      </button>
      <dialog
        id={SETTINGS_DRAWER_ID}
        ref={dialog}
        className="lecture-drawer"
        aria-labelledby="settings-title"
        onClose={onClose}
        onClick={onClick}
        data-testid="settings-drawer"
      >
        {open && (
          <div className="lecture-drawer-body setup">
            <div className="lecture-drawer-head">
              <h2 id="settings-title">Settings</h2>
              <button type="button" onClick={close} data-testid="settings-close">
                Close
              </button>
            </div>
            <p className="lecture-drawer-note">
              The lab&rsquo;s setup: Start trains these settings live, drawn beside the recordings when the story shows
              that method on that dataset. The recorded runs stay as they were recorded.
            </p>
            <BackendStatus />
            <RunControls />
            <TrainPanel />
            <DatasetPanel />
          </div>
        )}
      </dialog>
    </>
  );
}
