package dev.tidemark.media;

import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Decoding, scaling and re-encoding images off the FX thread (ImageIO, with the TwelveMonkeys
 * WebP reader). Never changes the stored original.
 *
 * <p>An {@link IOException}'s message is a phrase that follows the file's name, which the caller
 * puts in front ({@code "photo.png " + e.getMessage()}): "could not be read as an image…".
 */
public final class Images {

    /** The words after a file's name when it cannot be opened at all. */
    static final String MISSING = "could not be opened: it is missing or cannot be read.";
    /** The words after an image's name when even a small JPEG of it is over the service's limit. */
    static final String TOO_LARGE = "is too large to send, even scaled down and compressed.";

    /** Below this long side we stop shrinking an image to meet a byte limit. */
    private static final int SMALLEST_SIDE = 64;

    private Images() {
    }

    /** An image as it will be sent or shown. */
    public record Encoded(String mediaType, byte[] bytes, int width, int height) {
    }

    /**
     * The image as a service takes it: the original bytes when it is of an accepted type and within
     * {@code maxLongSide}, {@code maxPixels} and {@code maxBytes}; otherwise decoded, scaled down
     * (keeping its proportions) and re-encoded (PNG, or JPEG when PNG would be over {@code maxBytes}).
     *
     * <p>Details: a JPEG source is re-encoded as JPEG (quality 0.85), never as PNG; JPEG has no
     * alpha, so transparency is put on white. An animated GIF is never sent as is: its first frame
     * is (as PNG), since not every service takes animation. A decoded image much larger than the
     * target is read subsampled. When even the JPEG is over {@code maxBytes}, the image is made
     * smaller in steps of ¾ until it fits.
     *
     * @param accepted the media types the service takes as they are (e.g. WebP only where it is taken)
     * @throws IOException "could not be read as an image…", or "is too large to send…" (follows the name)
     */
    public static Encoded fit(byte[] bytes, String mediaType, int maxLongSide, long maxPixels, long maxBytes,
                              Set<String> accepted) throws IOException {
        try (ImageCodec.Probe probe = ImageCodec.probe(new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)))) {
            int width = probe.width();
            int height = probe.height();
            long pixels = (long) width * height;
            boolean withinSize = Math.max(width, height) <= maxLongSide && pixels <= maxPixels;
            if (accepted.contains(mediaType) && withinSize && bytes.length <= maxBytes && probe.frames() == 1) {
                return new Encoded(mediaType, bytes, width, height);
            }
            double scale = Math.min(1.0, Math.min((double) maxLongSide / Math.max(width, height),
                    Math.sqrt((double) maxPixels / pixels)));
            int[] size = ImageCodec.scaled(width, height, scale);
            int period = ImageCodec.subsampling(width, height, Math.max(size[0], size[1]));
            BufferedImage decoded = ImageCodec.decode(probe, period, null);
            return encode(decoded, size[0], size[1], probe.isJpeg(), maxBytes);
        }
    }

    private static Encoded encode(BufferedImage decoded, int width, int height, boolean jpegSource, long maxBytes)
            throws IOException {
        int w = width;
        int h = height;
        while (true) {
            BufferedImage scaled = ImageCodec.scale(decoded, w, h);
            if (!jpegSource) {
                byte[] png = ImageCodec.png(scaled);
                if (png.length <= maxBytes) {
                    return new Encoded("image/png", png, w, h);
                }
            }
            byte[] jpeg = ImageCodec.jpeg(scaled);
            if (jpeg.length <= maxBytes) {
                return new Encoded("image/jpeg", jpeg, w, h);
            }
            if (Math.max(w, h) <= SMALLEST_SIDE) {
                throw new IOException(TOO_LARGE);
            }
            w = Math.max(1, w * 3 / 4);
            h = Math.max(1, h * 3 / 4);
        }
    }

    /**
     * A PNG thumbnail of an image or a PDF's first page, at most {@code maxSide} pixels on its long
     * side, decoded subsampled (a 20 MB photo is never decoded at full size).
     *
     * <p>{@code cancelled} is checked before and after decoding, and while an image decodes (the
     * reader is aborted). An animated GIF shows its first frame.
     *
     * @throws java.util.concurrent.CancellationException when {@code cancelled} turned true
     */
    public static Encoded thumbnail(Path file, String mediaType, int maxSide, BooleanSupplier cancelled)
            throws IOException {
        checkCancelled(cancelled);
        BufferedImage image;
        int width;
        int height;
        if ("application/pdf".equals(mediaType)) {
            image = Pdfs.firstPage(file, maxSide, cancelled);
            width = image.getWidth();
            height = image.getHeight();
        } else {
            Decoded decoded = decodeForThumbnail(file, maxSide, cancelled);
            image = decoded.image();
            width = decoded.width();
            height = decoded.height();
        }
        int[] size = ImageCodec.within(width, height, maxSide);
        BufferedImage scaled = ImageCodec.scale(image, size[0], size[1]);
        byte[] png = ImageCodec.png(scaled);
        checkCancelled(cancelled);
        return new Encoded("image/png", png, size[0], size[1]);
    }

    /** An image as decoded (perhaps subsampled), and its full size. */
    record Decoded(BufferedImage image, int width, int height) {
    }

    /**
     * The image decoded for a thumbnail of at most {@code maxSide}: subsampled by
     * {@link ImageCodec#subsampling}, computed from the header's size before any pixel is read, so
     * at most about twice {@code maxSide} on its long side.
     */
    static Decoded decodeForThumbnail(Path file, int maxSide, BooleanSupplier cancelled) throws IOException {
        FileImageInputStream input;
        try {
            input = new FileImageInputStream(file.toFile());
        } catch (IOException | SecurityException e) {
            throw new IOException(MISSING, e);
        }
        try (ImageCodec.Probe probe = ImageCodec.probe(input)) {
            int period = ImageCodec.subsampling(probe.width(), probe.height(), maxSide);
            return new Decoded(ImageCodec.decode(probe, period, cancelled), probe.width(), probe.height());
        }
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("thumbnail cancelled");
        }
    }
}
