/**
 * A running implementation under test: a shell command that reads one JSON request per line
 * on stdin ({"id", "fn", "args"}) and writes one JSON reply per line on stdout ({"id",
 * "result"}, {"id", "error"} or {"id", "notImplemented": true}). Timeouts, malformed
 * replies and an exited process are reported as `ImplementationFailure`s, never as crashes
 * of the runner.
 */

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export class ImplementationFailure extends Error {}

/** Extra wait for the first reply of a process: starting a runtime (npx, tsx) can take seconds on a loaded machine. */
export const STARTUP_ALLOWANCE_MS = 30_000;

/** How long an exited implementation's stdout may stay open (held by a process it started) before the exit is reported. */
const EXIT_GRACE_MS = 500;

/** The implementation answered with {"error": …}: a wrong answer, not a broken process. */
export class ImplementationError extends Error {}

/** The implementation answered {"notImplemented": true}: it does not provide this function. */
export class NotImplemented extends Error {}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class Implementation {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private broken: ImplementationFailure | undefined;
  private stderrTail = '';

  constructor(
    readonly command: string,
    private readonly timeoutMs: number,
    /** Extra wait for the first reply (a process starting up); default STARTUP_ALLOWANCE_MS. */
    private readonly startupMs: number = STARTUP_ALLOWANCE_MS,
  ) {
    // Its own process group, so that the shell and everything it started end together: a
    // grandchild holding the pipes open would otherwise keep the runner from exiting.
    this.child = spawn(command, { shell: true, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    process.once('exit', this.killGroup);
    this.child.stdin.on('error', () => undefined); // a closed pipe surfaces as the exit below
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderrTail = (this.stderrTail + chunk.toString()).slice(-400)));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line));
    this.child.on('error', (error) => this.fail(new ImplementationFailure(`cannot start '${command}': ${error.message}`)));
    // 'exit' can come before the last lines of stdout are read (a reply, or a malformed one,
    // written just before exiting), so the exit is reported once stdout has closed, or after
    // EXIT_GRACE_MS when a process it started still holds the pipe.
    this.child.on('exit', (code, signal) => {
      const reportExit = (): void => {
        const detail = this.stderrTail.trim() === '' ? '' : `; its stderr ended with: ${this.stderrTail.trim().split('\n').slice(-2).join(' | ')}`;
        this.fail(new ImplementationFailure(`the implementation exited (${signal ?? `code ${code}`})${detail}`));
      };
      if (this.child.stdout.readableEnded || this.child.stdout.destroyed) reportExit();
      else {
        const grace = setTimeout(reportExit, EXIT_GRACE_MS);
        this.child.stdout.once('close', () => {
          clearTimeout(grace);
          setImmediate(reportExit); // after readline has handed over the last line
        });
      }
    });
  }

  private fail(failure: ImplementationFailure): void {
    this.broken ??= failure;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(this.broken);
      this.pending.delete(id);
    }
  }

  private onLine(line: string): void {
    if (line.trim() === '') return;
    let reply: { id?: unknown; result?: unknown; error?: unknown; notImplemented?: unknown };
    try {
      reply = JSON.parse(line) as typeof reply;
    } catch {
      this.fail(new ImplementationFailure(`malformed reply (not JSON): ${line.slice(0, 200)}`));
      return;
    }
    const pending = typeof reply.id === 'number' ? this.pending.get(reply.id) : undefined;
    if (pending === undefined || typeof reply !== 'object' || reply === null) {
      this.fail(new ImplementationFailure(`malformed reply (no pending request with this id): ${line.slice(0, 200)}`));
      return;
    }
    clearTimeout(pending.timer);
    this.pending.delete(reply.id as number);
    if (reply.notImplemented === true) pending.reject(new NotImplemented('not implemented'));
    else if (typeof reply.error === 'string') pending.reject(new ImplementationError(reply.error));
    else if ('result' in reply) pending.resolve(reply.result);
    else this.fail(new ImplementationFailure(`malformed reply (neither result nor error): ${line.slice(0, 200)}`));
  }

  /** Sends one request and waits for its reply. */
  call(fn: string, args: unknown): Promise<unknown> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const id = this.nextId++;
    const waitMs = id === 1 ? this.timeoutMs + this.startupMs : this.timeoutMs;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new ImplementationFailure(`no reply to ${fn} within ${waitMs} ms`));
        this.killGroup();
      }, waitMs);
      this.pending.set(id, { resolve, reject, timer });
      this.child.stdin.write(`${JSON.stringify({ id, fn, args })}\n`);
    });
  }

  /** Ends the implementation's whole process group (SIGKILL: it has had its chance to answer). */
  private readonly killGroup = (): void => {
    process.removeListener('exit', this.killGroup);
    const { pid } = this.child;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group has ended already.
    }
    // Pipes a surviving process might still hold must not keep this process alive.
    this.child.stdout.destroy();
    this.child.stderr.destroy();
    this.child.stdin.destroy();
  };

  close(): void {
    for (const pending of this.pending.values()) clearTimeout(pending.timer);
    this.child.stdin.end();
    this.killGroup();
  }
}
