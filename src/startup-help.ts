// Words for the person who started the app (the demo accounts, which stores are closed). stdout
// carries JSON log lines only, one per line, for whatever collects them (issue 12, decision 704):
// help goes to stderr, and only when stdout is a terminal (a person is watching); when stdout is piped
// to a collector or a file, it is left out.
export function startupHelp(text: string): void {
  if (process.stdout.isTTY) process.stderr.write(`${text}\n`);
}
