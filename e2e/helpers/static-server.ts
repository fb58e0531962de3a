/**
 * A static file server over a build, on a free port of 127.0.0.1 (a secure context, as localhost is),
 * sending the headers a test chooses (a host with or without cross-origin isolation) and no HTTP caching.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm', // WebAssembly.instantiateStreaming requires it
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticServer {
  url: string;
  /** Paths requested so far (clear it to watch a phase). */
  requests: string[];
  stop(): Promise<void>;
}

export async function serveStatic(root: string, headers: Record<string, string>): Promise<StaticServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    requests.push(path);
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    const isFile = file.startsWith(root + sep) && statSync(file, { throwIfNoEntry: false })?.isFile();
    if (!isFile) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {
      ...headers,
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}
