/**
 * Reads one line from a terminal without echoing it, as `gh auth login` and `npm login` read secrets: the prompt
 * is written, then the terminal's echo of each key is swallowed, so a pasted API token never appears on screen
 * or in a recorded terminal session.
 */
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";

export async function readHiddenLine(
  prompt: string,
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
): Promise<string> {
  let muted = false;
  const muffled = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input, output: muffled, terminal: true });
  try {
    const answer = reader.question(prompt);
    // The prompt is written synchronously by question(); everything after it is the echo of what is typed.
    muted = true;
    return await answer;
  } finally {
    reader.close();
    output.write("\n");
  }
}
