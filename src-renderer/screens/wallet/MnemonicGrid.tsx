/** A recovery phrase as a numbered grid, read in columns order 1, 2, 3… left to right. */
export function MnemonicGrid({ words, testId }: { words: readonly string[]; testId: string }) {
  return (
    <ol className="mnemonic-grid" aria-label="Recovery phrase">
      {words.map((word, index) => (
        <li key={index}>
          <span className="mnemonic-number" aria-hidden="true">
            {index + 1}
          </span>
          <span className="mnemonic-word" data-testid={testId} data-position={index + 1}>
            {word}
          </span>
        </li>
      ))}
    </ol>
  );
}
