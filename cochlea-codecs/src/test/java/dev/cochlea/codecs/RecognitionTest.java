package dev.cochlea.codecs;

import dev.cochlea.audio.Audio;
import dev.cochlea.audio.AudioData;
import dev.cochlea.audio.AudioFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each decoder is chosen from the first 64 bytes, never from the name. */
class RecognitionTest {
    @TempDir
    Path dir;

    @Test
    void theNameDoesNotMatter() throws IOException {
        String[][] pairs = {{"vorbis_8k_mono.ogg", "OGG"}, {"opus_8k_mono.opus", "OGG"}, {"mp3_8k_mono.mp3", "MP3"}, {"flac_8k_mono16.flac", "FLAC"}};
        for (String[] pair : pairs) {
            Path p = dir.resolve(pair[0] + ".wav");
            Files.copy(CodecReferences.path(pair[0]), p);
            assertEquals(pair[1], Audio.info(p).format(), p.toString());
            assertArrayEquals(Audio.read(CodecReferences.path(pair[0])).waveform().toFloatArray(), Audio.read(p).waveform().toFloatArray(), 0f);
        }
    }

    @Test
    void vorbisAndOpusAreToldApartByTheirFirstPacket() throws IOException {
        byte[] vorbis = head("vorbis_8k_mono.ogg");
        byte[] opus = head("opus_8k_mono.opus");
        assertTrue(new OggVorbisDecoder().recognizes(vorbis, vorbis.length));
        assertFalse(new OggOpusDecoder().recognizes(vorbis, vorbis.length));
        assertTrue(new OggOpusDecoder().recognizes(opus, opus.length));
        assertFalse(new OggVorbisDecoder().recognizes(opus, opus.length));
        assertInstanceOf(OggOpusDecoder.class, Audio.decoderFor(CodecReferences.path("opus_8k_mono.opus")));
        assertInstanceOf(OggVorbisDecoder.class, Audio.decoderFor(CodecReferences.path("vorbis_8k_mono.ogg")));
    }

    @Test
    void mp3FilesStartWithAnId3TagOrAFrameHeader() throws IOException {
        byte[] tagged = head("mp3_44k_mono_vbr_id3.mp3");
        byte[] plain = head("mp3_8k_mono.mp3");
        assertEquals('I', tagged[0]);
        assertEquals(0xFF, plain[0] & 0xFF);
        Mp3Decoder d = new Mp3Decoder();
        assertTrue(d.recognizes(tagged, tagged.length));
        assertTrue(d.recognizes(plain, plain.length));
        byte[] layer2 = {(byte) 0xFF, (byte) 0xFD, (byte) 0x90, 0x64};   // Layer II
        assertFalse(d.recognizes(layer2, 4));
        byte[] adts = {(byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80};      // AAC ADTS
        assertFalse(d.recognizes(adts, 4));
    }

    @Test
    void flacBehindAnId3TagIsReadAsFlac() throws IOException {
        byte[] flac = Files.readAllBytes(CodecReferences.path("flac_8k_mono16.flac"));
        byte[] tag = new byte[10 + 30];
        tag[0] = 'I';
        tag[1] = 'D';
        tag[2] = '3';
        tag[3] = 4;
        tag[9] = 30;
        byte[] both = java.util.Arrays.copyOf(tag, tag.length + flac.length);
        System.arraycopy(flac, 0, both, tag.length, flac.length);
        Path p = dir.resolve("tagged.flac");
        Files.write(p, both);
        assertEquals("FLAC", Audio.info(p).format());
        AudioData a = Audio.read(p);
        assertArrayEquals(Audio.read(CodecReferences.path("flac_8k_mono16.flac")).waveform().toFloatArray(), a.waveform().toFloatArray(), 0f);
    }

    @Test
    void anOggStreamOfAnotherCodecIsNotRead() throws IOException {
        byte[] b = Files.readAllBytes(CodecReferences.path("vorbis_8k_mono.ogg"));
        int packet = 27 + (b[26] & 0xFF);
        System.arraycopy("\u0080theora".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, b, packet, 7);
        Path p = dir.resolve("theora.ogg");
        Files.write(p, b);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> Audio.read(p));
        assertTrue(e.getMessage().contains("not an audio file Cochlea reads"), e.getMessage());
    }

    private static byte[] head(String name) throws IOException {
        byte[] all = Files.readAllBytes(CodecReferences.path(name));
        return java.util.Arrays.copyOf(all, Math.min(64, all.length));
    }
}
