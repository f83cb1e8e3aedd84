import { useState } from 'react';
import { desktop } from '../desktop.js';

/** "Open folder" for the data folder; only in the desktop app (a web page cannot open folders). */
export function OpenDataFolderButton() {
  const [error, setError] = useState<string | null>(null);
  if (!desktop) return null;
  return (
    <>
      <button
        type="button"
        className="btn small ghost"
        onClick={() => {
          setError(null);
          desktop!.openDataFolder().then(
            (r) => setError(r.opened ? null : (r.error ?? 'could not open the folder')),
            (err: Error) => setError(err.message),
          );
        }}
      >
        Open folder
      </button>
      {error && <span className="bad-text small">{error}</span>}
    </>
  );
}
