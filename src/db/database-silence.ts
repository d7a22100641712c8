// Has this instance stopped hearing from the database? Every checkout and every statement of the
// node-postgres pools is tracked from the moment it starts. One is stuck when it has had no answer
// and nothing started after it has had one either: answers to work started earlier do not count, as
// a cut link still delivers the answers to what was sent before the cut (under load, for most of a
// second). A busy or slow database answers newer work as it goes; a link whose packets are dropped
// answers none. The stuck-reads rule (src/web/stuck-reads.ts, decision 804) reads it.
export class DatabaseSilence {
  private readonly waiting = new Set<{ startedAt: number }>();
  /** The start of the newest work that has had an answer (rows or an error). */
  private newestAnswered = Number.NEGATIVE_INFINITY;
  private lastAnswerAt: number | null = null;
  /** The start of the newest work sent to the writer (HAProxy's write port) that was answered with success. */
  private newestWriterSuccess = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Tracks `work` as waiting on the database until it settles, either way. `answers: false` for a
   * pool checkout: it waits like a statement, but an idle connection is handed out without a word
   * from the database, so its settling says nothing of the link.
   */
  track<T>(work: Promise<T>, { answers = true, writer = false } = {}): Promise<T> {
    const entry = { startedAt: this.now() };
    this.waiting.add(entry);
    if (answers && writer) {
      // Only a success: in a failover the writer answers with errors (shutting down, terminated).
      work.then(
        () => {
          this.newestWriterSuccess = Math.max(this.newestWriterSuccess, entry.startedAt);
        },
        () => {},
      );
    }
    return work.finally(() => {
      this.waiting.delete(entry);
      if (!answers) return;
      this.newestAnswered = Math.max(this.newestAnswered, entry.startedAt);
      this.lastAnswerAt = this.now();
    });
  }

  /**
   * When the newest work sent to the writer that was answered with success was sent (-Infinity
   * before the first): what a peer is asked (decision 805), since an error is an answer too.
   */
  newestWriterSuccessStart(): number {
    return this.newestWriterSuccess;
  }

  /**
   * Since when the oldest work waits that has heard nothing, nor anything started after it;
   * null while there is none.
   */
  silentSince(): number | null {
    let since: number | null = null;
    for (const { startedAt } of this.waiting) {
      if (startedAt > this.newestAnswered && (since === null || startedAt < since)) since = startedAt;
    }
    return since;
  }

  /** When the newest work that has had an answer was sent (-Infinity before the first answer). */
  newestAnsweredStart(): number {
    return this.newestAnswered;
  }

  /** How long ago the database last answered anything (null before its first answer). */
  answeredMsAgo(): number | null {
    return this.lastAnswerAt === null ? null : this.now() - this.lastAnswerAt;
  }

  /** How long that has lasted (0 when nothing is stuck): what peers are told at `/readyz/writer`. */
  quietMs(): number {
    const since = this.silentSince();
    return since === null ? 0 : this.now() - since;
  }
}
