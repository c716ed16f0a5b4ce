import { BaseRpcContext } from '@nestjs/microservices';

export type JetStreamContextArgs = {
  /** The event's subject on the event stream (`artifacts.…`), also for replayed dead letters. */
  subject: string;
  /** The event's sequence on the event stream. */
  sequence: number;
  /** Deliveries of this message so far, this one included. */
  deliveryCount: number;
  /** NATS headers of the message, first value per name. */
  headers: Record<string, string>;
  /** True when the event comes back from the dead-letter stream by `dlq replay`. */
  replay: boolean;
};

/** The second handler argument (`@Ctx()`): where the event came from and how often it was delivered. */
export class JetStreamContext extends BaseRpcContext<[JetStreamContextArgs]> {
  get subject(): string {
    return this.args[0].subject;
  }
  get sequence(): number {
    return this.args[0].sequence;
  }
  get deliveryCount(): number {
    return this.args[0].deliveryCount;
  }
  get headers(): Record<string, string> {
    return this.args[0].headers;
  }
  get replay(): boolean {
    return this.args[0].replay;
  }
}
