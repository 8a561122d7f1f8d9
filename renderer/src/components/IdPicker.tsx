/**
 * Pick an ID (MRID, CRID, AID, TSUID) from a list fetched from Telegent, or type it
 * by hand when the list is unavailable or the right entry is missing.
 */
import { useId, useState } from 'react';
import type { ListResult } from '../../../preload/views';

const MANUAL = '__manual__';

export interface IdPickerProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  list: ListResult | null;
  optional?: boolean;
  disabled?: boolean;
  error?: string | undefined;
  placeholder?: string;
}

export function IdPicker({ label, value, onChange, list, optional, disabled, error, placeholder }: IdPickerProps) {
  const id = useId();
  const [manual, setManual] = useState(false);
  const items = list?.ok ? list.items : [];
  const known = items.some((i) => i.id === value);
  const useText = manual || list === null || !list.ok || items.length === 0 || (value !== '' && !known);
  const describedBy = [error ? `${id}-error` : '', list && !list.ok ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;

  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="optional"> (optional)</span> : null}
      </label>
      {useText ? (
        <div className="picker-manual">
          <input
            id={id}
            className="mono"
            value={value}
            disabled={disabled}
            placeholder={placeholder}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => onChange(e.target.value)}
          />
          {list?.ok && items.length > 0 ? (
            <button
              type="button"
              className="link-button"
              disabled={disabled}
              onClick={() => {
                setManual(false);
                onChange(known ? value : '');
              }}
            >
              Choose from list
            </button>
          ) : null}
        </div>
      ) : (
        <select
          id={id}
          value={value}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            if (e.target.value === MANUAL) {
              setManual(true);
              return;
            }
            onChange(e.target.value);
          }}
        >
          <option value="">{optional ? '— none —' : '— choose —'}</option>
          {items.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name ? `${item.name} — ${item.id}` : item.id}
            </option>
          ))}
          <option value={MANUAL}>Enter an ID by hand…</option>
        </select>
      )}
      {list && !list.ok ? (
        <p id={`${id}-hint`} className="field-hint">
          Could not load the list: {list.error.message} Type the ID instead.
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
