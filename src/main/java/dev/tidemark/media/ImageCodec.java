package dev.tidemark.media;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * ImageIO without its traps, for {@link Images}: streams kept in memory (ImageIO's default caches
 * in temporary files), the size read from the header before any pixel, decoding subsampled, scaling
 * in halving steps with bicubic interpolation, PNG and JPEG (quality 0.85, on white) written.
 */
final class ImageCodec {

    /** The words after a file's name when no reader here can decode it. */
    static final String UNREADABLE = "could not be read as an image: it is damaged, or of a kind Tidemark cannot decode.";

    static final float JPEG_QUALITY = 0.85f;
    /** Opaque white, as an {@code INT_RGB} pixel: what transparency becomes in a JPEG. */
    private static final int WHITE = 0xFFFFFF;

    private ImageCodec() {
    }

    /** A reader positioned on an image's first frame; its format (lower case: png, jpeg, gif, webp, …) and size. */
    record Probe(ImageReader reader, String format, int width, int height) implements AutoCloseable {
        boolean isJpeg() {
            return format.equals("jpeg") || format.equals("jpg");
        }

        /** How many frames (GIF only; 1 for the rest, which we never animate). */
        int frames() throws IOException {
            if (!format.equals("gif")) {
                return 1;
            }
            try {
                return reader.getNumImages(true);
            } catch (IOException | RuntimeException e) {
                return 1; // a damaged trailer: its first frame is what we use anyway
            }
        }

        @Override
        public void close() {
            Object input = reader.getInput();
            reader.dispose();
            if (input instanceof ImageInputStream stream) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // an in-memory or read-only stream: nothing was written
                }
            }
        }
    }

    /** Finds a reader for {@code input} and reads the first frame's size from its header. */
    static Probe probe(ImageInputStream input) throws IOException {
        if (input == null) {
            throw new IOException(UNREADABLE);
        }
        Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
        if (!readers.hasNext()) {
            input.close();
            throw new IOException(UNREADABLE);
        }
        ImageReader reader = readers.next();
        reader.setInput(input, false, true);
        try {
            String format = reader.getFormatName().toLowerCase(Locale.ROOT);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width <= 0 || height <= 0) {
                throw new IOException(UNREADABLE);
            }
            return new Probe(reader, format, width, height);
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            input.close();
            throw new IOException(UNREADABLE, e);
        }
    }

    /**
     * The subsampling period for an image of {@code width}×{@code height} shown at most
     * {@code targetLongSide} on its long side: the largest whole step that still leaves at least
     * twice the target's pixels along the long side (so the final scale has detail to work from), 1
     * when the image is not much larger.
     */
    static int subsampling(int width, int height, int targetLongSide) {
        int longSide = Math.max(width, height);
        return Math.max(1, longSide / (2 * Math.max(1, targetLongSide)));
    }

    /**
     * Decodes the first frame, every {@code period}-th pixel each way; {@code cancelled} (may be
     * null) aborts the reader between rows.
     */
    static BufferedImage decode(Probe probe, int period, BooleanSupplier cancelled) throws IOException {
        ImageReader reader = probe.reader();
        ImageReadParam param = reader.getDefaultReadParam();
        if (period > 1) {
            param.setSourceSubsampling(period, period, 0, 0);
        }
        if (cancelled != null) {
            reader.addIIOReadProgressListener(new Aborter(cancelled));
        }
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw new IOException(UNREADABLE, e);
        }
        if (cancelled != null && cancelled.getAsBoolean()) {
            throw new CancellationException("image decoding cancelled");
        }
        if (image == null) {
            throw new IOException(UNREADABLE);
        }
        return image;
    }

    /** {@code width}×{@code height} scaled by {@code scale} (≤ 1), each side at least 1 px. */
    static int[] scaled(int width, int height, double scale) {
        return new int[] {Math.max(1, (int) Math.floor(width * scale)), Math.max(1, (int) Math.floor(height * scale))};
    }

    /**
     * {@code width}×{@code height} made at most {@code maxSide} on its long side (never larger),
     * rounded to the nearest pixel, each side at least 1 px.
     */
    static int[] within(int width, int height, int maxSide) {
        int longSide = Math.max(width, height);
        if (longSide <= maxSide) {
            return new int[] {width, height};
        }
        double scale = (double) maxSide / longSide;
        return new int[] {Math.max(1, Math.min(maxSide, (int) Math.round(width * scale))),
                Math.max(1, Math.min(maxSide, (int) Math.round(height * scale)))};
    }

    /**
     * {@code source} at exactly {@code width}×{@code height}: halved (bilinear) while it is more than
     * twice as large, then the last step bicubic. The result is {@code INT_ARGB} when the source has
     * alpha, else {@code INT_RGB}.
     */
    static BufferedImage scale(BufferedImage source, int width, int height) {
        int type = source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage current = source;
        int w = source.getWidth();
        int h = source.getHeight();
        if (w == width && h == height && source.getType() == type) {
            return source;
        }
        do {
            int nextWidth = w > 2 * width ? w / 2 : width;
            int nextHeight = h > 2 * height ? h / 2 : height;
            boolean last = nextWidth == width && nextHeight == height;
            BufferedImage next = new BufferedImage(nextWidth, nextHeight, type);
            Graphics2D g = next.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, last
                        ? RenderingHints.VALUE_INTERPOLATION_BICUBIC : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
                g.setRenderingHint(RenderingHints.KEY_ALPHA_INTERPOLATION, RenderingHints.VALUE_ALPHA_INTERPOLATION_QUALITY);
                g.drawImage(current, 0, 0, nextWidth, nextHeight, null);
            } finally {
                g.dispose();
            }
            current = next;
            w = nextWidth;
            h = nextHeight;
        } while (w != width || h != height);
        return current;
    }

    static byte[] png(BufferedImage image) throws IOException {
        return write(image, "png", null);
    }

    /** JPEG at quality 0.85; transparency is composited on white (JPEG has no alpha). */
    static byte[] jpeg(BufferedImage image) throws IOException {
        BufferedImage opaque = image;
        if (image.getType() != BufferedImage.TYPE_INT_RGB) {
            opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            // white first (the pixels themselves: a page's background, not a colour of the theme)
            Arrays.fill(((DataBufferInt) opaque.getRaster().getDataBuffer()).getData(), WHITE);
            Graphics2D g = opaque.createGraphics();
            try {
                g.drawImage(image, 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        return write(opaque, "jpeg", JPEG_QUALITY);
    }

    private static byte[] write(BufferedImage image, String format, Float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (quality != null) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Asks the reader to stop at its next progress report once {@code cancelled} is true. */
    private record Aborter(BooleanSupplier cancelled) implements IIOReadProgressListener {
        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (cancelled.getAsBoolean()) {
                source.abort();
            }
        }

        @Override
        public void sequenceStarted(ImageReader source, int minIndex) {
        }

        @Override
        public void sequenceComplete(ImageReader source) {
        }

        @Override
        public void imageStarted(ImageReader source, int imageIndex) {
        }

        @Override
        public void imageComplete(ImageReader source) {
        }

        @Override
        public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        }

        @Override
        public void thumbnailProgress(ImageReader source, float percentageDone) {
        }

        @Override
        public void thumbnailComplete(ImageReader source) {
        }

        @Override
        public void readAborted(ImageReader source) {
        }
    }
}
