/**
 * A TCP relay in front of a test server that a test can cut at any moment: every open connection is destroyed
 * and new ones are refused, as when a storage host goes down or the network between it and us does.
 */
import { createConnection, createServer, type Socket } from "node:net";

export interface CuttableProxy {
  port: number;
  /** Destroys every relayed connection and stops listening. */
  cut(): Promise<void>;
}

export interface CuttableProxyOptions {
  /** Cut by itself once the server has sent this many bytes back (a download dying part-way). */
  cutAfterResponseBytes?: number;
}

export async function startCuttableProxy(
  targetPort: number,
  options: CuttableProxyOptions = {},
): Promise<CuttableProxy> {
  const sockets = new Set<Socket>();
  let responseBytes = 0;
  let cutting: Promise<void> | undefined;
  const server = createServer((client) => {
    const upstream = createConnection(targetPort, "127.0.0.1");
    upstream.on("data", (chunk: Buffer) => {
      responseBytes += chunk.length;
      if (options.cutAfterResponseBytes !== undefined && responseBytes > options.cutAfterResponseBytes) void cut();
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
      socket.on("error", () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const cut = () =>
    (cutting ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    })());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("the proxy has no port");
  return {
    port: address.port,
    cut,
  };
}
