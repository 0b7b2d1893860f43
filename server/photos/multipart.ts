import busboy from "busboy";
import type { Request } from "express";

/** One uploaded file as received: its bytes (at most the limit) and what the client called it. */
export interface Upload {
  field: string;
  filename: string;
  body: Buffer;
}

export interface Received {
  files: Upload[];
  fields: Record<string, string>;
}

export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface MultipartLimits {
  fileBytes: number;
  files: number;
  /** Text fields (a statement may be long). */
  fieldBytes: number;
  fields: number;
}

/**
 * Reads a multipart/form-data request as it streams in (busboy): each file up to `fileBytes`
 * (past that the upload is refused, not cut), at most `files` files and `fields` text fields.
 * Nothing is written anywhere; the caller decides what to keep.
 */
export function readMultipart(req: Request, limits: MultipartLimits): Promise<Received> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        limits: { fileSize: limits.fileBytes, files: limits.files, fields: limits.fields, fieldSize: limits.fieldBytes },
      });
    } catch {
      return reject(new UploadError(400, "bad_request", "Send the photo as multipart/form-data."));
    }
    const files: Upload[] = [];
    const fields: Record<string, string> = {};
    let failure: UploadError | null = null;
    const fail = (e: UploadError) => {
      failure ??= e;
    };
    parser.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => fail(new UploadError(413, "payload_too_large", `A photo may be at most ${limits.fileBytes} bytes.`)));
      stream.on("end", () => files.push({ field, filename: info.filename ?? "", body: Buffer.concat(chunks) }));
    });
    parser.on("field", (name, value, info) => {
      if (info.valueTruncated) fail(new UploadError(413, "payload_too_large", `The field ${name} is over ${limits.fieldBytes} bytes.`));
      fields[name] = value;
    });
    parser.on("filesLimit", () => fail(new UploadError(400, "bad_request", `At most ${limits.files} file(s) in one upload.`)));
    parser.on("fieldsLimit", () => fail(new UploadError(400, "bad_request", "Too many fields.")));
    parser.on("error", (err: Error) => reject(new UploadError(400, "bad_request", `The upload could not be read: ${err.message}`)));
    parser.on("close", () => (failure ? reject(failure) : resolve({ files, fields })));
    req.on("aborted", () => reject(new UploadError(400, "bad_request", "The upload was cut off.")));
    req.pipe(parser);
  });
}
