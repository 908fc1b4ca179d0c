/**
 * The sandbox's log as a team may see it: host paths cut down to their file name (they tell a team nothing and
 * an attacker the layout of the runner's machine), control characters removed, and the size bounded. The log
 * never holds labels to begin with: the child is given inputs only, and scores are computed outside it
 * (runner/child/main.ts); this is the last line of defence for what the runner itself writes.
 */
const MAX_LOG_CHARACTERS = 64 * 1024;
// An absolute POSIX path of two or more segments (/home/x/y.onnx, /sys/fs/cgroup/...).
const HOST_PATH = /(?<![\w.])\/(?:[\w.@+-]+\/)+([\w.@+-]*)/g;
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

export function sanitizeLog(log: string): string {
  const cleaned = log.replace(CONTROL, "").replace(HOST_PATH, (_match, base: string) => `…/${base}`);
  if (cleaned.length <= MAX_LOG_CHARACTERS) return cleaned;
  return `[… ${cleaned.length - MAX_LOG_CHARACTERS} earlier characters left out]\n${cleaned.slice(-MAX_LOG_CHARACTERS)}`;
}
