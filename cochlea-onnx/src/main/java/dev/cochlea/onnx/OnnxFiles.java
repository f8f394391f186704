package dev.cochlea.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cochlea.onnx.proto.OnnxProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Model files: parsing, size-bounded (an unreadable or non-ONNX file is refused naming it), and
 * writing, into a temporary file in the destination's folder that is renamed into place once
 * complete and synced, so that a reader never sees half a model.
 */
final class OnnxFiles {
    private OnnxFiles() {}

    static OnnxProto.ModelProto parse(Path file) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such ONNX model file");
        }
        if (size > OnnxInfo.MAX_BYTES) {
            throw new IOException(file + ": " + size + " bytes, more than the " + OnnxInfo.MAX_BYTES + " an ONNX protobuf can hold; "
                    + "large models keep their weights in external data files");
        }
        OnnxProto.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit((int) Math.min(Integer.MAX_VALUE, size + 1));
            model = OnnxProto.ModelProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        if (!model.hasGraph() || model.getIrVersion() == 0) {
            throw new IOException(file + ": not an ONNX model (no graph or no IR version; " + size + " bytes)");
        }
        return model;
    }
}
