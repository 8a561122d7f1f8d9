/**
 * The big field a keyboard-wedge scanner types into: a scan ends with Enter or Tab
 * (both submit; a Tab after a scan must not move the focus away). Esc leaves the field,
 * and Tab in an empty field moves on, so keyboard users are never trapped in it.
 */
import type { Ref } from 'react';

export function ScanField({
  id,
  value,
  onChange,
  onScan,
  inputRef,
  onBlur,
  onEscape,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  onScan: () => void;
  inputRef: Ref<HTMLInputElement>;
  onBlur?: () => void;
  /** Where Esc takes the focus (the screen's next control). */
  onEscape?: () => void;
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
        if (e.key === 'Escape' && onEscape) {
          e.preventDefault();
          onEscape();
        } else if (e.key === 'Enter' || (e.key === 'Tab' && !e.shiftKey && e.currentTarget.value !== '')) {
          // A wedge's Tab always follows the characters it typed: Tab in an empty field is a person moving on.
          e.preventDefault();
          onScan();
        }
      }}
    />
  );
}
