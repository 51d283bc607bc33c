import type { Template } from 'aws-cdk-lib/assertions';
import { synth } from '../support/synth';

const loggingConfigs = (template: Template) =>
  Object.values(template.findResources('AWS::Lambda::Function'))
    .filter((fn) => fn.Properties?.Environment?.Variables?.POWERTOOLS_LOG_LEVEL !== undefined)
    .map((fn) => fn.Properties.LoggingConfig);

describe("the functions' logs", () => {
  it("are JSON without Lambda's START, END and REPORT lines, the functions' lines from INFO", () => {
    const configs = loggingConfigs(synth({ stage: 'dev' }).template);
    // Ingest, the store, the read side and housekeeping.
    expect(configs).toHaveLength(4);
    for (const config of configs) {
      expect(config).toMatchObject({
        LogFormat: 'JSON',
        SystemLogLevel: 'WARN',
        // Never above INFO: the metrics' EMF lines carry no level, which Lambda reads as INFO.
        ApplicationLogLevel: 'INFO',
      });
    }
    for (const config of loggingConfigs(synth({ stage: 'dev', logLevel: 'ERROR' }).template)) {
      expect(config).toMatchObject({ SystemLogLevel: 'WARN', ApplicationLogLevel: 'INFO' });
    }
  });

  it('keep everything at DEBUG', () => {
    for (const config of loggingConfigs(synth({ stage: 'dev', logLevel: 'debug' }).template)) {
      expect(config).toMatchObject({
        LogFormat: 'JSON',
        SystemLogLevel: 'DEBUG',
        ApplicationLogLevel: 'DEBUG',
      });
    }
  });
});
