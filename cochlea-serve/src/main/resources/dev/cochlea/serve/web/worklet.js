// Cochlea's audio worklet: runs on the audio thread, mixes its input to mono and posts it to the
// page in Float32Array chunks of `processorOptions.chunk` samples (1024 unless told), at the
// AudioContext's sample rate. Each chunk's buffer is transferred, not copied.
//
//   await context.audioWorklet.addModule("worklet.js");
//   const node = new AudioWorkletNode(context, "cochlea-chunker", {processorOptions: {chunk: 1024}});
//   node.port.onmessage = e => send(e.data);   // e.data: Float32Array

class ChunkProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.size = (options.processorOptions && options.processorOptions.chunk) || 1024;
    this.chunk = new Float32Array(this.size);
    this.filled = 0;
  }

  process(inputs) {
    const channels = inputs[0];
    if (!channels || channels.length === 0) return true;
    const frames = channels[0].length;
    const scale = 1 / channels.length;
    for (let i = 0; i < frames; i++) {
      let sum = 0;
      for (let c = 0; c < channels.length; c++) sum += channels[c][i];
      this.chunk[this.filled++] = sum * scale;
      if (this.filled === this.size) {
        this.port.postMessage(this.chunk, [this.chunk.buffer]);
        this.chunk = new Float32Array(this.size);
        this.filled = 0;
      }
    }
    return true;
  }
}

registerProcessor("cochlea-chunker", ChunkProcessor);
