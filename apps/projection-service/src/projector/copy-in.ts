import type pg from 'pg';

/** The part of pg's connection a COPY FROM STDIN writes to (pg has no public COPY API without a plugin). */
type CopyConnection = {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
};

/**
 * `COPY … FROM STDIN` of ready-made data as one pg "submittable" (the interface pg-cursor and
 * pg-copy-streams use): the server asks for the data, gets it in one message, answers with a
 * command tag. An error answer rejects at once; pg then waits for ReadyForQuery before the
 * connection's next query, as for any failed statement.
 */
class CopyIn {
  readonly done: Promise<void>;
  private settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly data: Buffer,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    connection.sendCopyFromChunk(this.data);
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleReadyForQuery(): void {
    if (!this.failed) this.settle?.resolve();
  }

  handleError(err: unknown): void {
    this.failed = true;
    this.settle?.reject(err);
  }
}

export async function copyIn(client: Pick<pg.ClientBase, 'query'>, text: string, data: Buffer): Promise<void> {
  const copy = new CopyIn(text, data);
  (client as unknown as { query(submittable: CopyIn): unknown }).query(copy);
  await copy.done;
}
