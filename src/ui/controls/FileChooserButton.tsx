/**
 * A real button (Tab, Enter, Space) that opens the browser's file chooser: the button is what a person
 * and a screen reader meet, so the file input it clicks is visually hidden, out of the tab order and the
 * accessibility tree, but not display:none (browsers would not open it). The input is emptied after
 * each pick, so the same file can be picked again.
 */
import { useRef, type ChangeEvent, type ReactNode } from 'react';

export function FileChooserButton({
  children,
  inputLabel,
  accept,
  directory = false,
  className,
  onFiles,
}: {
  children: ReactNode;
  /** The hidden input's name (tests reach it through the chooser). */
  inputLabel: string;
  accept?: string;
  /** Pick a folder (every file in it, with its path inside the folder). */
  directory?: boolean;
  className?: string;
  onFiles: (files: File[]) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const onChange = (e: ChangeEvent<HTMLInputElement>): void => {
    const files = Array.from(e.target.files ?? []);
    e.target.value = '';
    if (files.length > 0) onFiles(files);
  };
  return (
    <>
      <button type="button" className={className} onClick={() => input.current?.click()}>
        {children}
      </button>
      <input
        ref={input}
        type="file"
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        accept={accept}
        onChange={onChange}
        aria-label={inputLabel}
        {...(directory ? ({ webkitdirectory: '' } as Record<string, string>) : {})}
      />
    </>
  );
}
