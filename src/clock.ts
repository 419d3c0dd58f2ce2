// The mock's one clock. It runs in real time unless a test sets, freezes or
// advances it; every timestamp the server writes, and the completion of bookings
// whose end has passed, read it. Its state can be saved and restored, so a server
// restarted on the same database file keeps the time it was given.

/** What is saved of a clock: how far it is from real time, or where it stands still. */
export interface ClockState {
  offsetMs: number
  frozenAtMs: number | null
}

/** A settable clock in milliseconds since the epoch. */
export class Clock {
  private offsetMs = 0
  private frozenAtMs: number | null = null

  private readonly realNow: () => number

  constructor (realNow: () => number = Date.now) {
    this.realNow = realNow
  }

  /** The mock's current time. */
  now (): number {
    return this.frozenAtMs ?? this.realNow() + this.offsetMs
  }

  get frozen (): boolean {
    return this.frozenAtMs !== null
  }

  /** Moves the clock to `ms`; a frozen clock stays frozen there. */
  set (ms: number): void {
    if (this.frozenAtMs !== null) this.frozenAtMs = ms
    else this.offsetMs = ms - this.realNow()
  }

  /** Moves the clock forward (or back, for a negative amount). */
  advance (ms: number): void {
    this.set(this.now() + ms)
  }

  /** Stops the clock where it is (true) or lets it run on from there (false). */
  freeze (frozen: boolean): void {
    if (frozen && this.frozenAtMs === null) this.frozenAtMs = this.now()
    if (!frozen && this.frozenAtMs !== null) {
      this.offsetMs = this.frozenAtMs - this.realNow()
      this.frozenAtMs = null
    }
  }

  /** Back to real time, running. */
  reset (): void {
    this.offsetMs = 0
    this.frozenAtMs = null
  }

  state (): ClockState {
    return { offsetMs: this.offsetMs, frozenAtMs: this.frozenAtMs }
  }

  restore (state: ClockState): void {
    this.offsetMs = state.offsetMs
    this.frozenAtMs = state.frozenAtMs
  }
}
