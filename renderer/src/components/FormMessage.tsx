/** The outcome of a form action: a polite status when it worked, an alert when it did not. */
export interface FormMessageValue {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

export function FormMessage({ message }: { message: FormMessageValue | null }) {
  if (!message) return null;
  return (
    <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error-text' : 'ok-text'}>
      {message.text}
    </p>
  );
}
