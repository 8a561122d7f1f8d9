/**
 * The big field a keyboard-wedge scanner types into: a scan ends with Enter or Tab
 * (both submit; Tab must not move the focus away).
 */
import type { Ref } from 'react';

export function ScanField({
  id,
  value,
  onChange,
  onScan,
  inputRef,
  onBlur,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onScan: () => void;
  inputRef: Ref<HTMLInputElement>;
  onBlur?: () => void;
}) {
  return (
    <input
      id={id}
      ref={inputRef}
      className="scan-input mono"
      value={value}
      autoComplete="off"
      spellCheck={false}
      onChange={(e) => onChange(e.target.value)}
      onBlur={onBlur}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === 'Tab') {
          e.preventDefault();
          onScan();
        }
      }}
    />
  );
}
