/**
 * A time bound for browser operations that may never answer (an IndexedDB `open` blocked by another
 * tab, a storage layer that hangs): the promise either settles in time or is rejected with `message`.
 */
export function withinMs<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
