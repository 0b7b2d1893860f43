import fs from "node:fs";
import path from "node:path";
import { createCanvas } from "@napi-rs/canvas";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/**
 * Reading a PDF that Chromium printed (page.pdf), for tests of printed pages: the text of each
 * page, and each page drawn to a PNG to look at. pdf.js does the parsing, @napi-rs/canvas the
 * drawing; no system tools needed.
 */
async function open(pdf: Uint8Array) {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  return getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
}

/** The text of every page, in order (items joined by spaces). */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const doc = await open(pdf);
  const texts: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    texts.push(content.items.map((it) => ("str" in it ? it.str : "")).join(" "));
  }
  await doc.destroy();
  return texts;
}

/** Draws every page to `<dir>/<prefix>-<n>.png` at `scale` (1 = 72 dpi); returns the files. */
export async function renderPdfPages(pdf: Uint8Array, dir: string, prefix: string, scale = 1.5): Promise<string[]> {
  const doc = await open(pdf);
  const files: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      canvasContext: context as unknown as CanvasRenderingContext2D,
      viewport,
    }).promise;
    const file = path.join(dir, `${prefix}-${i}.png`);
    fs.writeFileSync(file, await canvas.encode("png"));
    files.push(file);
  }
  await doc.destroy();
  return files;
}
