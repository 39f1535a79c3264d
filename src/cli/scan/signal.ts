/** A one-shot wake-up for loops that wait on several conditions (capacity, output progress, failure). */
export class Signal {
  private waiters: Array<() => void> = [];

  /** Resolves at the next {@link Signal.notify}. Re-check the condition after it resolves. */
  wait(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Wakes every current waiter. */
  notify(): void {
    if (this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
