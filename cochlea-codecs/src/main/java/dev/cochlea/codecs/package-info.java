/**
 * FLAC, MP3, Ogg Vorbis and Ogg Opus for {@link dev.cochlea.audio.Audio#read}: four
 * {@link dev.cochlea.audio.AudioDecoder}s listed in
 * {@code META-INF/services/dev.cochlea.audio.AudioDecoder}, so that putting this module on the
 * class path is all it takes. Each is chosen from a file's first bytes ({@code fLaC}; an ID3v2 tag
 * or an MPEG Layer III frame header; {@code OggS} with a first packet {@code \x01vorbis} or
 * {@code OpusHead}) and reads it as libsndfile ({@code soundfile.read}) does: the same frames, rate
 * and channels, FLAC bit for bit, the lossy codecs within what two correct decoders differ by
 * (docs/audio-conventions.md, "Compressed formats").
 *
 * <pre>{@code
 * AudioData a = Audio.read(Path.of("take.flac"));           // FlacDecoder: Cochlea's own (RFC 9639)
 * AudioData b = Audio.read(Path.of("song.mp3"), 0, 44100);  // Mp3Decoder (JLayer): the first second, gapless
 * AudioInfo c = Audio.info(Path.of("voice.opus"));          // OggOpusDecoder (Concentus): nothing decoded
 * }</pre>
 *
 * <p>The module uses only {@code dev.cochlea.audio} and {@code dev.cochlea.tensor}
 * (CodecsArchitectureTest); the core never names it. A damaged file ends in an
 * {@link dev.cochlea.audio.AudioFormatException} naming the file, what was expected and what was
 * found, or, for a cut MP3 or Ogg file, in the audio before the cut; memory grows with the audio
 * decoded, never with a length a file declares.
 */
package dev.cochlea.codecs;
