/** Content negotiation for the answers we compress ourselves (the page cache, cached board exports). */

/** Whether the client takes a gzip body (RFC 9110 §12.5.3: a q of 0 refuses it). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(",").some((coding) => {
    const [name, ...parameters] = coding.split(";").map((part) => part.trim().toLowerCase());
    if (name !== "gzip" && name !== "*") return false;
    const quality = parameters.find((parameter) => parameter.startsWith("q="));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}
