// The one message component: every flash, banner and notice a page shows goes through it, so a
// failure can never look like a success. Four kinds:
// - success: green with a tick — only for something that worked;
// - info: blue, neutral news ("you are ordering from Colchester");
// - warning: amber, something to know before going on ("the store is busy");
// - error: red, `role="alert"`, never green and never a tick.
// A plain string flash is `info`: a message has to say it is a success to be shown as one.
import type { ComponentChildren } from 'preact';

export const MESSAGE_KINDS = ['success', 'info', 'warning', 'error'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** A one-line message carried across a redirect (Post/Redirect/Get) and shown on the next page. */
export interface Flash {
  kind: MessageKind;
  text: string;
}

export const success = (text: string): Flash => ({ kind: 'success', text });
export const info = (text: string): Flash => ({ kind: 'info', text });
export const warning = (text: string): Flash => ({ kind: 'warning', text });
export const failure = (text: string): Flash => ({ kind: 'error', text });

/** A flash as given by a route: a plain string is neutral news, never a success. */
export function asFlash(value: string | Flash): Flash {
  return typeof value === 'string' ? info(value) : value;
}

export function isMessageKind(value: unknown): value is MessageKind {
  return typeof value === 'string' && (MESSAGE_KINDS as readonly string[]).includes(value);
}

interface MessageProps {
  kind: MessageKind;
  children: ComponentChildren;
  /** Extra classes (`flash` for the message after a redirect, `error-summary` for a form's). */
  class?: string;
  id?: string;
  /** A form's error summary takes focus so it is read first. */
  focusable?: boolean;
  /** Marks the element for tests and scripts, e.g. data-store-status. */
  data?: Record<string, string>;
}

/** Errors interrupt (alert); everything else is announced politely (status). */
export function Message({ kind, children, class: extra, id, focusable, data }: MessageProps) {
  const attributes = Object.fromEntries(Object.entries(data ?? {}).map(([k, v]) => [`data-${k}`, v]));
  return (
    <div
      class={['message', `message--${kind}`, extra].filter(Boolean).join(' ')}
      role={kind === 'error' ? 'alert' : 'status'}
      data-message-kind={kind}
      id={id}
      tabIndex={focusable ? -1 : undefined}
      {...attributes}
    >
      <div class="message__body">{children}</div>
    </div>
  );
}

/** The message a page shows after a redirect. */
export function FlashMessage({ flash }: { flash: Flash | null }) {
  if (!flash) return null;
  return (
    <Message kind={flash.kind} class="flash">
      <p>{flash.text}</p>
    </Message>
  );
}
