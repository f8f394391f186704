package dev.cochlea.vision;

import dev.cochlea.io.AtomicFiles;
import dev.cochlea.tensor.Tensor;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Converts between images and tensors the way torchvision's {@code ToTensor} and
 * {@code ToPILImage} do, and reads and writes PNG files (headless: no display is needed).
 *
 * <p>{@link #toTensor} gives {@code [C, H, W]} floats in {@code [0, 1]} (bytes / 255): one channel
 * for grey images, three for colour, four (RGBA) for colour with alpha. {@link #toImage} takes
 * {@code [H, W]}, {@code [1, H, W]}, {@code [3, H, W]} or {@code [4, H, W]} in {@code [0, 1]}
 * and stores {@code floor(x * 255)} (values are clipped to {@code [0, 1]} first).
 *
 * <pre>{@code
 * BufferedImage img = Images.read(Path.of("cat.png"));
 * Tensor x = Images.toTensor(img);                       // [3, H, W] in [0, 1]
 * Images.writePng(Images.toImage(x.mul(0.5f)), Path.of("cat-darker.png"));
 * }</pre>
 */
public final class Images {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private Images() {}

    /** Makes sure AWT runs headless (called before any image work; harmless if already set). */
    static void headless() {
        // the static initializer does the work
    }

    /** {@code [C, H, W]} floats in {@code [0, 1]}: C = 1 for grey images, 3 for colour, 4 for colour with alpha. */
    public static Tensor toTensor(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        int plane = w * h;
        boolean grey = image.getType() == BufferedImage.TYPE_BYTE_GRAY || image.getType() == BufferedImage.TYPE_USHORT_GRAY
                || (image.getColorModel().getNumComponents() == 1 && image.getColorModel().getPixelSize() <= 16
                && image.getType() != BufferedImage.TYPE_BYTE_INDEXED && image.getType() != BufferedImage.TYPE_BYTE_BINARY);
        if (grey) {
            float[] out = new float[plane];
            int bits = image.getColorModel().getComponentSize(0);
            float max = (1 << bits) - 1; // ToTensor divides: img.float().div(255)
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRaster().getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) out[y * w + x] = row[x] / max;
            }
            return Tensor.wrap(out, 1, h, w);
        }
        boolean alpha = image.getColorModel().hasAlpha();
        int c = alpha ? 4 : 3;
        float[] out = new float[c * plane];
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < plane; i++) {
            int p = argb[i];
            out[i] = ((p >> 16) & 0xFF) / 255f;
            out[plane + i] = ((p >> 8) & 0xFF) / 255f;
            out[2 * plane + i] = (p & 0xFF) / 255f;
            if (alpha) out[3 * plane + i] = ((p >>> 24) & 0xFF) / 255f;
        }
        return Tensor.wrap(out, c, h, w);
    }

    /**
     * An image of a tensor {@code [H, W]} or {@code [1, H, W]} (grey), {@code [3, H, W]} (RGB) or
     * {@code [4, H, W]} (RGBA) with values in {@code [0, 1]}.
     *
     * @throws IllegalArgumentException for any other shape
     */
    public static BufferedImage toImage(Tensor t) {
        int[] s = t.shape();
        int c, h, w;
        if (s.length == 2) {
            c = 1;
            h = s[0];
            w = s[1];
        } else if (s.length == 3 && (s[0] == 1 || s[0] == 3 || s[0] == 4)) {
            c = s[0];
            h = s[1];
            w = s[2];
        } else {
            throw new IllegalArgumentException("toImage: expected [H, W] or [C, H, W] with C = 1, 3 or 4, found shape "
                    + Arrays.toString(s));
        }
        if (h == 0 || w == 0) throw new IllegalArgumentException("toImage: empty image " + Arrays.toString(s));
        float[] v = t.contiguous().toFloatArray();
        int plane = h * w;
        if (c == 1) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            WritableRaster r = img.getRaster();
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) row[x] = toByte(v[y * w + x]);
                r.setSamples(0, y, w, 1, 0, row);
            }
            return img;
        }
        BufferedImage img = new BufferedImage(w, h, c == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        int[] argb = new int[plane];
        for (int i = 0; i < plane; i++) {
            int a = c == 4 ? toByte(v[3 * plane + i]) : 0xFF;
            argb[i] = a << 24 | toByte(v[i]) << 16 | toByte(v[plane + i]) << 8 | toByte(v[2 * plane + i]);
        }
        img.setRGB(0, 0, w, h, argb, 0, w);
        return img;
    }

    /** {@code floor(clip(x, 0, 1) * 255)} as torchvision's {@code pic.mul(255).byte()} on values in range; NaN gives 0. */
    static int toByte(float x) {
        if (!(x > 0)) return 0;
        if (x >= 1) return 255;
        return (int) (x * 255f);
    }

    /**
     * Reads an image file (PNG, JPEG, BMP, GIF: whatever {@link ImageIO} reads).
     *
     * @throws IOException when the file cannot be read or is not an image
     */
    public static BufferedImage read(Path file) throws IOException {
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) throw new IOException(file + ": not an image format Java can read");
        return img;
    }

    /** Writes a PNG file, replacing an existing one; written to a temporary file and renamed into place. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        writePng(image, file, true);
    }

    /**
     * Writes a PNG file via a temporary file renamed into place.
     *
     * @param overwrite whether an existing file may be replaced; if not and it exists, a
     *                  {@link java.nio.file.FileAlreadyExistsException} is thrown
     */
    public static void writePng(BufferedImage image, Path file, boolean overwrite) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "png", bytes)) throw new IOException(file + ": no PNG writer for this image type");
        byte[] b = bytes.toByteArray();
        AtomicFiles.write(file, overwrite, ch -> {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining()) ch.write(buf);
        });
    }

    /** Whether {@code file} starts with the PNG signature. */
    public static boolean isPng(Path file) throws IOException {
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        try (var in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(8), sig);
        }
    }

    /**
     * Lays a batch {@code [N, C, H, W]} out as one {@code [C, H', W']} picture, {@code perRow} images
     * per row separated by {@code padding} zeros (torchvision's {@code make_grid}).
     */
    public static Tensor grid(Tensor images, int perRow, int padding) {
        if (images.dim() != 4) {
            throw new IllegalArgumentException("grid: expected [N, C, H, W], found " + Arrays.toString(images.shape()));
        }
        int n = images.size(0), c = images.size(1), h = images.size(2), w = images.size(3);
        int cols = Math.min(perRow, n), rows = (n + cols - 1) / cols;
        int gh = rows * (h + padding) + padding, gw = cols * (w + padding) + padding;
        Tensor grid = Tensor.zeros(c, gh, gw);
        for (int i = 0; i < n; i++) {
            int r = i / cols, col = i % cols;
            grid.narrow(1, padding + r * (h + padding), h).narrow(2, padding + col * (w + padding), w)
                    .copyFrom(images.detach().select(0, i));
        }
        return grid;
    }
}
