package dev.cochlea.tensorboard;

import dev.cochlea.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Turns image tensors into pictures for logging: [C, H, W] or [H, W] floats in [0, 1] to a
 * {@link BufferedImage}, and a batch [N, C, H, W] to one grid image (like torchvision's
 * {@code make_grid}).
 *
 * <pre>{@code
 * BufferedImage img = TensorImages.toImage(Tensor.rand(3, 32, 32));
 * Tensor grid = TensorImages.grid(batch, 8, 2);
 * }</pre>
 */
public final class TensorImages {
    private TensorImages() {}

    /** A grey, RGB or RGBA image from [C, H, W] (C = 1, 3, 4) or [H, W]; values are clamped to [0, 1]. */
    public static BufferedImage toImage(Tensor image) {
        Tensor t = image.detach();
        if (t.dim() == 2) t = t.unsqueeze(0);
        int[] s = t.shape();
        if (t.dim() != 3 || !(s[0] == 1 || s[0] == 3 || s[0] == 4)) {
            throw new IllegalArgumentException("image: expected a [C, H, W] tensor with C = 1, 3 or 4, or [H, W], found "
                    + Arrays.toString(image.shape()));
        }
        int c = s[0], h = s[1], w = s[2];
        float[] v = t.toFloatArray();
        int type = c == 1 ? BufferedImage.TYPE_BYTE_GRAY : c == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_INT_ARGB;
        BufferedImage img = new BufferedImage(w, h, type);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                int r = byteOf(v[p]);
                if (c == 1) {
                    img.getRaster().setSample(x, y, 0, r);
                } else {
                    int g = byteOf(v[plane + p]), b = byteOf(v[2 * plane + p]);
                    int a = c == 4 ? byteOf(v[3 * plane + p]) : 255;
                    img.setRGB(x, y, (a << 24) | (r << 16) | (g << 8) | b);
                }
            }
        }
        return img;
    }

    private static int byteOf(float x) {
        float c = Float.isNaN(x) ? 0f : Math.max(0f, Math.min(1f, x));
        return Math.round(c * 255f);
    }

    /** Lays [N, C, H, W] images out in rows of {@code perRow}, separated by {@code padding} zeros. */
    public static Tensor grid(Tensor images, int perRow, int padding) {
        if (images.dim() != 4) {
            throw new IllegalArgumentException("image grid: expected [N, C, H, W], found " + Arrays.toString(images.shape()));
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
