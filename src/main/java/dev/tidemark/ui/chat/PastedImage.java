package dev.tidemark.ui.chat;

import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.PixelReader;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An image from the clipboard as pixels: read on the FX thread (where the clipboard's image
 * lives), encoded to PNG on a worker (encoding a screenshot takes longer than a frame).
 */
final class PastedImage {

    private final int width;
    private final int height;
    private final int[] argb;

    private PastedImage(int width, int height, int[] argb) {
        this.width = width;
        this.height = height;
        this.argb = argb;
    }

    /** On the FX thread: the image's pixels, copied. */
    static PastedImage read(Image image) {
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] pixels = new int[Math.max(0, w * h)];
        PixelReader reader = image.getPixelReader();
        if (reader != null && w > 0 && h > 0) {
            reader.getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), pixels, 0, w);
        }
        return new PastedImage(w, h, pixels);
    }

    /** On a worker: the pixels as a PNG file's bytes. */
    byte[] png() {
        BufferedImage image = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_ARGB);
        if (width > 0 && height > 0) {
            image.setRGB(0, 0, width, height, argb, 0, width);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return out.toByteArray();
    }
}
