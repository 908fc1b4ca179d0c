import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendMail } from "./mailer";
import { type MailCatcher, startMailCatcher } from "../../test-support/mail/mail-catcher";

interface ReceivedMail {
  from: string | undefined;
  to: string[];
  raw: string;
}

// A real SMTP server on a free localhost port, so the test covers nodemailer's whole conversation with a server.
const received: ReceivedMail[] = [];
let catcher: MailCatcher;
let smtpUrl = "";

beforeAll(async () => {
  catcher = await startMailCatcher((mail) => {
    received.push({ from: mail.from, to: mail.to, raw: mail.raw.toString("utf8") });
  });
  smtpUrl = catcher.smtpUrl;
});

afterAll(async () => {
  await catcher.close();
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
    const closed = await startMailCatcher(() => {});
    await closed.close();
    await expect(
      sendMail({ to: "ada@example.com", subject: "Hi", text: "Hello" }, { smtpUrl: closed.smtpUrl, from: "x@y.z" }),
    ).rejects.toThrow();
  });
});
