import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

/** Diagnostics from which a publish is encoded in slices (fewer take a few milliseconds at most). */
export const SLICED_FROM = 5000;
/** Diagnostics encoded per turn of the event loop: about 5 ms. */
const PER_SLICE = 2000;
/** Stands in the encoded message for the diagnostics, which are put there as encoded in slices. */
const HOLE = '\u0000diagnostics\u0000';
const HOLE_JSON = JSON.stringify(HOLE);

/**
 * The stdio writer (vscode-jsonrpc's StreamMessageWriter does the same framing) for a server that
 * publishes large diagnostics. A message is one JSON text, and the library encodes it in one turn
 * of the event loop: the 60,000 problems of a 200 MB export are 15 MB, 0.2 to 0.5 s during which
 * a hover or a completion is neither read nor answered. Here such a publish is encoded a slice
 * at a time, and a response may go out between two slices: a response is only ever ordered after
 * the request it answers, which the client sent and the server read before it. Everything else
 * (notifications, the server's own requests) keeps its order: a version's diagnostics never
 * overtake the version's before them, and a progress end never overtakes the publish it follows.
 */
export class SlicedStreamWriter extends AbstractMessageWriter implements MessageWriter {
  private readonly queue: Array<{ msg: Message; done: () => void }> = [];
  private pumping = false;
  private errors = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {
    super();
    stream.on('error', (error: Error) => this.fireError(error));
    stream.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    if (isResponse(msg)) return this.send(JSON.stringify(msg), msg);
    return new Promise((done) => {
      this.queue.push({ msg, done });
      void this.pump();
    });
  }

  end(): void {}

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        try {
          await this.send(await encode(next.msg), next.msg);
        } catch (error) {
          this.fireError(error as Error, next.msg, ++this.errors);
        }
        next.done();
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Header and body written in the same turn: no other message's bytes can come between them. */
  private send(body: string, msg: Message): Promise<void> {
    const bytes = Buffer.from(body, 'utf8');
    return new Promise((resolve) => {
      try {
        this.stream.write(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii');
        this.stream.write(bytes, (error?: Error | null) => {
          if (error) this.fireError(error, msg, ++this.errors);
          else this.errors = 0;
          resolve();
        });
      } catch (error) {
        this.fireError(error as Error, msg, ++this.errors);
        resolve();
      }
    });
  }
}

function isResponse(msg: Message): boolean {
  return 'id' in msg && !('method' in msg);
}

/** The message as JSON; a large publish of diagnostics a slice per turn of the event loop. */
export async function encode(msg: Message): Promise<string> {
  const params = (msg as { method?: string; params?: { diagnostics?: unknown } }).params;
  const diagnostics = params?.diagnostics;
  if (!Array.isArray(diagnostics) || diagnostics.length < SLICED_FROM) return JSON.stringify(msg);
  const parts: string[] = [];
  for (let i = 0; i < diagnostics.length; i += PER_SLICE) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    parts.push(JSON.stringify(diagnostics.slice(i, i + PER_SLICE)).slice(1, -1));
  }
  const frame = JSON.stringify({ ...msg, params: { ...params, diagnostics: HOLE } });
  const at = frame.indexOf(HOLE_JSON);
  return `${frame.slice(0, at)}[${parts.join(',')}]${frame.slice(at + HOLE_JSON.length)}`;
}
