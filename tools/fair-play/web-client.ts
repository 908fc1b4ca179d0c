/**
 * A browser without JavaScript, over plain HTTP: a cookie jar, and forms submitted the way a browser submits them
 * when scripts are off (Next.js renders server-action forms with hidden `$ACTION_…` fields for exactly that). It
 * sees what any visitor sees; nothing here knows the site's internals.
 */
import http from "node:http";
import https from "node:https";

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ClientOptions {
  /** Local address to connect from (a loopback alias, so a check's throttle use does not land on 127.0.0.1). */
  localAddress?: string;
}

export class WebClient {
  private readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly options: ClientOptions = {},
  ) {}

  /** One request; `headers` may add any header a client can write (a made-up X-Forwarded-For, say). */
  request(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Buffer | string } = {},
  ): Promise<Answer> {
    const url = new URL(path, this.baseUrl);
    const transport = url.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (init.body !== undefined) headers["content-length"] = String(Buffer.byteLength(init.body));
    return new Promise((resolve, reject) => {
      // A loopback alias is IPv4: connect over IPv4 too, or "localhost" may resolve to ::1 and refuse the bind.
      const family = this.options.localAddress?.includes(".") ? 4 : undefined;
      const request = transport.request(
        url,
        { method, headers, localAddress: this.options.localAddress, family },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            this.keepCookies(response.headers["set-cookie"] ?? []);
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            });
          });
          response.on("error", reject);
        },
      );
      request.setTimeout(60_000, () => request.destroy(new Error(`${method} ${url.pathname} timed out`)));
      request.on("error", reject);
      if (init.body !== undefined) request.write(init.body);
      request.end();
    });
  }

  get(path: string, headers?: Record<string, string>): Promise<Answer> {
    return this.request("GET", path, { headers });
  }

  /** JSON to API v1, with this client's session cookie (the API accepts a signed-in browser's session). */
  async api(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: Record<string, unknown> }> {
    const answer = await this.request(method, path, {
      headers: {
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(answer.body) as Record<string, unknown>;
    } catch {
      // Not JSON: the status says enough.
    }
    return { status: answer.status, json };
  }

  /**
   * Submits the form on `pagePath` that has a field or button named by `formHas` (a field name or button text),
   * with `values` filled in, as a browser without JavaScript does: multipart, to the page's own URL.
   */
  async submitForm(
    pagePath: string,
    formHas: string,
    values: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const page = await this.get(pagePath);
    const form = findForm(page.body, formHas);
    if (!form) throw new Error(`no form with "${formHas}" on ${pagePath} (HTTP ${page.status})`);
    return this.postMultipart(pagePath, { ...form.fields, ...values }, headers);
  }

  postMultipart(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
    const boundary = `----fairplay${Math.random().toString(16).slice(2)}`;
    const body = Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("");
    return this.request("POST", path, {
      headers: {
        "content-type": `multipart/form-data; boundary=${boundary}`,
        origin: new URL(this.baseUrl).origin,
        ...headers,
      },
      body: `${body}--${boundary}--\r\n`,
    });
  }

  private keepCookies(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const separator = pair.indexOf("=");
      if (separator < 0) continue;
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      const expired = attributes.some((attribute) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** The visible text of a page, tags stripped and entities decoded, for matching messages. */
export function pageText(html: string): string {
  return decodeEntities(html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&amp;/g, "&");
}

/** The form containing `marker` (a field name or button text) and its fields with their current values. */
export function findForm(html: string, marker: string): { fields: Record<string, string> } | undefined {
  for (const match of html.matchAll(/<form\b[\s\S]*?<\/form>/g)) {
    const form = match[0];
    if (!form.includes(`name="${marker}"`) && !pageText(form).includes(marker)) continue;
    const fields: Record<string, string> = {};
    for (const input of form.matchAll(/<input\b[^>]*>/g)) {
      const name = /\bname="([^"]*)"/.exec(input[0])?.[1];
      if (!name) continue;
      fields[decodeEntities(name)] = decodeEntities(/\bvalue="([^"]*)"/.exec(input[0])?.[1] ?? "");
    }
    return { fields };
  }
  return undefined;
}
