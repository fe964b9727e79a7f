/** The last warnings and errors, kept in memory for "Copy diagnostics" (entries arrive already redacted). */
import type { LogEntry, LogSink } from './logger';

export class RecentErrors implements LogSink {
  private entries: LogEntry[] = [];

  constructor(private readonly capacity = 50) {}

  write(entry: LogEntry): void {
    if (entry.level !== 'error' && entry.level !== 'warn') return;
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Oldest first. */
  list(): LogEntry[] {
    return [...this.entries];
  }
}
