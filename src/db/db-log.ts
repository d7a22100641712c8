// Where the database layer reports what it survives (a pooled or listening connection lost): the
// app's logger in main.ts (pino's `warn(details, message)`), standard error until it exists.
export interface DbLog {
  warn(details: object, message: string): void;
}

export const stderrDbLog: DbLog = {
  warn: (details, message) => console.warn(JSON.stringify({ level: 'warn', msg: message, ...errorFields(details) })),
};

function errorFields(details: object): object {
  const { err, ...rest } = details as { err?: unknown };
  return err instanceof Error ? { ...rest, err: { message: err.message, code: (err as { code?: unknown }).code } } : details;
}
