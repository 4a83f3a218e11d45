import { useEffect, useId, useMemo, useState } from 'react';
import { newId } from '../lib/ids';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_ACCEPT } from './photo-limits';


export interface PickedPhoto {
  id: string;
  file: File;
}

function Thumb({ file }: { file: File }) {
  const url = useMemo(() => URL.createObjectURL(file), [file]);
  useEffect(() => () => URL.revokeObjectURL(url), [url]);
  return <img src={url} alt="" className="photo-thumb" />;
}

/** Optional photos of student work or the board, kept on the device and uploaded after the visit. */
export function PhotoField({ value, onChange, already = 0 }: { value: PickedPhoto[]; onChange: (p: PickedPhoto[]) => void; already?: number }) {
  const id = useId();
  const [problem, setProblem] = useState('');
  const room = MAX_PHOTOS - already - value.length;
  return (
    <div className="field">
      <label htmlFor={id}>Photo of student work or the board (optional)</label>
      <p id={`${id}-hint`} className="hint">
        {room > 0 ? `Up to ${MAX_PHOTOS} photos; no faces of students, please.` : `This visit has ${MAX_PHOTOS} photos, the most it can hold.`}
      </p>
      <input
        id={id}
        type="file"
        accept={PHOTO_ACCEPT.join(',')}
        capture="environment"
        disabled={room <= 0}
        aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          const bad = files.find((f) => !PHOTO_ACCEPT.includes(f.type) || f.size > MAX_PHOTO_BYTES);
          if (bad) {
            setProblem(
              PHOTO_ACCEPT.includes(bad.type) ? `“${bad.name}” is larger than 10 MB: take a smaller photo.` : `“${bad.name}” is not a JPEG, PNG or WebP photo.`,
            );
            return;
          }
          setProblem('');
          onChange([...value, ...files.slice(0, Math.max(0, room)).map((file) => ({ id: newId(), file }))]);
        }}
      />
      <p id={`${id}-problem`} className="field-error" role="alert">
        {problem}
      </p>
      {value.length ? (
        <ul className="photo-list">
          {value.map((p, i) => (
            <li key={p.id}>
              <Thumb file={p.file} />
              <span className="photo-name">Photo {i + 1}</span>
              <button type="button" className="link-button" onClick={() => onChange(value.filter((x) => x.id !== p.id))}>
                Remove<span className="visually-hidden"> photo {i + 1}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
