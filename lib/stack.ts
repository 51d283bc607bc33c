import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ForwarderConfig } from './config';
import { EngageWfmForwarder } from './engage-wfm-forwarder';

export interface ForwarderStackProps extends StackProps {
  config: ForwarderConfig;
}

/** The default deployment: one forwarder per stage, checked by cdk-nag (see bin/app.ts). */
export class EngageWfmForwarderStack extends Stack {
  readonly forwarder: EngageWfmForwarder;

  constructor(scope: Construct, id: string, props: ForwarderStackProps) {
    super(scope, id, props);
    // cdk-nag's acknowledgements live in the construct, on the resources they are about.
    this.forwarder = new EngageWfmForwarder(this, 'Forwarder', { config: props.config });
  }
}
