/**
 * A real SMTP server on a free localhost port that hands every message it receives to `onMessage`: the tests and
 * the e2e server send mail through nodemailer's whole conversation with a server, never a mock.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CaughtMessage {
  from: string | undefined;
  to: string[];
  raw: Buffer;
}

export interface MailCatcher {
  smtpUrl: string;
  close(): Promise<void>;
}

export function startMailCatcher(onMessage: (message: CaughtMessage) => void | Promise<void>): Promise<MailCatcher> {
  const server = new SMTPServer({
    authOptional: true,
    // No TLS: nodemailer would upgrade to STARTTLS and reject smtp-server's self-signed certificate.
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const from = session.envelope.mailFrom;
        const message = {
          from: from ? from.address : undefined,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks),
        };
        Promise.resolve(onMessage(message)).then(() => callback(), callback);
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({
        smtpUrl: `smtp://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
