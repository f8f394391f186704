package dev.cochlea.audio;

/**
 * How an audio file stores its samples, with the scaling that maps each to floats (the same as
 * {@code torchaudio.load} with {@code normalize=True}). The PCM, float and G.711 encodings are
 * those of WAV, AIFF and AU files; the compressed ones ({@link #FLAC}, {@link #MP3},
 * {@link #VORBIS}, {@link #OPUS}) are decoded to floats by their codec.
 *
 * <pre>{@code
 * AudioInfo info = Audio.info(Path.of("clip.wav"));
 * if (info.encoding() == AudioEncoding.PCM_S16) System.out.println("16-bit, " + info.encoding().bitsPerSample());
 * System.out.println(info.encoding().torchaudioName()); // "PCM_S"
 * }</pre>
 */
public enum AudioEncoding {
    /** 8-bit unsigned integers: {@code (x - 128) / 128}. */
    PCM_U8(8, "PCM_U"),
    /** 16-bit signed integers: {@code x / 32768}. */
    PCM_S16(16, "PCM_S"),
    /** 24-bit signed integers (three bytes): {@code x / 2^23}. */
    PCM_S24(24, "PCM_S"),
    /** 32-bit signed integers: {@code x / 2^31}, rounded to float precision like torchaudio's sox backend. */
    PCM_S32(32, "PCM_S"),
    /** IEEE 754 single precision, read as is. */
    FLOAT32(32, "PCM_F"),
    /** IEEE 754 double precision, read as is (rounded to float). */
    FLOAT64(64, "PCM_F"),
    /** 8-bit G.711 μ-law (telephony), expanded to 16-bit linear and divided by 32768, as libsndfile does. */
    MULAW(8, "ULAW"),
    /** 8-bit G.711 A-law (telephony), expanded to 16-bit linear and divided by 32768, as libsndfile does. */
    ALAW(8, "ALAW"),
    /** 8-bit signed integers (AIFF): {@code x / 128}. */
    PCM_S8(8, "PCM_S"),
    /** FLAC, lossless; {@link AudioInfo#bitsPerSample()} tells the stream's sample size. */
    FLAC(0, "FLAC"),
    /** MPEG-1/2 Layer III, lossy. */
    MP3(0, "MP3"),
    /** Ogg Vorbis, lossy. */
    VORBIS(0, "VORBIS"),
    /** Ogg Opus, lossy; decoded, as libsndfile decodes it, at the lowest Opus rate (8, 12, 16, 24 or 48 kHz) at or above the original rate. */
    OPUS(0, "OPUS");

    private final int bits;
    private final String torchaudioName;

    AudioEncoding(int bits, String torchaudioName) {
        this.bits = bits;
        this.torchaudioName = torchaudioName;
    }

    /** Bits per sample of one channel ({@code bits_per_sample} of {@code torchaudio.info}); 0 for the compressed encodings. */
    public int bitsPerSample() {
        return bits;
    }

    /** Bytes per sample of one channel. */
    public int bytesPerSample() {
        return bits / 8;
    }

    /** Whether the samples are IEEE floats. */
    public boolean isFloat() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /** Whether the samples are compressed by a codec (FLAC, MP3, Vorbis, Opus) rather than stored one by one. */
    public boolean isCompressed() {
        return bits == 0;
    }

    /** The name {@code torchaudio.info} gives the encoding: {@code PCM_U}, {@code PCM_S}, {@code PCM_F}, {@code ULAW}, {@code ALAW}, {@code FLAC}, {@code MP3}, {@code VORBIS} or {@code OPUS}. */
    public String torchaudioName() {
        return torchaudioName;
    }
}
