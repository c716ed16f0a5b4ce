/** A bound on handlers running at once, shared by the live and the replay consumer. */
export class Slots {
  private used = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly max: number) {}

  free(): number {
    return this.max - this.used;
  }

  tryAcquire(): boolean {
    if (this.used >= this.max) return false;
    this.used += 1;
    return true;
  }

  release(): void {
    this.used -= 1;
    for (const listener of [...this.listeners]) listener();
  }

  /** Calls `listener` after every release until the returned function is called. */
  onRelease(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
