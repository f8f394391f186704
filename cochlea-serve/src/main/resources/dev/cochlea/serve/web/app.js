// Cochlea's listening page. Reads GET /v1/models; "Listen" streams the microphone, at the model's
// sample rate, as float32 chunks over the WebSocket /v1/models/{name}/stream and shows what comes
// back (the voice gate's state and each keyword detected), while drawing a log-mel spectrogram of
// the same chunks; the form posts a recording to /v1/models/{name}/predict and shows its top labels.
// Every detection is an <li class="detection" data-label="..." data-seq="n"> (n counts from 0 in
// order of arrival), the upload's answer is #upload-result[data-label].

const $ = id => document.getElementById(id);
const MAX_LISTED = 200;
const CHUNK = 1024;

let models = [];
let live = null;
let detectionCount = 0;

/** Builds an element: el("li", {class: "x", "data-label": "7"}, "text", child, ...). */
function el(tag, attributes = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

function setStatus(text, state = "ok") {
  const s = $("status");
  s.textContent = text;
  s.dataset.state = state;
}

function percent(p) {
  return (100 * p).toFixed(1) + " %";
}

function currentModel() {
  return models.find(m => m.name === $("model").value);
}

/** The error a failed response carries: the server's {"error", "message"}, or its status line. */
async function responseError(response) {
  try {
    const body = await response.json();
    if (body && body.message) return new Error(`${body.error}: ${body.message}`);
  } catch (ignored) {
    // not JSON: fall through to the status line
  }
  return new Error(`HTTP ${response.status} ${response.statusText}`);
}

// ---------------------------------------------------------------------------------------------
// Spectrogram: Hann-windowed FFT frames, HTK mel bands, dB, a colour map; scrolls left.

/** In-place radix-2 complex FFT of re/im (length a power of two). */
class Fft {
  constructor(n) {
    if (n & (n - 1)) throw new Error(`FFT size ${n} is not a power of two`);
    this.n = n;
    this.cos = new Float32Array(n / 2);
    this.sin = new Float32Array(n / 2);
    for (let i = 0; i < n / 2; i++) {
      this.cos[i] = Math.cos(-2 * Math.PI * i / n);
      this.sin[i] = Math.sin(-2 * Math.PI * i / n);
    }
    this.reversed = new Uint32Array(n);
    const bits = Math.log2(n);
    for (let i = 0; i < n; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reversed[i] = r;
    }
  }

  transform(re, im) {
    const n = this.n;
    for (let i = 0; i < n; i++) {
      const j = this.reversed[i];
      if (j > i) {
        [re[i], re[j]] = [re[j], re[i]];
        [im[i], im[j]] = [im[j], im[i]];
      }
    }
    for (let size = 2; size <= n; size *= 2) {
      const half = size / 2, step = n / size;
      for (let start = 0; start < n; start += size) {
        for (let k = 0; k < half; k++) {
          const wr = this.cos[k * step], wi = this.sin[k * step];
          const a = start + k, b = a + half;
          const tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
  }
}

const hzToMel = f => 2595 * Math.log10(1 + f / 700);
const melToHz = m => 700 * (Math.pow(10, m / 2595) - 1);

/** Triangular HTK mel filters from 0 Hz to Nyquist over the FFT's bins: [{first, weights}]. */
function melFilters(rate, nFft, bands) {
  const top = hzToMel(rate / 2);
  const edges = [];
  for (let i = 0; i < bands + 2; i++) edges.push(melToHz(top * i / (bands + 1)));
  const filters = [];
  for (let b = 0; b < bands; b++) {
    const [lo, mid, hi] = [edges[b], edges[b + 1], edges[b + 2]];
    const weights = [];
    let first = -1;
    for (let k = 0; k <= nFft / 2; k++) {
      const f = k * rate / nFft;
      const w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      if (w > 0) {
        if (first < 0) first = k;
        weights[k - first] = w;
      } else if (first >= 0) {
        break;
      }
    }
    filters.push({first: Math.max(first, 0), weights: Float32Array.from(weights, w => w || 0)});
  }
  return filters;
}

/** 256 RGB entries from dark purple through red to pale yellow (after matplotlib's "inferno"). */
function colourMap() {
  const stops = [[0, 0, 4], [40, 11, 84], [101, 21, 110], [159, 42, 99], [212, 72, 66],
    [245, 125, 21], [250, 193, 39], [252, 255, 164]];
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = i / 255 * (stops.length - 1), s = Math.min(Math.floor(x), stops.length - 2), t = x - s;
    for (let c = 0; c < 3; c++) lut[3 * i + c] = stops[s][c] + t * (stops[s + 1][c] - stops[s][c]);
  }
  return lut;
}

class Spectrogram {
  constructor(canvas) {
    this.canvas = canvas;
    this.g = canvas.getContext("2d");
    this.lut = colourMap();
    // Colours span `range` dB below the loudest band heard lately (`topDb`, decaying 1.25 dB/s at
    // 62.5 frames/s), which starts at speech level and never sinks below `quietestTopDb`, so that
    // a quiet room stays dark. A full-scale sine gives about 36 dB in its band.
    this.range = 70;
    this.startTopDb = 20;
    this.quietestTopDb = -10;
    this.configure(8000, 256, 128, 40);
  }

  configure(rate, nFft, hop, bands) {
    Object.assign(this, {rate, nFft, hop, bands});
    this.fft = new Fft(nFft);
    this.window = Float32Array.from({length: nFft}, (_, i) => 0.5 - 0.5 * Math.cos(2 * Math.PI * i / nFft));
    this.filters = melFilters(rate, nFft, bands);
    this.frame = new Float32Array(nFft);
    this.re = new Float32Array(nFft);
    this.im = new Float32Array(nFft);
    this.reset();
  }

  /** Blank, at time 0 of a new stream. */
  reset() {
    this.filled = 0;
    this.columns = 0;
    this.topDb = this.startTopDb;
    this.g.fillStyle = `rgb(${this.lut[0]},${this.lut[1]},${this.lut[2]})`;
    this.g.fillRect(0, 0, this.canvas.width, this.canvas.height);
  }

  /** Adds samples; draws a column for each hop completed. */
  push(samples) {
    const bandsDb = [];
    for (let i = 0; i < samples.length; i++) {
      this.frame[this.filled++] = samples[i];
      if (this.filled === this.nFft) {
        bandsDb.push(this.analyse());
        this.frame.copyWithin(0, this.hop);
        this.filled = this.nFft - this.hop;
      }
    }
    if (bandsDb.length) this.draw(bandsDb);
  }

  analyse() {
    for (let i = 0; i < this.nFft; i++) {
      this.re[i] = this.frame[i] * this.window[i];
      this.im[i] = 0;
    }
    this.fft.transform(this.re, this.im);
    const db = new Float32Array(this.bands);
    for (let b = 0; b < this.bands; b++) {
      const {first, weights} = this.filters[b];
      let e = 0;
      for (let j = 0; j < weights.length; j++) {
        const k = first + j;
        e += weights[j] * (this.re[k] * this.re[k] + this.im[k] * this.im[k]);
      }
      db[b] = 10 * Math.log10(Math.max(e, 1e-10));
    }
    return db;
  }

  draw(frames) {
    const {canvas, g} = this;
    const w = canvas.width, h = canvas.height, n = frames.length;
    g.drawImage(canvas, -n, 0);
    const image = g.createImageData(n, h);
    for (let x = 0; x < n; x++) {
      const db = frames[x];
      this.topDb = Math.max(this.topDb - 0.02, this.quietestTopDb, ...db);
      for (let y = 0; y < h; y++) {
        const band = Math.min(this.bands - 1, Math.floor((h - 1 - y) * this.bands / h));
        const v = (db[band] - (this.topDb - this.range)) / this.range;
        const c = 3 * Math.round(255 * Math.min(1, Math.max(0, v)));
        const p = 4 * (y * n + x);
        image.data[p] = this.lut[c];
        image.data[p + 1] = this.lut[c + 1];
        image.data[p + 2] = this.lut[c + 2];
        image.data[p + 3] = 255;
      }
    }
    g.putImageData(image, w - n, 0);
    this.columns += n;
  }

  /** The canvas x of the frame centred nearest to `seconds` since the stream began. */
  xAt(seconds) {
    const column = Math.round((seconds * this.rate - this.nFft / 2) / this.hop);
    return this.canvas.width - (this.columns - column);
  }

  /** Brackets a detection's span along the top edge and writes its label. */
  mark(label, start, end) {
    const g = this.g, x0 = this.xAt(start), x1 = Math.max(this.xAt(end), x0 + 2);
    if (x1 < 0) return;
    g.fillStyle = "rgba(255,255,255,0.85)";
    g.fillRect(x0, 2, x1 - x0, 2);
    g.fillRect(x0, 2, 1, 8);
    g.fillRect(x1 - 1, 2, 1, 8);
    g.font = "bold 13px system-ui, sans-serif";
    g.textBaseline = "top";
    g.fillText(label, x0 + 3, 7);
  }
}

const spectrogram = new Spectrogram($("spectrogram"));

// ---------------------------------------------------------------------------------------------
// Models

function showModel(model) {
  $("model-kind").textContent = model.model;
  $("model-rate").textContent = `${model.sample_rate} Hz`;
  $("model-clip").textContent = `${model.clip_seconds} s`;
  const f = model.features || {};
  $("model-features").textContent = f.kind === "mel" || f.bands
      ? `${f.kind}, ${f.bands} bands, FFT ${f.n_fft}, hop ${f.hop_length}, ${f.normalize} normalisation`
      : (f.kind || "–");
  $("labels").replaceChildren(...model.labels.map(l => el("li", {class: "chip"}, l)));
  spectrogram.configure(model.sample_rate, f.n_fft || 256, f.hop_length || 128, f.bands || 40);
}

async function loadModels() {
  try {
    const response = await fetch("/v1/models");
    if (!response.ok) throw await responseError(response);
    models = (await response.json()).models;
    if (!models.length) throw new Error("the server serves no models");
    $("model").replaceChildren(...models.map(m => el("option", {value: m.name}, `${m.name} (${m.model})`)));
    $("model").disabled = false;
    $("model").value = models[0].name;
    showModel(models[0]);
    $("upload-button").disabled = false;
    const missing = liveSupportProblem();
    $("listen").disabled = missing !== null;
    setStatus(missing ?? `ready: ${models.length} model${models.length > 1 ? "s" : ""} served`, missing ? "error" : "ok");
  } catch (e) {
    setStatus(`could not read the models: ${e.message}`, "error");
  }
}

/** Why this browser cannot listen here, or null. */
function liveSupportProblem() {
  if (!window.isSecureContext || !navigator.mediaDevices) {
    return "the microphone needs a secure page: open it over https, or at localhost";
  }
  if (!window.AudioWorkletNode) return "this browser has no AudioWorklet; listening needs a current browser";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Live stream

function socketUrl(model, rate) {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${location.host}/v1/models/${encodeURIComponent(model.name)}/stream?format=f32&rate=${rate}`;
}

/**
 * An AudioContext at the model's rate when the browser can feed it the microphone (Chromium
 * resamples), else at the browser's own rate (Firefox refuses to connect a microphone to a context of
 * another rate): the server then resamples the stream.
 */
function audioContextFor(rate, stream) {
  try {
    const context = new AudioContext({sampleRate: rate});
    if (context.sampleRate === rate) {
      context.createMediaStreamSource(stream).disconnect();
      return context;
    }
    context.close();
  } catch (e) {
    // fall through to the browser's own rate
  }
  return new AudioContext();
}

/** Opens the stream; resolves once the server says "ready". */
function openSocket(session) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(socketUrl(session.model, session.context.sampleRate));
    ws.binaryType = "arraybuffer";
    session.ws = ws;
    let ready = false;
    ws.onmessage = event => {
      if (typeof event.data !== "string") return;
      const m = JSON.parse(event.data);
      if (m.type === "ready") {
        ready = true;
        resolve(m);
      } else if (m.type === "error") {
        session.error = `${m.error}: ${m.message}`;
      } else {
        onServerMessage(session, m);
      }
    };
    ws.onclose = event => {
      if (!ready) {
        reject(new Error(session.error || `the server closed the stream (${event.code}${event.reason ? ", " + event.reason : ""})`));
      } else {
        onClosed(session, event);
      }
    };
  });
}

function onServerMessage(session, m) {
  if (m.type === "speech") {
    $("speech").textContent = m.active ? "speech" : "quiet";
    $("speech").dataset.active = String(m.active);
  } else if (m.type === "detection") {
    showDetection(m);
  } else if (m.type === "end") {
    session.ended?.();
  }
}

function showDetection(d) {
  const seq = detectionCount++;
  $("last").textContent = d.label;
  $("last-score").textContent = `${percent(d.score)} at ${d.time.toFixed(2)} s`;
  const item = el("li", {class: "detection", "data-label": d.label, "data-seq": String(seq)},
      el("span", {class: "time"}, `${d.time.toFixed(2)} s`),
      el("span", {class: "label"}, d.label),
      el("span", {class: "score"}, percent(d.score)));
  const list = $("detections");
  list.prepend(item);
  while (list.children.length > MAX_LISTED) list.lastElementChild.remove();
  spectrogram.mark(d.label, d.start, d.time);
}

function onChunk(session, chunk) {
  if (session.ws.readyState === WebSocket.OPEN) session.ws.send(chunk);
  spectrogram.push(chunk);
}

async function listen() {
  const model = currentModel();
  if (!model || live) return;
  const session = {model, stopping: false};
  live = session;
  setControls(true);
  try {
    setStatus("asking for the microphone…", "busy");
    session.stream = await navigator.mediaDevices.getUserMedia(
        {audio: {channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false}});
    session.context = audioContextFor(model.sample_rate, session.stream);
    const ratio = session.context.sampleRate / model.sample_rate;
    const f = model.features || {};
    spectrogram.configure(session.context.sampleRate, 2 ** Math.round(Math.log2((f.n_fft || 256) * ratio)),
        Math.round((f.hop_length || 128) * ratio), f.bands || 40);
    setStatus("connecting…", "busy");
    await openSocket(session);
    await session.context.audioWorklet.addModule("worklet.js");
    const source = session.context.createMediaStreamSource(session.stream);
    session.node = new AudioWorkletNode(session.context, "cochlea-chunker", {
      numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1],
      channelCount: 1, channelCountMode: "explicit", channelInterpretation: "speakers",
      processorOptions: {chunk: CHUNK},
    });
    session.node.port.onmessage = event => onChunk(session, event.data);
    spectrogram.reset();
    const silent = session.context.createGain();
    silent.gain.value = 0;
    source.connect(session.node).connect(silent).connect(session.context.destination);
    await session.context.resume();
    if (session.stopping) {
      stopAudio(session);
      return;
    }
    setStatus(`listening: ${model.name} at ${model.sample_rate} Hz`, "live");
  } catch (e) {
    const reason = e.name === "NotAllowedError" ? "the microphone was not allowed" : e.message;
    finish(session);
    setStatus(`could not listen: ${reason}`, "error");
  }
}

function onClosed(session, event) {
  if (session.stopping) return;
  finish(session);
  setStatus(session.error
      ? `the stream stopped: ${session.error}`
      : `the server closed the stream (${event.code}${event.reason ? ", " + event.reason : ""})`, "error");
}

/** Sends {"type":"end"} so a word still being spoken is reported, waits up to 2 s for it, closes. */
async function stop() {
  const session = live;
  if (!session) return;
  session.stopping = true;
  stopAudio(session);
  const ws = session.ws;
  if (ws && ws.readyState === WebSocket.OPEN) {
    setStatus("finishing…", "busy");
    const ended = new Promise(resolve => {
      session.ended = resolve;
      setTimeout(resolve, 2000);
    });
    ws.send(JSON.stringify({type: "end"}));
    await ended;
  }
  finish(session);
  setStatus("stopped", "ok");
}

function stopAudio(session) {
  if (session.node) session.node.port.onmessage = null;
  session.stream?.getTracks().forEach(t => t.stop());
  session.context?.close().catch(() => {});
}

function finish(session) {
  session.stopping = true;
  stopAudio(session);
  if (session.ws && session.ws.readyState <= WebSocket.OPEN) session.ws.close(1000, "done");
  $("speech").textContent = "quiet";
  $("speech").dataset.active = "false";
  if (live === session) live = null;
  setControls(false);
}

function setControls(listening) {
  $("listen").disabled = listening || liveSupportProblem() !== null;
  $("stop").disabled = !listening;
  $("model").disabled = listening;
}

// ---------------------------------------------------------------------------------------------
// Upload

async function upload(event) {
  event.preventDefault();
  const model = currentModel();
  const file = $("upload-file").files[0];
  const out = $("upload-result");
  if (!model || !file) return;
  out.removeAttribute("data-label");
  out.className = "upload-result busy";
  out.replaceChildren(el("p", {}, `labelling ${file.name}…`));
  try {
    const body = new FormData();
    body.append("file", file, file.name);
    const response = await fetch(`/v1/models/${encodeURIComponent(model.name)}/predict?k=3`, {method: "POST", body});
    if (!response.ok) throw await responseError(response);
    showAnswer(file.name, await response.json());
  } catch (e) {
    out.className = "upload-result error";
    out.replaceChildren(el("p", {}, `could not label ${file.name}: ${e.message}`));
  }
}

function showAnswer(fileName, a) {
  const out = $("upload-result");
  out.className = "upload-result";
  out.dataset.label = a.label;
  const channels = a.channels === 1 ? "1 channel" : `${a.channels} channels`;
  out.replaceChildren(
      el("p", {class: "answer"}, el("span", {class: "answer-label"}, a.label), " ",
          el("span", {class: "answer-probability"}, percent(a.probability))),
      el("p", {class: "meta"}, `${fileName} · ${a.duration_seconds.toFixed(2)} s at ${a.sample_rate} Hz, ${channels} · ${a.took_ms.toFixed(0)} ms`),
      el("ol", {class: "ranking", "aria-label": "Most likely labels"}, ...a.top.map(t => {
        const fill = el("span", {class: "fill"});
        fill.style.width = percent(t.probability).replace(" ", "");
        return el("li", {"data-label": t.label},
            el("span", {class: "label"}, t.label),
            el("span", {class: "bar", "aria-hidden": "true"}, fill),
            el("span", {class: "score"}, percent(t.probability)));
      })));
}

// ---------------------------------------------------------------------------------------------

$("model").addEventListener("change", () => showModel(currentModel()));
$("listen").addEventListener("click", listen);
$("stop").addEventListener("click", stop);
$("upload-form").addEventListener("submit", upload);
loadModels();
