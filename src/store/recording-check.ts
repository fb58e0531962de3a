/**
 * Checking a recording's file against its index entry (size, SHA-256), then parsing it: shared by the
 * lecture store, which reads the shipped recordings, and the project file (project-open.ts), which
 * carries recordings as their files. Not the recording format itself (worker/recording.ts).
 */
import { sha256Hex } from '../core/spec/sha256';
import { parseRecording, RecordingError, type Recording, type RecordingIndexEntry } from '../worker/recording';

/** `bytes` as JSON once their size and SHA-256 are the index's; throws a RecordingError naming `name`. */
export async function checkedJson(
  name: string,
  expected: { bytes: number; sha256: string },
  bytes: ArrayBuffer,
): Promise<unknown> {
  if (bytes.byteLength !== expected.bytes)
    throw new RecordingError(
      `${name}: ${bytes.byteLength} bytes, the index says ${expected.bytes} (truncated or replaced)`,
    );
  if ((await sha256Hex(new Uint8Array(bytes))) !== expected.sha256)
    throw new RecordingError(`${name}: does not match its SHA-256 in the index (damaged or replaced)`);
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new RecordingError(`${name}: not valid JSON`);
  }
}

/** A recording's bytes checked against its index entry, then parsed; throws a RecordingError naming it. */
export async function checkRecording(entry: RecordingIndexEntry, bytes: ArrayBuffer): Promise<Recording> {
  return parseRecording(await checkedJson(`recording ${entry.id}`, entry, bytes), entry.id);
}
