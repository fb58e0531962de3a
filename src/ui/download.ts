/** Offers `blob` as a download named `name` (a link with `download`: nothing is navigated). */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // the download has read the blob long before this
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
