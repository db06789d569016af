import { createServer } from "node:net";

export const HOST = "127.0.0.1";

/** A free loopback port, as the OS hands it out (a later bind may still lose a race for it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => (address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once("error", () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

/** `preferred`, or the next free port above it: a port in use is skipped, not fatal. */
export async function portFrom(preferred: number, attempts = 50): Promise<number> {
  for (let port = preferred; port < preferred + attempts && port <= 65_535; port++) {
    if (await isPortFree(port)) return port;
  }
  return freePort();
}
