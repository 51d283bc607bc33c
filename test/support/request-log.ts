import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const WRITES = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'BatchWriteItemCommand',
  'TransactWriteItemsCommand',
]);

export interface SentCommand {
  readonly name: string;
  readonly input: Record<string, unknown>;
}

/**
 * Watches the commands a DynamoDB client sends (middleware ahead of the SDK's retries), and can
 * make chosen ones fail before they reach the emulator: a seeded fault.
 */
export class RequestLog {
  readonly sent: SentCommand[] = [];
  private failWhen: ((command: SentCommand) => boolean) | undefined;
  private readonly name = `request-log-${Math.random().toString(36).slice(2)}`;

  constructor(private readonly client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = {
          name: String(context.commandName),
          input: args.input as Record<string, unknown>,
        };
        this.sent.push(command);
        if (this.failWhen?.(command)) {
          throw Object.assign(new Error('seeded fault'), { name: 'InternalServerError' });
        }
        return next(args);
      },
      { step: 'initialize', name: this.name },
    );
  }

  /** Write requests sent so far (failed conditional writes count: they are billed). */
  get writes(): number {
    return this.sent.filter((command) => WRITES.has(command.name)).length;
  }

  failCommandsWhere(predicate: ((command: SentCommand) => boolean) | undefined): void {
    this.failWhen = predicate;
  }

  reset(): void {
    this.sent.length = 0;
  }

  detach(): void {
    this.client.middlewareStack.remove(this.name);
  }
}
