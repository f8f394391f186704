// Times an ONNX model in ONNX Runtime (onnxruntime-node, CPU), for docs/benchmarks.md's side-by-side
// figures with Cochlea's importer (./cochlea bench onnx).
//
//   node ort_bench.mjs MODEL.onnx SHAPE [THREADS] [REPS]
//
// SHAPE is the float32 input's shape, e.g. 32,1,40,63 (the model's first input is fed random values).
// THREADS is ONNX Runtime's intra-op thread count (default: 0, its own choice). Each of REPS windows
// (default 7) runs the model for about a second; the median milliseconds per run is printed as JSON.
import ort from 'onnxruntime-node';

const [model, shapeArg, threadsArg = '0', repsArg = '7'] = process.argv.slice(2);
if (!model || !shapeArg) {
  process.stderr.write('usage: node ort_bench.mjs MODEL.onnx SHAPE [THREADS] [REPS]\n');
  process.exit(1);
}
const shape = shapeArg.split(',').map(Number);
const threads = Number(threadsArg), reps = Number(repsArg);
const options = { graphOptimizationLevel: 'all', executionMode: 'sequential' };
if (threads > 0) { options.intraOpNumThreads = threads; options.interOpNumThreads = 1; }
const session = await ort.InferenceSession.create(model, options);
const count = shape.reduce((a, b) => a * b, 1);
const data = new Float32Array(count);
for (let i = 0; i < count; i++) data[i] = Math.random() * 2 - 1;
const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, shape) };
for (let i = 0; i < 10; i++) await session.run(feeds);
const perRun = [];
for (let r = 0; r < reps; r++) {
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 1e9) {
    await session.run(feeds);
    runs++;
    elapsed = Number(process.hrtime.bigint() - start);
  }
  perRun.push(elapsed / 1e6 / runs);
}
perRun.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ model, shape, threads, median_ms: perRun[Math.floor(reps / 2)], runs_ms: perRun }) + '\n');
