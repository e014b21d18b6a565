// Minimal HTTP clients for the process-level tests: one request per fresh connection
// (so a refused connection is visible as such), and a raw socket whose request can be
// left unfinished to play a slow client.
import http from 'node:http';
import net from 'node:net';

export interface SimpleResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  json<T = unknown>(): T;
}

export interface RequestOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
  /** Source address of the connection (any 127.x.y.z works on Linux loopback). */
  readonly localAddress?: string;
}

export function request(url: string, options: RequestOptions = {}): Promise<SimpleResponse> {
  const target = new URL(url);
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string' || Buffer.isBuffer(options.body)
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (payload !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(payload));
  }
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: options.method ?? 'GET',
        headers,
        agent: false,
        localAddress: options.localAddress,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Resolves true when a new TCP connection to host:port is refused. */
export function connectionRefused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED');
    });
  });
}

export async function waitUntil(
  condition: () => Promise<boolean>,
  { timeoutMs = 5000, intervalMs = 25, what = 'condition' } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface SlowRequest {
  /** Sends the rest of the body; resolves with the status code of the response. */
  finish(): Promise<number>;
  /** Resolves with the status code, or rejects when the connection closes without a response. */
  readonly response: Promise<{ status: number; raw: string }>;
  destroy(): void;
}

/**
 * Writes the request line, headers and the first half of a JSON body, then waits: to the
 * server this is a request in flight from a slow client.
 */
export function startSlowRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<SlowRequest> {
  const target = new URL(url);
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const head =
    `${method} ${target.pathname}${target.search} HTTP/1.1\r\n` +
    `Host: ${target.host}\r\n` +
    Object.entries({ 'Content-Type': 'application/json', ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('') +
    `Content-Length: ${payload.length}\r\nConnection: close\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: target.hostname, port: Number(target.port) });
    let raw = '';
    const response = new Promise<{ status: number; raw: string }>((res, rej) => {
      socket.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
      });
      socket.on('close', () => {
        const match = /^HTTP\/1\.1 (\d{3})/.exec(raw);
        if (match) res({ status: Number(match[1]), raw });
        else rej(new Error(`connection closed without a response (${raw.length} bytes)`));
      });
      socket.on('error', () => {
        // 'close' follows and settles the promise.
      });
    });
    response.catch(() => {});
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.write(head);
      socket.write(payload.subarray(0, half));
      resolve({
        finish: async () => {
          socket.write(payload.subarray(half));
          return (await response).status;
        },
        response,
        destroy: () => socket.destroy(),
      });
    });
  });
}
