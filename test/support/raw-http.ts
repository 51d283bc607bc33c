import { connect } from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The whole answer as it came over the wire: status line, headers and body. */
  bytes: number;
}

/**
 * One HTTP/1.1 request over a plain socket, keep-alive as senders use it, and the answer exactly
 * as the server wrote it, so its size can be measured whole (fetch hides the status line and
 * the headers' own bytes).
 */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body = '',
): Promise<RawAnswer> {
  const { hostname, port, pathname, search } = new URL(url);
  const lines = [
    `${method} ${pathname}${search} HTTP/1.1`,
    `host: ${hostname}:${port}`,
    `content-length: ${Buffer.byteLength(body)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      const whole = Buffer.concat(chunks);
      const end = whole.indexOf('\r\n\r\n');
      if (end < 0) return;
      const [statusLine = '', ...headerLines] = whole.subarray(0, end).toString().split('\r\n');
      const parsed = Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      const length = Number(parsed['content-length'] ?? 0);
      if (whole.length < end + 4 + length) return;
      socket.destroy();
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers: parsed,
        body: whole.subarray(end + 4, end + 4 + length).toString(),
        bytes: end + 4 + length,
      });
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}
