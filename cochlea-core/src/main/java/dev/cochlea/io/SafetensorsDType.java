package dev.cochlea.io;

import dev.cochlea.tensor.DType;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format that Cochlea reads, by their names in the header
 * ({@code "F32"}, {@code "BF16"}, ...). Floating types load as {@link DType#FLOAT32} tensors,
 * integer and boolean types as {@link DType#INT64} tensors; Cochlea writes {@link #F32} and
 * {@link #I64}.
 *
 * <pre>{@code
 * try (SafetensorsFile f = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *     SafetensorsDType stored = f.info("embed.weight").dtype();  // e.g. BF16
 *     Tensor t = f.get("embed.weight");                          // always FLOAT32
 * }
 * }</pre>
 */
public enum SafetensorsDType {
    /** 64-bit IEEE float; narrowed to float32 when read. */
    F64(8, true),
    /** 32-bit IEEE float. */
    F32(4, true),
    /** 16-bit IEEE half float. */
    F16(2, true),
    /** bfloat16: the upper 16 bits of a float32. */
    BF16(2, true),
    /** 64-bit signed integer. */
    I64(8, false),
    /** 32-bit signed integer. */
    I32(4, false),
    /** 16-bit signed integer. */
    I16(2, false),
    /** 8-bit signed integer. */
    I8(1, false),
    /** 32-bit unsigned integer. */
    U32(4, false),
    /** 16-bit unsigned integer. */
    U16(2, false),
    /** 8-bit unsigned integer. */
    U8(1, false),
    /** Boolean, one byte each; read as 0 or 1. */
    BOOL(1, false);

    private final int byteSize;
    private final boolean floating;

    SafetensorsDType(int byteSize, boolean floating) {
        this.byteSize = byteSize;
        this.floating = floating;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether the type is a floating-point type (read as FLOAT32). */
    public boolean isFloating() {
        return floating;
    }

    /** The Cochlea dtype a tensor of this type is read as. */
    public DType tensorDType() {
        return floating ? DType.FLOAT32 : DType.INT64;
    }

    /** The type named {@code name} in a header (exact, case-sensitive), or {@code null} if unsupported. */
    public static SafetensorsDType fromName(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) return t;
        }
        return null;
    }

    /** The type Cochlea writes for a tensor of {@code dtype}. */
    public static SafetensorsDType forTensor(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> F32;
            case INT64 -> I64;
        };
    }

    /** The supported names, comma-separated, for error messages. */
    public static String supportedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
