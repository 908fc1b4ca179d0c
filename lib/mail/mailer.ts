import nodemailer from "nodemailer";

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * Sends mail through the SMTP server in SMTP_URL. Returns false (sends nothing) when no SMTP server is
 * configured, so callers can fall back to showing a link instead.
 */
export async function sendMail(
  mail: OutgoingMail,
  config: { smtpUrl: string | undefined; from: string },
): Promise<boolean> {
  if (!config.smtpUrl) return false;
  const transport = nodemailer.createTransport(config.smtpUrl);
  try {
    await transport.sendMail({ from: config.from, ...mail });
    return true;
  } finally {
    transport.close();
  }
}
