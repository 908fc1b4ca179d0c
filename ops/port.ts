/**
 * Checked before anything slow (database, build) so that a port clash costs the user one second, not a minute.
 */
import net from "node:net";

/** Why the web app could not listen on `port`, in one line the user can act on; undefined when it can. */
export async function portProblem(port: number): Promise<string | undefined> {
  // Probed on every interface, as `next start` listens: a server bound only to 127.0.0.1 still clashes.
  const code = await tryListen(port);
  if (code === undefined) return undefined;
  if (code === "EADDRINUSE") {
    return `Port ${port} is already in use. Stop the process using it or set PORT=... to another port.`;
  }
  if (code === "EACCES")
    return `Not allowed to listen on port ${port} (ports below 1024 need privileges). Set PORT=...`;
  return `Cannot listen on port ${port} (${code}). Set PORT=... to another port.`;
}

function tryListen(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen(port, () => probe.close(() => resolve(undefined)));
  });
}
