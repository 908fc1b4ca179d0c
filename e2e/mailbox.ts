import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { simpleParser } from "mailparser";

export const E2E_DATA_DIR = path.resolve(".data", "e2e");
export const MAIL_DIR = path.join(E2E_DATA_DIR, "mail");

export interface CaughtMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Waits for the newest message to `to` that the e2e SMTP server caught (see e2e/serve.ts). */
export async function waitForMail(
  to: string,
  { timeoutMs = 15_000, after = 0, subject }: { timeoutMs?: number; after?: number; subject?: RegExp } = {},
): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = (await readdir(MAIL_DIR)).sort().reverse();
    for (const file of files) {
      if (Number(file.split("-")[0]) < after) continue;
      const parsed = await simpleParser(await readFile(path.join(MAIL_DIR, file)));
      const recipients = [parsed.to].flat().flatMap((address) => address?.value ?? []);
      const matchesSubject = !subject || subject.test(parsed.subject ?? "");
      if (matchesSubject && recipients.some((recipient) => recipient.address?.toLowerCase() === to.toLowerCase())) {
        return {
          to,
          subject: parsed.subject ?? "",
          text: parsed.text ?? "",
          html: typeof parsed.html === "string" ? parsed.html : "",
        };
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`No mail to ${to} arrived within ${timeoutMs} ms`);
}

/** The first link in a mail that points at our site. */
export function linkIn(mail: CaughtMail, baseUrl: string): string {
  const links = `${mail.text}\n${mail.html}`.match(/https?:\/\/[^\s"'<>]+/g) ?? [];
  const link = links.find((candidate) => candidate.startsWith(baseUrl));
  if (!link) throw new Error(`No ${baseUrl} link in mail "${mail.subject}":\n${mail.text}`);
  return link.replaceAll("&amp;", "&");
}
