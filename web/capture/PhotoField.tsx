import { useEffect, useId, useState } from 'react';
import { newId } from '../lib/ids';
import { MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_ACCEPT } from './photo-limits';
import { resizePhoto } from './photo-resize';

export interface PickedPhoto {
  id: string;
  /** The photo as chosen. */
  file: File;
  /**
   * What is kept and uploaded: the photo made smaller on the device (started when it is chosen), or the original
   * where that is not possible. Never rejects.
   */
  ready: Promise<Blob>;
}

/** The preview shows the photo as it will be sent. */
function Thumb({ photo }: { photo: Promise<Blob> }) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    let live = true;
    let made: string | undefined;
    void photo.then((blob) => {
      if (!live) return;
      made = URL.createObjectURL(blob);
      setUrl(made);
    });
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [photo]);
  return url ? <img src={url} alt="" className="photo-thumb" /> : <span className="photo-thumb" aria-hidden="true" />;
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
        onChange={async (e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          const wrongType = files.find((f) => !PHOTO_ACCEPT.includes(f.type));
          if (wrongType) {
            setProblem(`“${wrongType.name}” is not a JPEG, PNG or WebP photo.`);
            return;
          }
          const picked = files.slice(0, Math.max(0, room)).map((file) => ({ id: newId(), file, ready: resizePhoto(file) }));
          // A large camera photo is fine once made smaller; only what would still be over the limit is refused.
          for (const p of picked) {
            if (p.file.size > MAX_PHOTO_BYTES && (await p.ready).size > MAX_PHOTO_BYTES) {
              setProblem(`“${p.file.name}” is larger than 10 MB and could not be made smaller on this device: take a smaller photo.`);
              return;
            }
          }
          setProblem('');
          onChange([...value, ...picked]);
        }}
      />
      <p id={`${id}-problem`} className="field-error" role="alert">
        {problem}
      </p>
      {value.length ? (
        <ul className="photo-list">
          {value.map((p, i) => (
            <li key={p.id}>
              <Thumb photo={p.ready} />
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
