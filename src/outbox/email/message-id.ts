// Message-ID headers carry the outbox row's message id, so a mail client (or a
// test) can tell a resent email from a new one.

/** `Alpaca Cafe <orders@alpaca.cafe>` → `alpaca.cafe`. */
export function mailDomain(from: string): string {
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return address.split('@')[1]?.trim().toLowerCase() || 'alpaca.cafe';
}

export function messageIdHeader(messageId: string, from: string): string {
  return `<${messageId}@${mailDomain(from)}>`;
}
