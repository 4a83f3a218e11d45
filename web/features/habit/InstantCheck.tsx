import { useState, type ReactNode } from 'react';

/**
 * A labelled checkbox that shows its new state the moment it is clicked, while the change is saved; when the saved
 * value changes (a failed save is put back, another tab changed it) the box follows.
 */
export function InstantCheck({ checked, onChange, id, children }: { checked: boolean; onChange: (checked: boolean) => void; id?: string; children: ReactNode }) {
  const [shown, setShown] = useState(checked);
  const [saved, setSaved] = useState(checked);
  if (checked !== saved) {
    setSaved(checked);
    setShown(checked);
  }
  return (
    <label className="check">
      <input
        id={id}
        type="checkbox"
        checked={shown}
        onChange={(e) => {
          setShown(e.target.checked);
          onChange(e.target.checked);
        }}
      />
      <span>{children}</span>
    </label>
  );
}
