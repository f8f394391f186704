// Runs an ONNX model with ONNX Runtime (onnxruntime-node, CPU) to cross-check cochlea-onnx.
//
//   node ort_run.mjs MODEL.onnx IN.safetensors OUT.safetensors
//
// Every tensor in IN is fed to the graph input of the same name (a tensor whose name is not a graph
// input is an error that lists the graph's input names); every graph output is written to OUT,
// keyed by output name. A tensor in IN named like a graph output (as in the NAME.io.safetensors
// files, which hold "features" and PyTorch's "logits") is not fed: it is taken as the expected
// value, and the maximum absolute difference of ONNX Runtime's output from it is printed to stdout
// as "NAME max_abs_diff VALUE". Dtypes read and written: F32, F64, F16, I64, I32, I16, I8, U8, BOOL.
// Errors go to stderr with exit code 1.
//
// Set up once in this folder: npm ci --onnxruntime-node-install=skip   (the linux x64 CPU binary
// ships inside the package; the flag keeps its install script from downloading anything).
import { readFileSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import ort from 'onnxruntime-node';

// safetensors dtype -> [ONNX Runtime type, typed array]
const DTYPES = {
  F32: ['float32', Float32Array],
  F64: ['float64', Float64Array],
  F16: ['float16', Uint16Array],
  I64: ['int64', BigInt64Array],
  I32: ['int32', Int32Array],
  I16: ['int16', Int16Array],
  I8: ['int8', Int8Array],
  U8: ['uint8', Uint8Array],
  BOOL: ['bool', Uint8Array],
};
const FROM_ORT = Object.fromEntries(Object.entries(DTYPES).map(([st, [ortType]]) => [ortType, st]));

function fail(message) {
  process.stderr.write(`ort_run: ${message}\n`);
  process.exit(1);
}

/** The tensors of a safetensors file, in file order: [{name, dtype, shape, data (typed array)}]. */
export function readSafetensors(path) {
  const raw = readFileSync(path);
  if (raw.length < 8) throw new Error(`${path}: too short for a safetensors file`);
  const n = raw.readBigUInt64LE(0);
  if (n > BigInt(raw.length - 8)) throw new Error(`${path}: header length ${n} exceeds the file`);
  const header = JSON.parse(raw.subarray(8, 8 + Number(n)).toString('utf8'));
  const start = 8 + Number(n);
  const tensors = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const spec = DTYPES[info.dtype];
    if (!spec) throw new Error(`${path}: tensor ${name}: unsupported dtype ${info.dtype}`);
    const [begin, end] = info.data_offsets;
    const count = info.shape.reduce((a, b) => a * b, 1);
    if (end - begin !== count * spec[1].BYTES_PER_ELEMENT || start + end > raw.length) {
      throw new Error(`${path}: tensor ${name}: data_offsets [${begin}, ${end}] do not fit shape [${info.shape}] ${info.dtype}`);
    }
    // Copy into a fresh (aligned) buffer: the data may start at any byte.
    const bytes = new Uint8Array(end - begin);
    bytes.set(raw.subarray(start + begin, start + end));
    tensors.push({ name, dtype: info.dtype, shape: info.shape, data: new spec[1](bytes.buffer) });
  }
  return tensors;
}

/** Writes [{name, dtype, shape, data}] as a safetensors file, in the given order. */
export function writeSafetensors(path, tensors) {
  const header = {};
  const blobs = [];
  let offset = 0;
  for (const t of tensors) {
    const bytes = Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    header[t.name] = { dtype: t.dtype, shape: t.shape, data_offsets: [offset, offset + bytes.length] };
    blobs.push(bytes);
    offset += bytes.length;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (Buffer.byteLength(text) % 8)) % 8);
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(text)));
  writeFileSync(path, Buffer.concat([length, Buffer.from(text, 'utf8'), ...blobs]));
}

async function main(argv) {
  if (argv.length !== 3) fail('usage: node ort_run.mjs MODEL.onnx IN.safetensors OUT.safetensors');
  if (endianness() !== 'LE') fail('this runner assumes a little-endian machine');
  const [modelPath, inPath, outPath] = argv;
  let session;
  try {
    session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  } catch (e) {
    fail(`${modelPath}: ${e.message}`);
  }
  let tensors;
  try {
    tensors = readSafetensors(inPath);
  } catch (e) {
    fail(e.message);
  }
  const inputNames = session.inputNames;
  const expected = tensors.filter((t) => session.outputNames.includes(t.name));
  tensors = tensors.filter((t) => !session.outputNames.includes(t.name));
  const unknown = tensors.filter((t) => !inputNames.includes(t.name)).map((t) => t.name);
  if (unknown.length) {
    fail(`${inPath}: tensor(s) ${unknown.join(', ')} are not inputs of ${modelPath}; its inputs are: ${inputNames.join(', ')}`);
  }
  const missing = inputNames.filter((name) => !tensors.some((t) => t.name === name));
  if (missing.length) {
    fail(`${inPath}: no tensor for input(s) ${missing.join(', ')} of ${modelPath}; its inputs are: ${inputNames.join(', ')}`);
  }
  const feeds = {};
  for (const t of tensors) feeds[t.name] = new ort.Tensor(DTYPES[t.dtype][0], t.data, t.shape);
  let results;
  try {
    results = await session.run(feeds);
  } catch (e) {
    fail(`${modelPath}: run failed: ${e.message}`);
  }
  const outputs = session.outputNames.map((name) => {
    const r = results[name];
    const dtype = FROM_ORT[r.type];
    if (!dtype) fail(`${modelPath}: output ${name} has type ${r.type}, which cannot be written`);
    return { name, dtype, shape: r.dims.map(Number), data: r.data };
  });
  try {
    writeSafetensors(outPath, outputs);
  } catch (e) {
    fail(`${outPath}: ${e.message}`);
  }
  for (const want of expected) {
    const got = outputs.find((o) => o.name === want.name);
    if (want.shape.join(',') !== got.shape.join(',')) {
      fail(`output ${want.name}: shape [${got.shape}], but ${inPath} holds [${want.shape}]`);
    }
    let max = 0;
    for (let i = 0; i < got.data.length; i++) {
      const d = Math.abs(Number(got.data[i]) - Number(want.data[i]));
      max = Number.isNaN(d) || d > max ? d : max;
    }
    process.stdout.write(`${want.name} max_abs_diff ${max}\n`);
  }
}

main(process.argv.slice(2)).catch((e) => fail(e.stack || String(e)));
