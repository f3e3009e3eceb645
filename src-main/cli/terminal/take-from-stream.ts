/** stdin, a pipe or a test stream; a TTY adds isTTY and raw mode. */
export type TerminalInput = NodeJS.ReadableStream & {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(raw: boolean): unknown;
};

/** What a reader took from a chunk, and the bytes after it, which it leaves for the next reader. */
export interface Taken<R> {
  value: R;
  rest: Buffer;
}

/**
 * Hands the stream's chunks to `take` until it returns a value. The bytes it leaves are pushed
 * back (unshift), so a second prompt gets the next line of piped or typed-ahead input. `atEnd`
 * answers (or throws) when the stream ends first. The stream is paused afterwards, so a
 * finished prompt does not keep the process alive.
 */
export function takeFromStream<R>(
  input: TerminalInput,
  take: (chunk: Buffer) => Taken<R> | undefined,
  atEnd: () => R,
): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    const finish = (settle: () => void): void => {
      input.off('readable', onReadable);
      input.off('end', onEnd);
      input.off('error', onError);
      input.pause();
      settle();
    };
    function onReadable(): void {
      for (;;) {
        const chunk = input.read() as Buffer | string | null;
        if (chunk === null) return;
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
        let taken: Taken<R> | undefined;
        try {
          taken = take(bytes);
        } catch (error) {
          finish(() => reject(error as Error));
          return;
        }
        if (taken !== undefined) {
          const { value, rest } = taken;
          if (rest.length > 0) input.unshift(typeof chunk === 'string' ? rest.toString('utf8') : rest);
          finish(() => resolve(value));
          return;
        }
      }
    }
    function onEnd(): void {
      finish(() => {
        try {
          resolve(atEnd());
        } catch (error) {
          reject(error as Error);
        }
      });
    }
    function onError(error: Error): void {
      finish(() => reject(error));
    }
    if ((input as { readableEnded?: boolean }).readableEnded === true) {
      onEnd();
      return;
    }
    input.on('readable', onReadable);
    input.on('end', onEnd);
    input.on('error', onError);
  });
}
