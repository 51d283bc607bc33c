/**
 * What the process writes to stdout and stderr during each test of the calling `describe`
 * (captured, not shown), and its JSON lines: log lines and metrics (EMF) as the functions write
 * them; Powertools' own notices (no metrics to publish, say) are plain text and left out.
 */
export function capturedOutput() {
  const written: string[] = [];
  beforeEach(() => {
    written.length = 0;
    for (const stream of [process.stdout, process.stderr]) {
      jest.spyOn(stream, 'write').mockImplementation((chunk) => {
        written.push(String(chunk));
        return true;
      });
    }
  });
  afterEach(() => jest.restoreAllMocks());
  return {
    written,
    // biome-ignore lint/suspicious/noExplicitAny: parsed JSON lines, read by the tests' matchers.
    lines: (): any[] =>
      written
        .flatMap((chunk) => chunk.trimEnd().split('\n'))
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line)),
  };
}
