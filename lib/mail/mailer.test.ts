import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMail } from "./mailer";

interface ReceivedMail {
  from: string | undefined;
  to: string[];
  raw: string;
}

// A real SMTP server on a free localhost port, so the test covers nodemailer's whole conversation with a server.
const received: ReceivedMail[] = [];
const server = new SMTPServer({
  authOptional: true,
  // No TLS in the test: nodemailer would upgrade to STARTTLS and reject smtp-server's self-signed certificate.
  disabledCommands: ["STARTTLS"],
  logger: false,
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const from = session.envelope.mailFrom;
      received.push({
        from: from ? from.address : undefined,
        to: session.envelope.rcptTo.map((recipient) => recipient.address),
        raw: Buffer.concat(chunks).toString("utf8"),
      });
      callback();
    });
  },
});
let smtpUrl = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("sendMail", () => {
  it("delivers the message to the SMTP server in SMTP_URL", async () => {
    const sent = await sendMail(
      { to: "ada@example.com", subject: "Your Joulebench invite", text: "Join team Lovelace: http://localhost/x" },
      { smtpUrl, from: "Joulebench <no-reply@joulebench.local>" },
    );
    expect(sent).toBe(true);
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail?.from).toBe("no-reply@joulebench.local");
    expect(mail?.to).toEqual(["ada@example.com"]);
    expect(mail?.raw).toMatch(/^Subject: Your Joulebench invite\r$/m);
    expect(mail?.raw).toMatch(/^To: ada@example\.com\r$/m);
    expect(mail?.raw).toContain("Join team Lovelace: http://localhost/x");
  });

  it("sends nothing and returns false without SMTP_URL", async () => {
    const before = received.length;
    const sent = await sendMail(
      { to: "ada@example.com", subject: "Hi", text: "Hello" },
      { smtpUrl: undefined, from: "x@y.z" },
    );
    expect(sent).toBe(false);
    expect(received).toHaveLength(before);
  });

  it("fails loudly when the SMTP server refuses the connection", async () => {
    // A port nobody listens on any more: the caller must learn that the mail did not go out.
    const closed = new SMTPServer({ authOptional: true, logger: false });
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(
      sendMail(
        { to: "ada@example.com", subject: "Hi", text: "Hello" },
        { smtpUrl: `smtp://127.0.0.1:${port}`, from: "x@y.z" },
      ),
    ).rejects.toThrow();
  });
});
