/**
 * The upload itself: XMLHttpRequest rather than fetch, because only XHR reports upload progress in browsers.
 * The metadata field goes before the file, so the server checks it before reading a byte of the bundle.
 */
export interface UploadAnswer {
  status: number;
  body: {
    submissions?: { id: string; url: string; trackId: string }[];
    error?: { code: string; message: string; details?: string[] };
  };
}

export function uploadSubmission(
  slug: string,
  metadata: unknown,
  file: File,
  onProgress: (sentBytes: number, totalBytes: number) => void,
): { done: Promise<UploadAnswer>; abort: () => void } {
  const form = new FormData();
  form.append("metadata", JSON.stringify(metadata));
  form.append("bundle", file, file.name);
  const request = new XMLHttpRequest();
  const done = new Promise<UploadAnswer>((resolve, reject) => {
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded, event.total);
    };
    request.onload = () => {
      let body: UploadAnswer["body"] = {};
      try {
        body = JSON.parse(request.responseText) as UploadAnswer["body"];
      } catch {
        body = {
          error: {
            code: "INTERNAL",
            message: `The server answered ${request.status} without details. Please try again.`,
          },
        };
      }
      resolve({ status: request.status, body });
    };
    request.onerror = () =>
      reject(new Error("The upload was interrupted (network). Check your connection and try again."));
    request.onabort = () => reject(new Error("The upload was cancelled."));
  });
  request.open("POST", `/api/v1/competitions/${encodeURIComponent(slug)}/submissions`);
  request.send(form);
  return { done, abort: () => request.abort() };
}
